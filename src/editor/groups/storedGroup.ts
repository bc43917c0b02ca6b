import type { GroupKind, GroupRecord } from './types';

/** A removed group: kept a while so that a window that had not heard of the removal drops it, not writes it back. */
export interface GroupTombstone {
  removedAt: number;
}

/** How long a group's tombstone is kept. */
export const GROUP_TOMBSTONE_MS = 7 * 24 * 3600_000;

const KINDS: readonly GroupKind[] = ['investigation', 'fleet'];

/**
 * Reads a stored group entry, whatever another version or a damaged profile left there: a record, a
 * tombstone, or undefined for anything else (it is ignored, never a crash).
 */
export function readStoredGroup(id: string, value: unknown): GroupRecord | GroupTombstone | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const v = value as Record<string, unknown>;
  if (typeof v.removedAt === 'number' && Number.isFinite(v.removedAt)) {
    return { removedAt: v.removedAt };
  }
  const ok =
    v.id === id &&
    KINDS.includes(v.kind as GroupKind) &&
    typeof v.addedAt === 'number' &&
    Number.isFinite(v.addedAt) &&
    typeof v.updatedAt === 'number' &&
    Number.isFinite(v.updatedAt) &&
    'state' in v;
  return ok
    ? { id, kind: v.kind as GroupKind, addedAt: v.addedAt as number, updatedAt: v.updatedAt as number, state: v.state }
    : undefined;
}

/** True when two states would be stored alike: an update that changes nothing writes nothing. */
export function sameState(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
