import { TrackedTask, isFinal } from '../../core/task';

// How a tracked task reads to the user, and the few questions about its state the views and the monitor ask.

/** The state as the tree, prompts and notifications show it: `RUNNING 40%`, `FAILED · stopped: retry`. */
export function describeState(task: TrackedTask): string {
  const base =
    task.state === 'NOT_FOUND'
      ? 'NOT FOUND'
      : task.state === 'RUNNING' || task.state === 'INITIATED'
        ? `${task.state} ${Math.round(task.progressPercent)}%`
        : task.state;
  if (task.paused === 'credentials') {
    return `${base} · paused: credentials`;
  }
  if (task.paused === 'failures') {
    return `${base} · stopped: retry`;
  }
  if (task.paused === 'forbidden') {
    return `${base} · stopped: no access`;
  }
  return task.problem ? `${base} · ⚠` : base;
}

/** Polled and not yet finished (a paused task does not count). */
export function isRunning(task: TrackedTask): boolean {
  return (
    (task.state === 'PENDING' || task.state === 'INITIATED' || task.state === 'RUNNING') && task.paused === undefined
  );
}

/** Finished, with whatever result it will ever have: never asked again unless the user asks. */
export function isDone(task: TrackedTask): boolean {
  return isFinal(task.state) && (task.state !== 'COMPLETED' || task.output !== undefined || task.resultStored === true);
}
