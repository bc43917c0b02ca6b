import * as vscode from 'vscode';
import { CommandId, PingSweepCommands } from '../platform/commands';
import type { Investigations } from '../investigations/types';
import { Services } from '../services';
import { openResult, refresh, removeTask } from './tasks';

/** A handler of each command, given the services and the arguments of its entry in {@link PingSweepCommands}. */
type Handlers = {
  [K in CommandId]: (s: Services, ...args: Parameters<PingSweepCommands[K]>) => ReturnType<PingSweepCommands[K]>;
};

type InvestigationCommand = 'findPathMtu' | 'open' | 'retry' | 'stop' | 'refine';

/** A command handled by the investigations (their bundle loads on first use); they check the arguments. */
function investigations<M extends InvestigationCommand>(method: M) {
  return (s: Services, ...args: unknown[]): ReturnType<Investigations[M]> =>
    (s.pathMtu()[method] as (...a: unknown[]) => ReturnType<Investigations[M]>)(...args);
}

/** Every command of the contract. Those of `s.later()` load their code on first use (see later.ts). */
const HANDLERS: Handlers = {
  'pingSweep.trackTask': (s, a, b) => s.later().trackTask(s, a, b),
  'pingSweep.startSweep': (s, a, b) => s.later().startSweep(s, a, b),
  'pingSweep.importTasks': (s, a, b) => s.later().importTasks(s, a, b),
  'pingSweep.setCredentials': (s, a) => s.later().setCredentials(s, a),
  'pingSweep.clearCredentials': (s) => s.later().clearCredentials(s),
  'pingSweep.selectCluster': (s, a) => s.later().selectCluster(s, a),
  'pingSweep.openResult': (s, a) => openResult(s, a),
  'pingSweep.refresh': (s, a, b) => refresh(s, a, b),
  'pingSweep.removeTask': (s, a, b) => removeTask(s, a, b),
  'pingSweep.exportResult': (s, a, b) => s.later().exportResult(s, a, b),
  'pingSweep.showLog': (s) => s.logChannel.show(true),
  'pingSweep.copyTaskId': (s, a, b) => s.later().copyTaskId(s, a, b),
  'pingSweep.clearFinished': (s) => s.later().clearFinished(s),
  'pingSweep.retryTask': (s, a, b) => refresh(s, a, b),
  'pingSweep.startSweepOnGateways': (s, a, b, c) => s.later().startSweepOnGateways(s, a, b, c),
  'pingSweep.findPathMtu': investigations('findPathMtu'),
  'pingSweep.openInvestigation': investigations('open'),
  'pingSweep.retryInvestigation': investigations('retry'),
  'pingSweep.stopInvestigation': investigations('stop'),
  'pingSweep.refineBoundary': investigations('refine'),
  'pingSweep.compareResults': (s, a, b) => s.later().compareResults(s, a, b),
};

/** Registers every command, wrapped so a failure reaches the user once through the funnel. */
export function registerCommands(s: Services): vscode.Disposable[] {
  return Object.entries(HANDLERS).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await (handler as (s: Services, ...args: unknown[]) => unknown)(s, ...args);
      } catch (err) {
        s.funnel.report('commands', `${id} failed`, err);
        return undefined;
      }
    }),
  );
}
