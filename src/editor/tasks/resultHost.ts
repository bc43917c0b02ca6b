import type { SweepOutput } from '../../core/schemas';
import type { Logger } from '../platform/log';
import type { ResultsHost } from './taskResults';
import type { TaskStore } from './taskStore';

/** What the store's side of the results does beyond the store: save an entry, ask Central again. */
export interface ResultHostDeps {
  store: TaskStore;
  log: Logger;
  /** Writes the task's globalState entry again (after its inline result moved to its file). */
  rewrite(key: string): void;
  /** Polls the task once, to fetch a result that could not be read. */
  refetch(key: string): void;
}

/** True when Central is known to no longer answer for the task: a result lost here cannot be fetched again. */
function goneFromCentral(task: { state: string; note?: string }): boolean {
  return task.state === 'NOT_FOUND' || (task.note ?? '').includes('(404)');
}

/** The task store as the results see it (see `TaskResults`). */
export function storeResultsHost(d: ResultHostDeps): ResultsHost {
  const { store } = d;
  return {
    task: (key) => store.get(key),
    keys: () => [...store.entries()].map(([key]) => key),
    fill: (outputs: ReadonlyMap<string, SweepOutput>) => {
      const taken = new Map();
      for (const [key, output] of outputs) {
        const task = store.get(key);
        if (task && !task.output) taken.set(key, { ...task, output });
      }
      store.apply(taken, []);
    },
    lose: (key, reason) => {
      const task = store.get(key);
      if (!task || task.output) return;
      if (goneFromCentral(task)) {
        const problem = `its stored result could not be read (${reason}), and Central no longer has the task: the result is lost`;
        store.update(key, { resultStored: undefined, problem });
        return;
      }
      const problem = `its stored result could not be read (${reason}); asking Central for it again`;
      store.update(key, { resultStored: undefined, problem });
      d.log.info('results', `${key}: fetching the result again from Central`);
      d.refetch(key);
    },
    migrate: (key) => d.rewrite(key),
    cannotStore: (key, reason) => {
      if (store.get(key)?.output) {
        store.update(key, { note: `its result is not kept on disk (${reason}); it is fetched again after a reload` });
      }
    },
  };
}
