/**
 * Requests that are not a task's poll (a look-up a person asked for, such as the statuses Import Recent Tasks
 * shows), waiting for a turn in the pollers' request budget. The scheduler serves them first come, first served,
 * ahead of polls that are due, and counts each against the same per-minute cap and burst: polls and look-ups
 * together never exceed the budget, and a busy poller cannot starve a person's look-up.
 */
import { ApiError } from '../errors';

interface Waiter {
  start(): void;
  fail(err: ApiError): void;
}

/** Look-ups waiting for their turn, oldest first. */
export class LookUpQueue {
  private readonly waiting: Waiter[] = [];

  get size(): number {
    return this.waiting.length;
  }

  /**
   * Queues `request`; it runs when {@link startNext} reaches it. Rejects with an `aborted` ApiError, having sent
   * nothing, when `signal` aborts first or the queue is closed.
   */
  add<T>(request: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new ApiError('aborted', 'the request was given up before its turn'));
        return;
      }
      const controller = new AbortController();
      const onAbort = () => {
        controller.abort();
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) {
          this.waiting.splice(at, 1);
          reject(new ApiError('aborted', 'the request was given up before its turn'));
        }
      };
      const waiter: Waiter = {
        start: () => {
          let answer: Promise<T>;
          try {
            answer = request(controller.signal);
          } catch (err) {
            answer = Promise.reject(err);
          }
          answer.then(resolve, reject).finally(() => signal?.removeEventListener('abort', onAbort));
        },
        fail: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** Sends the oldest waiting look-up (the caller has taken its place in the budget). */
  startNext(): void {
    this.waiting.shift()?.start();
  }

  /** Gives up every waiting look-up. */
  closeAll(): void {
    for (const waiter of this.waiting.splice(0)) {
      waiter.fail(new ApiError('aborted', 'polling stopped before the request had its turn'));
    }
  }
}
