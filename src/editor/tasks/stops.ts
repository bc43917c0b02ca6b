import { executeCommand } from '../platform/commands';
import type { StopReason } from '../../core/polling/timing';
import { TrackedTask, TaskPauseReason, isFinal } from '../../core/task';
import { ErrorFunnel } from '../platform/errorFunnel';
import { Logger } from '../platform/log';
import { TaskStore } from './taskStore';

/** What the monitor lends to {@link handleStop}. */
export interface StopContext {
  store: TaskStore;
  funnel: ErrorFunnel;
  log: Logger;
  giveUpAfterMs(): number;
  /** Polls again the tasks paused for `reason` (only those `which` accepts, when given). */
  resumePaused(reason: TaskPauseReason, which?: (task: TrackedTask) => boolean): void;
  /** Announces that polling saw the task reach a final state. */
  finished(key: string): void;
}

/** New credentials: the tasks they paused go on, and so do those of gateways the old ones could not reach. */
export function resumeWithNewCredentials(ctx: StopContext): void {
  ctx.funnel.resolved('auth');
  for (const task of ctx.store.all()) {
    if (task.paused === 'forbidden') {
      ctx.funnel.resolved(forbiddenMessageId(task.serial));
    }
  }
  ctx.resumePaused('credentials');
  ctx.resumePaused('forbidden');
}

/** The funnel's id of the message about a gateway the credentials may not reach. */
export function forbiddenMessageId(serial: string): string {
  return `forbidden:${serial}`;
}

/** What it means for a task that the poller stopped polling it, told to the store and, once, to the user. */
export function handleStop(ctx: StopContext, key: string, reason: StopReason): void {
  const task = ctx.store.get(key);
  if (!task) {
    return;
  }
  switch (reason) {
    case 'notFound':
      notFound(ctx, key, task);
      break;
    case 'unauthorized':
      ctx.store.update(key, { paused: 'credentials' });
      ctx.funnel.showOnce('auth', 'Ping Sweep: Central refused the credentials, or none are set. Polling is paused.', [
        { title: 'Set Credentials', run: () => executeCommand('pingSweep.setCredentials') },
      ]);
      break;
    case 'forbidden':
      forbidden(ctx, key, task);
      break;
    case 'failures':
    case 'gaveUp': {
      const problem =
        reason === 'gaveUp'
          ? `gave up waiting: no change for ${Math.round(ctx.giveUpAfterMs() / 60_000)} min`
          : `stopped after repeated failures: ${task.problem ?? 'no answer'}`;
      ctx.store.update(key, { paused: 'failures', problem });
      // One message however many tasks stop: they stop for the same reason, and Retry resumes them all.
      ctx.funnel.showOnce('stopped', `Ping Sweep: ${label(task)} ${problem}`, [
        { title: 'Retry', run: () => ctx.resumePaused('failures') },
      ]);
      break;
    }
    default:
      break;
  }
}

/**
 * A 404. An unfinished task is gone: NOT FOUND, announced. A finished one never changes state (Central expires
 * old tasks; the result fetched earlier stands): a note in its tooltip and the log. One already NOT FOUND was
 * announced by the window that polled it (this one reads its results): nothing more to say.
 */
function notFound(ctx: StopContext, key: string, task: TrackedTask): void {
  if (task.state === 'NOT_FOUND') {
    ctx.store.update(key, { problem: undefined });
    return;
  }
  if (isFinal(task.state)) {
    const kept = task.output ? 'the result shown was fetched before' : `${task.state} is the last state it reported`;
    const note = `Central no longer knows this task (404), perhaps expired; ${kept}`;
    ctx.log.info('monitor', `${key}: ${note}`);
    // A completed task without its result (a stored result that could not be read) says so, in the view too.
    const lost = task.state === 'COMPLETED' && !task.output && !task.resultStored;
    const problem = lost
      ? 'its result is not stored here and Central no longer has it (404): it cannot be shown'
      : undefined;
    ctx.store.update(key, { note, problem });
    return;
  }
  ctx.store.update(key, { state: 'NOT_FOUND', problem: undefined });
  ctx.finished(key);
}

/**
 * A 403: the credentials work but may not reach this gateway. Only the task stops (tasks of other gateways
 * go on), with one message per gateway; Retry asks again for that gateway's tasks, and so do new credentials.
 */
function forbidden(ctx: StopContext, key: string, task: TrackedTask): void {
  const serial = task.serial;
  ctx.store.update(key, { paused: 'forbidden' });
  ctx.funnel.showOnce(
    forbiddenMessageId(serial),
    `Ping Sweep: the credentials lack access to gateway ${serial} (403). Its tasks stopped; tasks of other gateways go on.`,
    [{ title: 'Retry', run: () => ctx.resumePaused('forbidden', (t) => t.serial === serial) }],
  );
}

function label(task: TrackedTask): string {
  return task.destination ? `sweep to ${task.destination}` : `task ${task.taskId}`;
}
