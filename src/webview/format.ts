/**
 * Words and numbers of the result page: durations, times in the user's locale and zone, counts, the badge and
 * status line of a task state. Pure: no DOM, unit-tested under Node.
 */
import type { TaskView } from '../shared/resultProtocol';

/** e.g. "850 ms", "4 s", "2 min 05 s", "1 h 03 min"; "—" for a negative or unreadable span */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) {
    return '—';
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 60) {
    return `${totalSeconds} s`;
  }
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) {
    return `${totalMinutes} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
  }
  return `${Math.floor(totalMinutes / 60)} h ${String(totalMinutes % 60).padStart(2, '0')} min`;
}

/** A server time in the user's locale and zone, as time of day and date; text that is not a time is shown as it came (date ''). */
export function formatTime(iso: string): { time: string; date: string } {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) {
    return { time: String(iso), date: '' };
  }
  const d = new Date(t);
  return {
    time: d.toLocaleTimeString(undefined, { timeStyle: 'medium' }),
    date: d.toLocaleDateString(undefined, { dateStyle: 'medium' }),
  };
}

const COUNT_FORMAT = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return Number.isFinite(n) ? COUNT_FORMAT.format(n) : '—';
}

/** One sentence, ending with exactly one full stop. */
export function sentence(text: string): string {
  return `${String(text).replace(/[.\s]+$/, '')}.`;
}

export type BadgeTone = 'neutral' | 'running' | 'good' | 'bad';

export interface StateWords {
  badge: string;
  tone: BadgeTone;
  status: string;
}

/** Status line and badge for a task state. */
export function describeState(s: Pick<TaskView, 'state' | 'progressPercent' | 'result'>): StateWords {
  switch (s.state) {
    case 'PENDING':
      return { badge: 'Pending', tone: 'neutral', status: 'Waiting for the first status from Central…' };
    case 'INITIATED':
      return {
        badge: 'Initiated',
        tone: 'running',
        status: 'The gateway accepted the sweep and will start it shortly.',
      };
    case 'RUNNING':
      return {
        badge: `Running ${s.progressPercent}%`,
        tone: 'running',
        status: `Running on the gateway: ${s.progressPercent}% done. The result appears here when the sweep completes.`,
      };
    case 'COMPLETED': {
      const r = s.result;
      return {
        badge: 'Completed',
        tone: 'good',
        status: r
          ? `Completed: ${formatCount(r.replyCount)} replies, ${formatCount(r.timedOutCount)} timed out.`
          : 'Completed.',
      };
    }
    case 'FAILED':
      // The banner says why; a status line would only repeat it.
      return { badge: 'Failed', tone: 'bad', status: '' };
    case 'NOT_FOUND':
      return { badge: 'Not found', tone: 'bad', status: '' };
    default:
      return { badge: String(s.state), tone: 'neutral', status: '' };
  }
}
