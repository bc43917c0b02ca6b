import * as vscode from 'vscode';
import { COMMANDS } from '../platform/constants';
import { Services } from '../services';
import { clearCredentials, setCredentials } from './credentials';
import { selectCluster } from './cluster';
import { clearFinished, copyTaskId, exportResult, openResult, refresh, removeTask } from './tasks';
import { trackTask } from './track';
import { startSweep } from './start';
import { importTasks } from './importTasks';

type Handler = (s: Services, ...args: unknown[]) => unknown;

/** Every command of the contract, wrapped so a failure reaches the user once through the funnel. */
const HANDLERS: Record<string, Handler> = {
  [COMMANDS.trackTask]: (s, a, b) => trackTask(s, a, b),
  [COMMANDS.startSweep]: (s, a, b) => startSweep(s, a, b),
  [COMMANDS.importTasks]: (s, a, b) => importTasks(s, a, b),
  [COMMANDS.setCredentials]: (s, a) => setCredentials(s, a),
  [COMMANDS.clearCredentials]: (s) => clearCredentials(s),
  [COMMANDS.selectCluster]: (s, a) => selectCluster(s, a),
  [COMMANDS.openResult]: (s, a) => openResult(s, a),
  [COMMANDS.refresh]: (s, a) => refresh(s, a),
  [COMMANDS.removeTask]: (s, a) => removeTask(s, a),
  [COMMANDS.exportResult]: (s, a, b) => exportResult(s, a, b),
  [COMMANDS.showLog]: (s) => s.logChannel.show(true),
  [COMMANDS.copyTaskId]: (s, a) => copyTaskId(s, a),
  [COMMANDS.clearFinished]: (s) => clearFinished(s),
  [COMMANDS.retryTask]: (s, a) => refresh(s, a),
};

export function registerCommands(s: Services): vscode.Disposable[] {
  return Object.entries(HANDLERS).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(s, ...args);
      } catch (err) {
        s.funnel.report('commands', `${id} failed`, err);
        return undefined;
      }
    }),
  );
}
