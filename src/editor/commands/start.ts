import * as vscode from 'vscode';
import { normalizeSerial, validateSerial } from '../../core/endpoints';
import type { StartSweepRequest } from '../../core/schemas';
import { validateStartRequest, describeStartFailure } from '../../core/startParams';
import { askSweepRequest } from '../ui/sweepBoxes';
import { followInNotification } from '../ui/progress';
import { Services } from '../services';
import { askSerial, revealTask } from './shared';

const TITLE = 'Start Sweep';
const STEPS = 6;

/** `pingSweep.startSweep [serial] [request]`: starts a sweep and tracks its task; nothing is tracked if refused. */
export async function startSweep(s: Services, serialArg?: unknown, requestArg?: unknown): Promise<string | undefined> {
  let serial: string | undefined;
  let request: StartSweepRequest | undefined;
  if (typeof serialArg === 'string') {
    const problem =
      validateSerial(serialArg.trim()) ??
      (requestArg ? validateStartRequest(requestArg as StartSweepRequest) : 'sweep parameters are required');
    if (problem) {
      void vscode.window.showErrorMessage(`Ping Sweep: sweep not started: ${problem}`);
      return undefined;
    }
    serial = normalizeSerial(serialArg);
    request = requestArg as StartSweepRequest;
  } else {
    serial = await askSerial(s, TITLE, 1, STEPS);
    request = serial
      ? await askSweepRequest({
          title: TITLE,
          firstStep: 2,
          totalSteps: STEPS,
          from: serial,
          last: s.recents.startParams(serial),
        })
      : undefined;
  }
  if (!serial || !request) {
    return undefined;
  }
  const target = serial;
  const body = request;
  try {
    const key = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Starting a ping sweep on ${target}…`,
        cancellable: true,
      },
      async (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        // Nothing is tracked if the start is refused.
        return s.monitor.track(await s.central.startSweep(target, body, abort.signal)).key;
      },
    );
    await s.recents.useSerial(target);
    await s.recents.rememberStart(target, body);
    s.log.info('commands', `started ${key} to ${body.destination}`);
    followInNotification(s.store, key);
    await revealTask(s, key, false);
    return key;
  } catch (err) {
    s.funnel.report('commands', `Ping Sweep: sweep not started on ${target}`, err, (e) =>
      describeStartFailure(e, target),
    );
    return undefined;
  }
}
