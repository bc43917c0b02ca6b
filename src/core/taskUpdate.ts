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
    problem: undefined,
    paused: undefined,
  };
  if (status.output) {
    patch.output = status.output;
    patch.destination = status.output.destination || current.destination;
  }
  return patch;
}
