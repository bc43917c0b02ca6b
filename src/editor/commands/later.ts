/**
 * The commands a session uses rarely or never (set up once, then track, start, import, export; the pick of a
 * task for a command run from the palette without one), and the code only they need (the start form's checks, the import list, CSV and JSON writing, the credential prompts): bundled
 * apart (see esbuild.js) and loaded on their first use, like the result view.
 */
export { selectCluster } from './cluster';
export { compareResults } from './compare';
export { ComparePanels } from '../compare/comparePanel';
export { clearCredentials, setCredentials } from './credentials';
export { exportResult } from './exportResult';
export { importTasks } from './importTasks';
export { startSweep } from './start';
export { trackTask } from './track';
export { pickTask } from '../ui/prompts';
