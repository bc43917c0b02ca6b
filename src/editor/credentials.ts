import * as vscode from 'vscode';
import type { Credentials } from '../core/auth';
import { SECRET_KEYS } from './constants';
import { Logger } from './log';

/**
 * Credentials live in SecretStorage only. The cache is dropped whenever SecretStorage reports a change,
 * which it does in every window, so new credentials set in one window resume polling in all of them.
 */
export class CredentialStore implements vscode.Disposable {
  private cached: Promise<Credentials | undefined> | undefined;
  private readonly _onDidChange = new vscode.EventEmitter<void>();
  readonly onDidChange = this._onDidChange.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === SECRET_KEYS.credentials) {
        this.cached = undefined;
        this._onDidChange.fire();
      }
    });
  }

  get(): Promise<Credentials | undefined> {
    this.cached ??= this.read();
    return this.cached;
  }

  async set(credentials: Credentials): Promise<void> {
    this.cached = Promise.resolve(credentials);
    await this.secrets.store(SECRET_KEYS.credentials, JSON.stringify(credentials));
  }

  async clear(): Promise<void> {
    this.cached = Promise.resolve(undefined);
    await this.secrets.delete(SECRET_KEYS.credentials);
  }

  dispose(): void {
    this.subscription.dispose();
    this._onDidChange.dispose();
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
