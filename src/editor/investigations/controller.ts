import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { PathMtuInput, conclusionOf, createRunState, headline } from '../../core/pathMtu';
import { sweepSeed } from '../../core/pathMtu/seed';
import { parseTaskKey } from '../../core/task';
import { groupIdOf } from '../groups/groups';
import { Disposable } from '../platform/lifecycle';
import type { Services } from '../services';
import { scriptQuestion } from '../../core/pathMtu/scriptInput';
import { type RangeSteps, askQuestion } from './command';
import { findPathMtuOnEach } from './eachGateway';
import { InvestigationDriver, runStateOf } from './driver';
import { PathMtuPanels } from './panel';
import type { InvestigationGroups, Investigations, PathMtuOutcome } from './types';

const ELSEWHERE = 'Ping Sweep: this investigation is driven in another window; Retry or Stop it there.';

/** A new investigation id: time and randomness, within the run state's id rules. */
function newId(now: number): string {
  return `pmtu-${now.toString(36)}-${randomBytes(4).toString('hex')}`;
}

/**
 * The investigations of this window: Find Path MTU and Refine around the boundary start them, the driver runs
 * them (in the window that holds each one's lease), and their pages show them. Bundled apart and loaded on
 * first use (see lazyInvestigations.ts).
 */
export class InvestigationController extends Disposable implements Investigations {
  readonly driver: InvestigationDriver;
  readonly panels: PathMtuPanels;

  constructor(
    private readonly s: Services,
    private readonly groups: InvestigationGroups,
  ) {
    super();
    this.driver = this._register(new InvestigationDriver(s, groups));
    const actions = { retry: (id: string) => void this.retry(id), stop: (id: string) => void this.stop(id) };
    this.panels = this._register(new PathMtuPanels(s.context.extensionUri, groups, s.store, actions, s.log));
    // Loaded on first use, after activation: it is disposed with the extension from here.
    s.context.subscriptions.push(this);
  }

  async findPathMtu(serial?: unknown, destination?: unknown, options?: unknown): Promise<string | undefined> {
    if (serial === undefined && destination === undefined && options === undefined) {
      const input = await askQuestion(this.s);
      return input && this.startOrSay(input);
    }
    const started = this.startScripted(serial, destination, options);
    return 'error' in started ? this.refuse(started.error) : started.id;
  }

  async solve(serial: unknown, destination: unknown, options: unknown): Promise<PathMtuOutcome> {
    const started = this.startScripted(serial, destination, options);
    if ('error' in started) throw new Error(`Find Path MTU not started: ${started.error}`);
    return this.outcome(started.id);
  }

  private startScripted(serial: unknown, destination: unknown, options: unknown): { id: string } | { error: string } {
    const question = scriptQuestion(serial, destination, options);
    return 'error' in question ? question : this.begin(question.input);
  }

  /** Starts an investigation (this window drives it) and opens its page unless told not to. */
  begin(input: PathMtuInput, open = true): { id: string } | { error: string } {
    const now = this.s.clock.now();
    const id = newId(now);
    const created = createRunState({ ...input, id }, now);
    if ('error' in created) return created;
    this.groups.create('investigation', id, created.state);
    this.s.log.info('pathMtu', `started ${id}: ${input.serial} to ${input.destination}`);
    void this.s.recents.useSerial(created.state.serial);
    if (open) this.panels.open(id);
    return { id };
  }

  onEachGateway(serials: readonly string[], question?: unknown, steps?: RangeSteps): Promise<string[] | undefined> {
    return findPathMtuOnEach(
      this.s,
      { groups: this.groups, begin: (i, o) => this.begin(i, o) },
      serials,
      question,
      steps,
    );
  }

  async refine(arg: unknown): Promise<string | undefined> {
    const taskKey = typeof arg === 'string' ? arg : '';
    // A result kept in its file is read first.
    if (this.s.store.get(taskKey)?.resultStored) await this.s.results.whenLoaded(taskKey);
    const task = this.s.store.get(taskKey);
    const seed = task?.state === 'COMPLETED' ? sweepSeed(task.output) : undefined;
    const parts = parseTaskKey(taskKey);
    if (!task || !seed || !parts || !task.destination) {
      void vscode.window.showErrorMessage(
        `Ping Sweep: cannot refine "${taskKey || typeof arg}": expected a completed sweep whose answers show a boundary (a size that answered and a larger one that did not).`,
      );
      return undefined;
    }
    const { start, end, plan, sizes } = seed;
    return this.startOrSay({
      serial: parts.serial,
      destination: task.destination,
      start,
      end,
      seed: [{ plan, sizes, task: taskKey }],
    });
  }

  open(arg: unknown): void {
    const id = this.investigationOf(arg);
    if (id) this.panels.open(id);
  }

  async retry(arg: unknown): Promise<void> {
    const id = this.investigationOf(arg);
    if (id && !(await this.driver.retry(id))) void vscode.window.showWarningMessage(ELSEWHERE);
  }

  async stop(arg: unknown): Promise<void> {
    const id = this.investigationOf(arg);
    if (id && !(await this.driver.stop(id))) void vscode.window.showWarningMessage(ELSEWHERE);
  }

  restore(panel: vscode.WebviewPanel, state: unknown): void {
    this.panels.restore(panel, state);
  }

  outcome(id: string): Promise<PathMtuOutcome> {
    return new Promise<PathMtuOutcome>((resolve, reject) => {
      const check = (): boolean => {
        const state = runStateOf(this.groups.get(id));
        if (!state) reject(new Error(`Investigation ${id} is no longer kept.`));
        else if (state.phase === 'paused') reject(new Error(state.pause?.reason ?? 'The investigation paused.'));
        else if (state.phase === 'done' || state.phase === 'stopped') {
          const conclusion = conclusionOf(state);
          resolve({ id, phase: state.phase, headline: headline(state), ...(conclusion ? { conclusion } : {}) });
        } else return false;
        return true;
      };
      if (check()) return;
      const sub = this.groups.onDidChange((e) => {
        if ((e.changed.includes(id) || e.removed.includes(id)) && check()) sub.dispose();
      });
    });
  }

  /** The investigation a command was given (its id or tree element), or undefined after saying what is expected. */
  private investigationOf(arg: unknown): string | undefined {
    const id = typeof arg === 'string' ? (groupIdOf(arg) ?? arg) : undefined;
    if (id !== undefined && runStateOf(this.groups.get(id))) return id;
    void vscode.window.showErrorMessage(
      `Ping Sweep: no investigation "${String(id ?? typeof arg).slice(0, 120)}". Expected an investigation's id or its item in Tracked Tasks.`,
    );
    return undefined;
  }

  private startOrSay(input: PathMtuInput): string | undefined {
    const started = this.begin(input);
    return 'error' in started ? this.refuse(started.error) : started.id;
  }

  private refuse(error: string): undefined {
    void vscode.window.showErrorMessage(`Ping Sweep: Find Path MTU not started: ${error}`);
    return undefined;
  }
}
