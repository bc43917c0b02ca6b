import type * as vscode from 'vscode';
import type { PathMtuConclusion } from '../../core/pathMtu/types';
import type { GroupKind, GroupKindHandler, GroupRecord, GroupStoreChange } from '../groups/types';

/** What investigations need of the task groups' store. */
export interface InvestigationGroups {
  register(kind: GroupKind, handler: GroupKindHandler): void;
  readonly onDidChange: vscode.Event<GroupStoreChange>;
  get(id: string): GroupRecord | undefined;
  create(kind: GroupKind, id: string, state: unknown): GroupRecord;
  update(id: string, state: unknown): void;
}

/** What a script may pass to Find Path MTU after the serial and the destination. */
export interface FindPathMtuOptions {
  start?: number;
  end?: number;
  cycles?: number;
}

/** What a script learns when an investigation ends: its phase and, when the answers allow one, the conclusion. */
export interface PathMtuOutcome {
  id: string;
  phase: 'done' | 'stopped';
  conclusion?: PathMtuConclusion;
  /** The conclusion's sentence, or what a stopped run found. */
  headline: string;
}

/** The investigations of this window, as commands, the result view and the API use them. Arguments come from menus, pages and scripts: each is checked. */
export interface Investigations extends vscode.Disposable {
  /** The investigation kind of task group. */
  readonly driver: GroupKindHandler;
  /** Asks (or takes from a script) the question, starts the investigation and opens its page: its id. */
  findPathMtu(serial?: unknown, destination?: unknown, options?: unknown): Promise<string | undefined>;
  /** For the API: starts the investigation a script asked for and resolves once it is done or stopped; rejects when refused or paused. */
  solve(serial: unknown, destination: unknown, options: unknown): Promise<PathMtuOutcome>;
  /**
   * Find Path MTU on each of several gateways (from Start Sweep on Several Gateways): one investigation per
   * gateway, their starts paced inside the request budget, the refused gateways named in one message.
   * `question` is a script's `{ destination, start?, end?, cycles? }`; without it the boxes ask, at `steps`.
   */
  onEachGateway(
    serials: readonly string[],
    question?: unknown,
    steps?: { title: string; firstStep: number; totalSteps: number },
  ): Promise<string[] | undefined>;
  /** Starts an investigation seeded with a completed sweep's answers (its task key): its id. */
  refine(taskKey: unknown): Promise<string | undefined>;
  /** Opens (or reveals) the page of an investigation: its id or its tree element. */
  open(id: unknown): void;
  retry(id: unknown): Promise<void>;
  stop(id: unknown): Promise<void>;
  /** Takes over a page VS Code restored after a reload. */
  restore(panel: vscode.WebviewPanel, state: unknown): void;
}
