/**
 * Which tasks Compare Results compares, and what the compare page is sent. Pure (no `vscode` import): the
 * command and the panel pass the store's lookup in, and the unit tests pass their own.
 */
import { compareSweeps } from '../../core/compare';
import { inert } from '../../core/errors';
import { isValidTaskKey, TrackedTask } from '../../core/task';
import { taskLabels } from '../../core/taskLabels';
import { MAX_COMPARED, type ComparePageState, restoreCompareView } from '../../shared/compareProtocol';
import { describeState } from '../ui/taskText';

export type TaskLookup = (key: string) => TrackedTask | undefined;

/** What every refusal starts with. */
export const NEEDS_TWO = 'Ping Sweep: Compare Results needs two or more completed sweeps';
/** Most tasks named in one message; the rest are counted. */
const NAMED = 5;
/** Longest key quoted back as it was given (a script may pass anything). */
const QUOTED = 80;

/** Completed with a result: the only tasks a comparison takes. */
export function isComparable(task: TrackedTask | undefined): task is TrackedTask {
  return task !== undefined && task.state === 'COMPLETED' && task.output !== undefined;
}

export { givenKeys } from '../commands/given';

export interface CompareSelection {
  /** the completed tasks to compare, in the order given, each once */
  keys: string[];
  /** a refusal: nothing is compared */
  problem?: string;
  /** what was left out, said once while the others are compared */
  notice?: string;
}

/** A task as a message names it; inert, since the destination comes from Central and a key from anyone. */
function nameOf(key: string, task: TrackedTask | undefined): string {
  const oneLine = (text: string) => inert(text).replace(/\s+/g, ' ');
  if (!task) return `"${oneLine(key.length > QUOTED ? `${key.slice(0, QUOTED)}…` : key)}" (not tracked)`;
  // The tree's label: the destination once known, else the gateway and the start of the task id.
  const label = task.destination ? `${task.destination} on ${task.serial}` : taskLabels([task]).get(key);
  return `${oneLine(label ?? key)} (${describeState(task)})`;
}

function listed(names: string[]): string {
  const more = names.length - NAMED;
  return names.slice(0, NAMED).join(', ') + (more > 0 ? ` and ${more} more` : '');
}

/** Splits what was given into the completed tasks and the rest, with the one message the person sees. */
export function selectForCompare(given: readonly unknown[], lookup: TaskLookup): CompareSelection {
  const keys: string[] = [];
  const left: string[] = [];
  const seen = new Set<string>();
  for (const item of given) {
    const key = typeof item === 'string' ? item : String(typeof item);
    if (seen.has(key)) continue;
    seen.add(key);
    const task = typeof item === 'string' ? lookup(item) : undefined;
    if (isComparable(task)) keys.push(key);
    else left.push(nameOf(key, task));
  }
  const leftOut = left.length ? `left out, not completed: ${listed(left)}.` : '';
  if (keys.length < 2) {
    const found = keys.length === 0 ? 'none was given' : 'only one was given';
    return { keys: [], problem: `${NEEDS_TWO}; ${found}${leftOut ? `; ${leftOut}` : '.'}` };
  }
  if (keys.length > MAX_COMPARED) {
    return {
      keys: [],
      problem: `Ping Sweep: Compare Results takes at most ${MAX_COMPARED} sweeps at once; ${keys.length} were given.`,
    };
  }
  return { keys, notice: leftOut ? `Ping Sweep: compared ${keys.length} sweeps; ${leftOut}` : undefined };
}

/** What the page shows for these keys now: the tasks still tracked and completed side by side, else why not. */
export function compareState(keys: readonly string[], lookup: TaskLookup): ComparePageState {
  const tasks = keys.map((key) => ({ key, task: lookup(key) })).filter((e) => isComparable(e.task));
  const result = compareSweeps(
    tasks.map(({ key, task }) => ({
      key,
      serial: task!.serial,
      destination: task!.destination,
      startTime: task!.startTime,
      output: task!.output!,
    })),
  );
  if ('error' in result) {
    const message =
      keys.length === 0
        ? 'This comparison could not be restored: it names no sweep. Run Ping Sweep: Compare Results… again.'
        : `Only ${tasks.length} of the ${keys.length} sweeps compared here ${tasks.length === 1 ? 'is' : 'are'} still tracked and completed; a comparison needs two or more. Run Ping Sweep: Compare Results… to pick others.`;
    return { kind: 'error', title: 'Compare Results', message, keys: [...keys] };
  }
  return { kind: 'comparison', title: `Compare ${tasks.length} sweeps`, comparison: result };
}

/** The keys a restored page kept, as far as they are keys a task could have: the page's word is not trusted. */
export function restoredKeys(saved: unknown): string[] {
  return restoreCompareView(saved).keys.filter(isValidTaskKey);
}
