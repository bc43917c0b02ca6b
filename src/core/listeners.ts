/** Returned by `on*` methods; call `dispose` to stop listening (the shape of a VS Code Disposable). */
export interface Subscription {
  dispose(): void;
}

/**
 * A set of listeners for one event. A throwing listener neither stops the others nor reaches the emitter,
 * whose own state must stay consistent; it is reported to `onListenerError` instead.
 */
export class Listeners<A extends unknown[]> {
  private readonly set = new Set<(...args: A) => void>();
  private closed = false;

  constructor(private readonly onListenerError?: (err: unknown) => void) {}

  add(listener: (...args: A) => void): Subscription {
    if (!this.closed) this.set.add(listener);
    return { dispose: () => void this.set.delete(listener) };
  }

  /** Calls every listener; stops early once {@link close} has been called (by a listener, say). */
  emit(...args: A): void {
    for (const listener of [...this.set]) {
      if (this.closed) return;
      try {
        listener(...args);
      } catch (err) {
        this.onListenerError?.(err);
      }
    }
  }

  /** Forgets every listener and refuses new ones. */
  close(): void {
    this.closed = true;
    this.set.clear();
  }
}
