import type { StatusResponse } from './schemas';
import type { TrackedTask } from './task';

/**
 * The store patch for a status response. A task never moves backwards: a late or replayed answer with less
 * progress than already seen keeps the higher figure, and a final state is never replaced, neither by a
 * running one nor by the other final one (the result already fetched stands).
 */
export function patchFromStatus(current: TrackedTask, status: StatusResponse): Partial<TrackedTask> {
  const currentFinal = current.state === 'COMPLETED' || current.state === 'FAILED';
  if (currentFinal && status.status !== current.state) {
    return { problem: `the server reported ${status.status} after ${current.state}; keeping ${current.state}` };
  }
  const regressed = !currentFinal && current.state === 'RUNNING' && status.status === 'INITIATED';
  const patch: Partial<TrackedTask> = {
    state: regressed ? current.state : status.status,
    progressPercent: status.status === 'COMPLETED' ? 100 : Math.max(current.progressPercent, status.progressPercent),
    startTime: status.startTime ?? current.startTime,
    endTime: status.endTime ?? current.endTime,
    failReason: status.failReason ?? undefined,
    problem: oddFieldsProblem(status),
    paused: undefined,
  };
  if (status.output) {
    patch.output = status.output;
    patch.destination = status.output.destination || current.destination;
  }
  return patch;
}

/**
 * The fields of an answer the user should know were odd (an unknown status, a value that could not be read),
 * in one line for the tooltip; undefined when there were none. The log has each of them in full.
 */
export function oddFieldsProblem(status: StatusResponse): string | undefined {
  const shown = (status.notes ?? []).filter((n) => n.shown);
  if (!shown.length) return undefined;
  const words = shown.slice(0, 2).map((n) => `${n.field} "${n.sent}": ${n.readAs}`);
  const more = shown.length > 2 ? ` (and ${shown.length - 2} more; see the log)` : '';
  return `Central sent ${words.join('; ')}${more}`;
}
