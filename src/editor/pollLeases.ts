import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { STATE_KEYS } from './constants';

/**
 * A poll lease lasts this long and is renewed once a third of it has passed. A window that crashed (and so
 * could not hand its leases over) holds its tasks this long at most.
 */
const LEASE_MS = 30_000;

interface Lease {
  owner: string;
  until: number;
}

/**
 * Which window polls a task. Windows share globalState but nothing else, so each task is polled by the window
 * that holds its lease: a short-lived `{ owner, until }` entry in globalState, renewed while it polls.
 */
export class PollLeases {
  /** This window's owner id. */
  private readonly owner = randomBytes(8).toString('hex');

  constructor(private readonly globalState: vscode.Memento) {}

  /**
   * True when another window holds an unexpired lease on the task. Otherwise takes or renews this window's
   * lease; renewals are spaced, so a fast-polled task costs one write per 10 s.
   */
  leasedElsewhere(key: string): boolean {
    const stateKey = STATE_KEYS.leasePrefix + key;
    const lease = this.globalState.get<Partial<Lease>>(stateKey);
    const left = (Number(lease?.until) || 0) - Date.now();
    const ours = lease?.owner === this.owner;
    if (!ours && left > 0) {
      return true;
    }
    if (!ours || left < (2 * LEASE_MS) / 3) {
      const value: Lease = { owner: this.owner, until: Date.now() + LEASE_MS };
      this.globalState.update(stateKey, value).then(undefined, () => undefined);
    }
    return false;
  }

  /** Hands this window's leases over (and sweeps expired ones): after a reload, polling goes on at once. */
  releaseAll(): void {
    for (const stateKey of this.globalState.keys()) {
      const lease = stateKey.startsWith(STATE_KEYS.leasePrefix) ? this.globalState.get<Partial<Lease>>(stateKey) : undefined;
      if (lease && (lease.owner === this.owner || !(Number(lease.until) > Date.now()))) {
        void this.globalState.update(stateKey, undefined);
      }
    }
  }
}
