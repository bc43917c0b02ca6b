/**
 * The commands a session may never use, and the code only they need (the start form's checks, the import list,
 * CSV and JSON writing): bundled apart (see esbuild.js) and loaded on their first use, like the result view.
 */
export { exportResult } from './exportResult';
export { importTasks } from './importTasks';
export { startSweep } from './start';
