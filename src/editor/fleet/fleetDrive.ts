import * as vscode from 'vscode';
import type { StartedSweep } from '../../core/client';
import { ApiError, describeError, inert } from '../../core/errors';
import { FleetPacer, type FleetStartReport, FleetRunner, type FleetState, fleetSweepText } from '../../core/fleet';
import type { StartSweepRequest } from '../../core/schemas';
import type { Services } from '../services';

/** The read-only document of a fleet's starts (Show Details): every gateway that did not start, with why. */
export const DETAILS_SCHEME = 'pingsweep-fleet';
const detailsUri = (id: string) => vscode.Uri.from({ scheme: DETAILS_SCHEME, path: `/${id}/Fleet starts.txt` });

/** Refused gateways named in the summary message itself; Show Details names every one. */
const NAMED_IN_MESSAGE = 5;
const LOG = 'fleet';

/**
 * Drives one fleet in this window: starts its waiting gateways paced inside the shared request budget (each
 * start and each poll of this window count against `pingSweep.polling.requestsPerMinute`), tracks each task
 * that started, writes the fleet's state back to its group, and once every start is answered tells the person
 * in one message (refused gateways named, Show Details for all of them). Disposing stops sending without
 * writing anything: another window, or this one after a reload, resumes from the stored state.
 */
export function driveFleet(s: Services, state: FleetState): vscode.Disposable {
  let stopped = false;
  const pacer = new FleetPacer({ requestsPerMinute: s.settings.current.requestsPerMinute });
  const polls = s.monitor.onDidSendPoll((now) => {
    pacer.pollSent(now);
    s.monitor.noteRateLimit(pacer.pollWindow(now));
  });
  const runner = new FleetRunner(state, {
    pacer,
    clock: s.clock,
    startSweep: (serial, params, signal) => startOne(s, serial, params, signal),
    onStartSent: (now) => s.monitor.noteRateLimit(pacer.pollWindow(now)),
    onStarted: (started) => void s.monitor.track({ ...started, destination: state.params.destination }),
    onChange: (next) => !stopped && s.groups.update(state.id, next),
    onCallbackError: (err) => s.log.warn(LOG, `fleet ${state.id}: ${describeError(err)}`),
  });
  s.log.info(LOG, `fleet ${state.id}: driving ${fleetSweepText(state.params)} on ${state.entries.length} gateways`);
  void runner.run().then((report) => {
    polls.dispose();
    if (!stopped) announce(s, state.id, report);
  });
  return {
    dispose: () => {
      // The group stops being driven once its last start is answered: that fleet's message still comes.
      stopped = runner.state.entries.some((e) => e.status === 'waiting' || e.status === 'sending');
      polls.dispose();
      if (stopped) runner.cancel();
    },
  };
}

/** One gateway's start: the task it became, or the error that refused it. */
async function startOne(
  s: Services,
  serial: string,
  params: StartSweepRequest,
  signal: AbortSignal,
): Promise<StartedSweep | ApiError> {
  const client = await s.central.getClient();
  const { value } = await s.central.withVersion(undefined, serial, (v) => client.startSweep(serial, v, params, signal));
  return value;
}

/** One message for the whole fleet: the sentence, the first refused gateways by name, Show Details. */
function announce(s: Services, id: string, report: FleetStartReport): void {
  s.log.info(LOG, `fleet ${id}: ${report.details.replace(/\n/g, ' | ')}`);
  const refused = report.state.entries.flatMap((e) =>
    e.status === 'refused' ? [`${e.serial} (${e.refusal.kind})`] : [],
  );
  const what = `Ping sweep to ${report.state.params.destination} on ${report.state.entries.length} gateways`;
  if (!refused.length) {
    void vscode.window.showInformationMessage(inert(`Ping Sweep: ${what}: ${report.sentence}.`));
    return;
  }
  const names = refused.slice(0, NAMED_IN_MESSAGE).join(', ') + (refused.length > NAMED_IN_MESSAGE ? ', …' : '');
  const text = `Ping Sweep: ${what}: ${report.sentence}. Not started: ${names}.`;
  void vscode.window.showWarningMessage(inert(text), 'Show Details').then(async (picked) => {
    if (picked) await vscode.window.showTextDocument(detailsUri(id), { preview: true });
  });
}
