/**
 * What Import Recent Tasks shows of each recent ping sweep of a gateway, so that a person can tell them apart:
 * its destination once known (else a short id), status and progress, when it started, whether it is tracked.
 * Pure: the editor layer reads the statuses and shows the pick.
 */
import { inert } from './errors';
import type { StatusResponse } from './schemas';
import type { TrackedTask } from './task';
import { idFragments } from './taskLabels';

/** At most this many statuses are read for one pick (the newest untracked sweeps). */
export const MAX_STATUS_READS = 8;
/** The pick opens after this long even if some reads are still waiting for their turn in the budget. */
export const STATUS_READ_WAIT_MS = 5_000;

/** What is known of one candidate. */
export type CandidateInfo =
  { kind: 'read'; status: StatusResponse } | { kind: 'tracked'; task: TrackedTask } | { kind: 'unread'; why: string };

export interface Candidate {
  taskId: string;
  info: CandidateInfo;
}

export interface CandidateText {
  label: string;
  description: string;
  detail: string;
}

const MAX_REASON = 120;

/**
 * Text from Central made plain for a quick pick, which would draw `$(name)` as an icon and run a sentence of
 * several lines together: inert, one line, `$(` broken by a zero-width space, bounded.
 */
export function pickText(text: string, max = MAX_REASON): string {
  const line = inert(text).replace(/\s+/g, ' ').trim().replace(/\$\(/g, '$\u200b(');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** `12 min ago` for an API time, relative to `now`; the time as sent when it cannot be read. */
export function ago(time: string, now: number): string {
  const at = Date.parse(time);
  if (Number.isNaN(at)) return pickText(time, 40);
  const s = Math.max(0, (now - at) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} days ago`;
}

function stateText(state: string, progress: number): string {
  return state === 'RUNNING' || state === 'INITIATED' ? `${state} ${Math.round(progress)}%` : state.replace('_', ' ');
}

interface Known {
  state?: string;
  progress: number;
  startTime?: string | null;
  destination?: string;
  failReason?: string | null;
}

function known(info: CandidateInfo): Known | undefined {
  if (info.kind === 'read') {
    const s = info.status;
    return {
      state: s.status,
      progress: s.progressPercent,
      startTime: s.startTime,
      destination: s.output?.destination,
      failReason: s.failReason,
    };
  }
  if (info.kind === 'tracked') {
    const t = info.task;
    return {
      state: t.state === 'PENDING' ? undefined : t.state,
      progress: t.progressPercent,
      startTime: t.startTime,
      destination: t.destination,
      failReason: t.failReason,
    };
  }
  return undefined;
}

/** The pick's text for each candidate, in the order given (the gateway's, newest first). */
export function describeCandidates(candidates: readonly Candidate[], now: number): CandidateText[] {
  const fragments = idFragments(candidates.map((c) => c.taskId));
  return candidates.map(({ taskId, info }) => {
    const k = known(info);
    const parts: string[] = [];
    if (!k) parts.push(`status not read: ${info.kind === 'unread' ? pickText(info.why) : ''}`);
    else {
      parts.push(k.state ? stateText(k.state, k.progress) : 'status not known yet');
      if (k.startTime) parts.push(`started ${ago(k.startTime, now)}`);
    }
    if (info.kind === 'tracked') parts.push('already tracked');
    const detail = [`Task ${taskId}`];
    if (k?.startTime) detail.push(`started ${pickText(k.startTime, 40)}`);
    if (k?.failReason) detail.push(`fail reason: ${pickText(k.failReason)}`);
    return {
      label: k?.destination ? pickText(k.destination, 80) : (fragments.get(taskId) ?? taskId),
      description: parts.join(' · '),
      detail: detail.join(' · '),
    };
  });
}
