import type * as vscode from 'vscode';
import type { Clock } from '../../core/clock';
import type { Logger } from '../platform/log';
import { GroupLeases } from './groupLeases';
import type { GroupKind, GroupKindHandler, GroupRecord } from './types';

/** What the drives need of the group store (see Groups). */
export interface DriveHost {
  readonly memento: vscode.Memento;
  readonly clock: Clock;
  readonly log: Logger;
  all(): GroupRecord[];
  get(id: string): GroupRecord | undefined;
  handler(kind: GroupKind): GroupKindHandler | undefined;
  isFinished(record: GroupRecord): boolean;
  /** Takes what other windows wrote; `false`: without considering drives again. */
  reload(considerAfter: boolean): void;
}

/**
 * Which groups this window drives: an unfinished group is driven (its kind's runner run) by the window that
 * holds its lease. Loaded only once a group needs driving (a bundle of its own, see esbuild.js): a session
 * that never runs an investigation or a fleet does not pay for it.
 */
export class GroupDrives implements vscode.Disposable {
  private readonly drives = new Map<string, vscode.Disposable>();
  private readonly leases: GroupLeases;
  private timer: unknown;
  private disposed = false;

  constructor(
    private readonly host: DriveHost,
    leaseMs?: number,
  ) {
    this.leases = new GroupLeases(host.memento, host.clock, leaseMs);
  }

  has(id: string): boolean {
    return this.drives.has(id);
  }

  considerAll(): void {
    for (const record of this.host.all()) this.consider(record.id);
    this.arm();
  }

  /** Drives the group here if it is unfinished, its kind is known, and no other window holds its lease. */
  consider(id: string): void {
    const record = this.host.get(id);
    const handler = record && this.host.handler(record.kind);
    if (this.disposed || !record || !handler || this.drives.has(id) || this.host.isFinished(record)) return;
    if (this.leases.heldElsewhere(id) === undefined) {
      this.leases.take(id);
      try {
        this.drives.set(id, handler.drive(record));
        this.host.log.info('groups', `driving ${record.kind} ${id} in this window`);
      } catch (err) {
        this.leases.release(id);
        this.host.log.error('groups', `could not resume ${record.kind} ${id}`, err);
      }
    }
    this.arm();
  }

  /** Stops driving here (the group finished, was removed, or another window took it) and hands the lease over. */
  stop(id: string): void {
    const drive = this.drives.get(id);
    if (!drive) return;
    this.drives.delete(id);
    this.leases.release(id);
    try {
      drive.dispose();
    } catch (err) {
      this.host.log.error('groups', `could not stop driving ${id}`, err);
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.host.clock.clearTimeout(this.timer);
    this.timer = undefined;
    [...this.drives.keys()].forEach((id) => this.stop(id));
  }

  /** Every third of a lease: renews the leases held, reads what other windows wrote, takes over freed groups. */
  private tick(): void {
    this.timer = undefined;
    for (const id of [...this.drives.keys()]) {
      if (this.leases.heldElsewhere(id) !== undefined) {
        this.stop(id); // another window took it while this one was asleep past its lease
      } else {
        this.leases.take(id);
      }
    }
    this.host.reload(false);
    this.considerAll();
  }

  /** One timer while anything is driven here or waits on another window's lease. */
  private arm(): void {
    if (this.timer !== undefined || this.disposed) return;
    const waiting = this.host.all().some((r) => !this.drives.has(r.id) && !this.host.isFinished(r));
    if (this.drives.size > 0 || waiting) {
      this.timer = this.host.clock.setTimeout(() => this.tick(), this.leases.leaseMs / 3);
    }
  }
}
