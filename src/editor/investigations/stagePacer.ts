import type * as vscode from 'vscode';
import type { Clock } from '../../core/clock';
import { FleetPacer } from '../../core/fleet/pacing';

/** What the pacer needs of the window: its clock, its budget, and its polls. */
export interface StagePacerHost {
  clock: Clock;
  requestsPerMinute(): number;
  /** Fires with the time each poll of this window leaves. */
  onDidSendPoll: vscode.Event<number>;
  /** Tells the poll scheduler what it may spend while starts wait. */
  noteRateLimit(window: { remaining: number; resetAt: number }): void;
}

/**
 * Paces the stage starts of this window's investigations inside the request budget the polls use too
 * (`pingSweep.polling.requestsPerMinute`), the way a fleet paces its starts (the same {@link FleetPacer}):
 * one investigation per gateway of a fleet starts its first stages in turn, never in a burst past the budget.
 * Starts take their turn one after another; a start whose signal aborts while it waits gives its turn up.
 */
export class StagePacer implements vscode.Disposable {
  private pacer: FleetPacer | undefined;
  private rpm = 0;
  private tail: Promise<void> = Promise.resolve();
  private readonly polls: vscode.Disposable;

  constructor(private readonly host: StagePacerHost) {
    this.polls = host.onDidSendPoll((now) => {
      const pacer = this.current();
      pacer.pollSent(now);
      if (pacer.pending > 0) host.noteRateLimit(pacer.pollWindow(now));
    });
  }

  /** Resolves when a start may go (and counts it as sent); rejects when `signal` aborts first. */
  turn(signal: AbortSignal): Promise<void> {
    const mine = this.tail.then(() => this.wait(signal));
    this.tail = mine.catch(() => undefined);
    return mine;
  }

  dispose(): void {
    this.polls.dispose();
  }

  /** The pacer of the current budget (a new one when the setting changed). */
  private current(): FleetPacer {
    const rpm = this.host.requestsPerMinute();
    if (!this.pacer || rpm !== this.rpm) {
      this.pacer = new FleetPacer({ requestsPerMinute: rpm });
      this.rpm = rpm;
    }
    return this.pacer;
  }

  private wait(signal: AbortSignal): Promise<void> {
    const { clock } = this.host;
    return new Promise<void>((resolve, reject) => {
      let timer: unknown;
      const onAbort = () => {
        clock.clearTimeout(timer);
        this.pacer?.cancel();
        reject(signal.reason ?? new Error('aborted'));
      };
      const tryNow = () => {
        const pacer = this.current();
        if (pacer.pending === 0) pacer.enqueue(1);
        const now = clock.now();
        const at = pacer.nextStartAt(now);
        if (at > now) {
          timer = clock.setTimeout(tryNow, at - now);
          return;
        }
        signal.removeEventListener('abort', onAbort);
        pacer.startSent(now);
        this.host.noteRateLimit(pacer.pollWindow(now));
        resolve();
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      tryNow();
    });
  }
}
