import * as vscode from 'vscode';
import { normalizeSerial, validateSerial } from '../../core/endpoints';
import type { StartSweepRequest } from '../../core/schemas';
import {
  DEFAULT_COUNT,
  sizeCount,
  validateCount,
  validateStartRequest,
  validateStep,
  describeStartFailure,
} from '../../core/startParams';
import { ask } from '../ui/prompts';
import { followInNotification } from '../ui/progress';
import { Services } from '../services';
import { askDestination, askEndSize, askStartSize } from './boxes';
import { askSerial, revealTask } from './shared';

const TITLE = 'Start Sweep';
const STEPS = 6;

async function askRequest(s: Services, serial: string): Promise<StartSweepRequest | undefined> {
  const last = s.recents.startParams(serial);
  const step = (n: number) => ({ title: TITLE, step: n, totalSteps: STEPS });
  const destination = await askDestination(step(2), serial, last?.destination);
  if (destination === undefined) return undefined;
  const startSize = await askStartSize(step(3), last?.startPacketSize ?? 1300);
  if (startSize === undefined) return undefined;
  const endSize = await askEndSize(step(4), startSize, last?.endPacketSize ?? 1500);
  if (endSize === undefined) return undefined;
  const interval = await ask({
    ...step(5),
    prompt: 'Step between sizes in bytes',
    value: String(last?.sweepInterval ?? 20),
    validate: (v) => validateStep(v, startSize, endSize),
    hint: (v) => (Number(v) >= 1 ? `Step between sizes: ${sizeCount(startSize, endSize, Number(v))} sizes` : undefined),
  });
  if (interval === undefined) return undefined;
  const stepSize = Number(interval);
  const sizes = sizeCount(startSize, endSize, stepSize);
  const count = await ask({
    ...step(6),
    prompt: `Ping cycles over the ${sizes} sizes`,
    value: String(last?.count ?? DEFAULT_COUNT),
    validate: (v) => validateCount(v, startSize, endSize, stepSize),
    hint: (v) =>
      Number(v) >= 1
        ? `Ping cycles: ${Number(v)} × ${sizes} sizes = ${Number(v) * sizes} ICMP requests (at most 100)`
        : undefined,
  });
  if (count === undefined) return undefined;
  return {
    destination,
    startPacketSize: startSize,
    endPacketSize: endSize,
    sweepInterval: stepSize,
    count: Number(count),
  };
}

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
    request = serial ? await askRequest(s, serial) : undefined;
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
