import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';
import type { Clock } from '../../core/clock';
import { STATE_KEYS } from '../platform/constants';

/** As long as a task's poll lease: a window that crashed holds its groups this long at most. */
const LEASE_MS = 30_000;

interface Lease {
  owner: string;
  until: number;
}

/**
 * Which window drives a group: a short-lived `{ owner, until }` entry in globalState, like the poll leases of
 * tasks. The holder renews it on a timer (see Groups); a window that closes hands it over, one that crashes
 * holds it until it runs out.
 */
export class GroupLeases {
  readonly owner = randomBytes(8).toString('hex');

  constructor(
    private readonly memento: vscode.Memento,
    private readonly clock: Clock,
    readonly leaseMs: number = LEASE_MS,
  ) {}

  /**
   * Until when another window holds a live lease on the group; undefined when none does. A lease that claims
   * more than its length ahead (written before the clock went back, or damaged) holds nothing.
   */
  heldElsewhere(id: string): number | undefined {
    const lease = this.memento.get<Partial<Lease>>(this.key(id));
    const until = Number(lease?.until) || 0;
    const now = this.clock.now();
    const live = until > now && until <= now + this.leaseMs * 1.5;
    return lease && lease.owner !== this.owner && live ? until : undefined;
  }

  /** Takes or renews the lease: the caller checked that no other window holds it. */
  take(id: string): void {
    const value: Lease = { owner: this.owner, until: this.clock.now() + this.leaseMs };
    this.memento.update(this.key(id), value).then(undefined, () => undefined);
  }

  /** Hands the lease over, if it is still this window's. */
  release(id: string): void {
    if (this.memento.get<Partial<Lease>>(this.key(id))?.owner === this.owner) {
      this.memento.update(this.key(id), undefined).then(undefined, () => undefined);
    }
  }

  private key(id: string): string {
    return `${STATE_KEYS.leasePrefix}group:${id}`;
  }
}
