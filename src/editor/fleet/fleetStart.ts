import * as vscode from 'vscode';
import { createFleetState } from '../../core/fleet';
import { describeError } from '../../core/errors';
import type { StartSweepRequest } from '../../core/schemas';
import { describeSerialList, parseSerialList } from '../../core/serialList';
import { validateStartRequest } from '../../core/startParams';
import { askSweepRequest, SWEEP_BOXES } from '../ui/sweepBoxes';
import type { Services } from '../services';
import { pickGateways } from './gatewayPick';

const TITLE = 'Start Sweep on Several Gateways';
const STEPS = 3 + SWEEP_BOXES;
/** The boxes of Find Path MTU after its gateway: destination, smallest and largest size, cycles. */
const PATH_MTU_BOXES = 4;

/** What to run on each gateway: one sweep, or a Find Path MTU investigation. */
async function pickKind(): Promise<'sweep' | 'pathMtu' | undefined> {
  const sweep = { label: 'One sweep on each gateway', description: 'the same sweep everywhere, as one fleet' };
  const pathMtu = {
    label: 'Find Path MTU on each gateway',
    description: 'one investigation per gateway, staged sweeps to a byte-exact answer',
  };
  const picked = await vscode.window.showQuickPick([sweep, pathMtu], {
    title: `${TITLE} (3/${STEPS})`,
    placeHolder: 'What to run on each gateway',
    ignoreFocusOut: true,
  });
  return picked && (picked === sweep ? 'sweep' : 'pathMtu');
}

/**
 * `pingSweep.startSweepOnGateways [serials] [request] [options]`: one sweep on each of several gateways, as one
 * fleet group: starts paced inside the request budget, the refused ones named in one message, the fleet page
 * opened; or, chosen after the gateways (scripts: `{ pathMtu: true }`), Find Path MTU on each gateway. Scripts
 * pass the serials (an array, or a pasted text) and the request (for Find Path MTU `{ destination, start?, end?,
 * cycles? }`); resolves to the fleet's id, or to the investigations' ids.
 */
export async function startSweepOnGateways(
  s: Services,
  serialsArg?: unknown,
  requestArg?: unknown,
  options?: unknown,
): Promise<string | string[] | undefined> {
  const scriptedMtu = (options as { pathMtu?: unknown } | undefined)?.pathMtu === true;
  const given = serialsArg !== undefined ? scriptedSerials(s, serialsArg, requestArg, scriptedMtu) : undefined;
  if (given === null) return undefined;
  const serials = given?.serials ?? (await pickGateways(s, TITLE, STEPS));
  if (!serials?.length) return undefined;
  const kind = given ? (scriptedMtu ? 'pathMtu' : 'sweep') : await pickKind();
  if (kind === 'pathMtu') {
    const steps = { title: TITLE, firstStep: 4, totalSteps: 3 + PATH_MTU_BOXES };
    return s.pathMtu().onEachGateway(serials, given ? (requestArg ?? null) : undefined, steps);
  }
  if (kind === undefined) return undefined;
  const n = serials.length;
  const request =
    given?.request ??
    (await askSweepRequest({
      title: TITLE,
      firstStep: 4,
      totalSteps: STEPS,
      from: n === 1 ? serials[0] : `${n} gateways`,
      last: s.recents.startParams(serials[0]),
    }));
  if (!request) return undefined;
  const id = `fleet-${s.clock.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  let state;
  try {
    state = createFleetState({ id, serials, params: request, now: s.clock.now() });
  } catch (err) {
    void vscode.window.showErrorMessage(`Ping Sweep: sweep not started: ${describeError(err)}`);
    return undefined;
  }
  s.groups.create('fleet', id, state);
  await s.recents.rememberStart(serials[0], request);
  s.log.info('commands', `fleet ${id}: ${request.destination} on ${n} gateway(s)`);
  s.fleets.open(id);
  return id;
}

/** What a script passed: the valid serials (the refused ones named in one message), or null when unusable. */
function scriptedSerials(
  s: Services,
  serialsArg: unknown,
  requestArg: unknown,
  pathMtu: boolean,
): { serials: string[]; request: StartSweepRequest } | null {
  const text = Array.isArray(serialsArg) ? serialsArg.map(String).join('\n') : serialsArg;
  const problem =
    typeof text !== 'string'
      ? 'serials are expected as a list of strings or a text'
      : !requestArg
        ? 'sweep parameters are required'
        : pathMtu
          ? undefined // Find Path MTU's question is checked by the investigations, with its own words
          : validateStartRequest(requestArg as StartSweepRequest);
  if (problem) {
    void vscode.window.showErrorMessage(`Ping Sweep: sweep not started: ${problem}`);
    return null;
  }
  const list = parseSerialList(text as string);
  if (!list.serials.length) {
    void vscode.window.showErrorMessage(
      `Ping Sweep: sweep not started: no valid gateway serial; ${describeSerialList(list)}.`,
    );
    return null;
  }
  s.log.info('commands', `gateway list: ${describeSerialList(list)}`);
  if (list.refusedCount || list.overLimit) {
    void vscode.window.showWarningMessage(`Ping Sweep: gateway list: ${describeSerialList(list)}.`);
  }
  return { serials: list.serials, request: requestArg as StartSweepRequest };
}
