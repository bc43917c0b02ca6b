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

/** The investigations of this window, as commands, the result view and the API use them. */
export interface Investigations {
  /** Asks (or takes from a script) the question, starts the investigation and opens its page: its id. */
  findPathMtu(serial?: unknown, destination?: unknown, options?: unknown): Promise<string | undefined>;
  /** Starts the investigation a script asked for, without prompts or messages: its id, or what is wrong. */
  startScripted(serial: unknown, destination: unknown, options: unknown): { id: string } | { error: string };
  /** Starts an investigation seeded with a completed sweep's answers: its id. */
  refine(taskKey: string): string | undefined;
  /** Opens (or reveals) the page of an investigation. */
  open(id: string): void;
  retry(id: string): Promise<void>;
  stop(id: string): Promise<void>;
  /** Resolves when the investigation is done or stopped; rejects with the reason when it pauses. */
  outcome(id: string): Promise<PathMtuOutcome>;
}
