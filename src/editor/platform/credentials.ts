import * as vscode from 'vscode';
import { Clock, systemClock } from '../../core/clock';
import type { Credentials } from '../../core/auth';
import { describeError } from '../../core/errors';
import { SECRET_KEYS } from './constants';
import { Logger } from './log';

/** After a failed read of SecretStorage (a locked keyring), the next waits this long, doubling up to the most. */
const RETRY_FIRST_MS = 1_000;
const RETRY_MOST_MS = 30_000;

/**
 * Credentials live in SecretStorage only. The cache is dropped whenever SecretStorage reports a change,
 * which it does in every window, so new credentials set in one window resume polling in all of them.
 *
 * A read that fails (a locked OS keyring) is not kept for good: the next need reads again after a short wait
 * (doubling while it keeps failing, so a locked keyring is not asked over and over), and any change that
 * SecretStorage reports (it answers again) reads again at once.
 */
export class CredentialStore implements vscode.Disposable {
  private cached: Promise<Credentials | undefined> | undefined;
  private failed: { retryAt: number; waitMs: number } | undefined;
  private readonly _onDidChange = new vscode.EventEmitter<void>();
  readonly onDidChange = this._onDidChange.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
    private readonly clock: Clock = systemClock,
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === SECRET_KEYS.credentials || this.failed) {
        this.cached = undefined;
        this.failed = undefined;
        this._onDidChange.fire();
      }
    });
  }

  get(): Promise<Credentials | undefined> {
    if (!this.cached || (this.failed && this.clock.now() >= this.failed.retryAt)) {
      if (this.failed) {
        this.failed = { ...this.failed, retryAt: Infinity }; // one read at a time
      }
      const reading = this.read().then(
        (creds) => {
          if (this.cached === reading) {
            this.failed = undefined;
          }
          return creds;
        },
        (err: unknown) => {
          throw this.readFailed(reading, err);
        },
      );
      this.cached = reading;
    }
    return this.cached;
  }

  async set(credentials: Credentials): Promise<void> {
    this.failed = undefined;
    this.cached = Promise.resolve(credentials);
    await this.secrets.store(SECRET_KEYS.credentials, JSON.stringify(credentials));
  }

  async clear(): Promise<void> {
    this.failed = undefined;
    this.cached = Promise.resolve(undefined);
    await this.secrets.delete(SECRET_KEYS.credentials);
  }

  dispose(): void {
    this.subscription.dispose();
    this._onDidChange.dispose();
  }

  /** Notes a failed read (unless newer credentials replaced it meanwhile) and words it for the user. */
  private readFailed(reading: Promise<unknown>, err: unknown): Error {
    if (this.cached === reading) {
      const waitMs = this.failed ? Math.min(RETRY_MOST_MS, this.failed.waitMs * 2) : RETRY_FIRST_MS;
      this.failed = { retryAt: this.clock.now() + waitMs, waitMs };
      this.log.warn(
        'auth',
        `SecretStorage could not be read; trying again in ${waitMs / 1000} s at the next need: ${describeError(err)}`,
      );
    }
    return new Error(`The OS secret storage could not be read (is the keyring locked?): ${describeError(err)}`, {
      cause: err,
    });
  }

  private async read(): Promise<Credentials | undefined> {
    const raw = await this.secrets.get(SECRET_KEYS.credentials);
    if (!raw) {
      return undefined;
    }
    try {
      const value = JSON.parse(raw) as Partial<Credentials>;
      if (value.kind === 'token' && typeof value.token === 'string' && value.token) {
        return { kind: 'token', token: value.token };
      }
      if (
        value.kind === 'client' &&
        typeof value.clientId === 'string' &&
        typeof value.clientSecret === 'string' &&
        value.clientId &&
        value.clientSecret
      ) {
        return { kind: 'client', clientId: value.clientId, clientSecret: value.clientSecret };
      }
    } catch {
      // fall through: never log the raw value, it may hold a secret
    }
    this.log.warn('auth', 'stored credentials are unreadable; set them again');
    return undefined;
  }
}
