// The entry of `dist/storage.js`: the result files' code, loaded in the background after activation (see
// lazyResults.ts), so that activation loads less.
import { ResultFiles } from '../../core/storage/resultFiles';
import type { Logger } from '../platform/log';
import { ResultsHost, TaskResults } from './taskResults';

/** The results of tracked tasks, one file each under `folder` (made on the first write). */
export function makeResults(folder: string, host: ResultsHost, log: Logger): TaskResults {
  return new TaskResults(new ResultFiles(folder), host, log);
}
