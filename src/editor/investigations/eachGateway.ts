import * as vscode from 'vscode';
import { inert } from '../../core/errors';
import type { PathMtuInput } from '../../core/pathMtu';
import { scriptQuestion } from '../../core/pathMtu/scriptInput';
import type { Services } from '../services';
import { type RangeSteps, askRange } from './command';
import { runStateOf } from './driver';
import type { InvestigationGroups } from './types';

/** Gateways named in the summary message itself; the log names every one with its reason. */
const NAMED_IN_MESSAGE = 5;
const LOG = 'pathMtu';

/** What Find Path MTU on each gateway needs of the investigations. */
export interface EachGatewayHost {
  readonly groups: InvestigationGroups;
  /** Starts one investigation without opening its page: its id, or why it was refused. */
  begin(input: PathMtuInput, open: boolean): { id: string } | { error: string };
}

/**
 * Find Path MTU on each of several gateways: one investigation per gateway, their stage starts paced inside
 * the request budget (see stagePacer.ts), and once each first stage started or was refused, one message
 * that names the gateways that refused. `question` is a script's `{ destination, start?, end?, cycles? }`;
 * without it the boxes of Find Path MTU ask. Resolves to the investigations' ids.
 */
export async function findPathMtuOnEach(
  s: Services,
  host: EachGatewayHost,
  serials: readonly string[],
  question?: unknown,
  steps?: RangeSteps,
): Promise<string[] | undefined> {
  const range = question === undefined ? await askRange(s, `${serials.length} gateways`, steps!, serials[0]) : question;
  if (range === undefined) return undefined;
  const inputs: PathMtuInput[] = [];
  for (const serial of serials) {
    const { destination, ...options } = (range ?? {}) as { destination?: unknown };
    const asked = scriptQuestion(serial, destination, options);
    if ('error' in asked) {
      void vscode.window.showErrorMessage(inert(`Ping Sweep: Find Path MTU not started: ${asked.error}`));
      return undefined;
    }
    inputs.push(asked.input);
  }
  const ids: string[] = [];
  for (const input of inputs) {
    const started = host.begin(input, false);
    if ('error' in started) s.log.warn(LOG, `${input.serial}: not started: ${started.error}`);
    else ids.push(started.id);
  }
  void announceWhenStarted(s, host.groups, ids, inputs[0].destination);
  return ids;
}

/** How the first stage of an investigation went: started, refused (the pause's reason), or not yet known. */
type FirstStage = 'started' | { reason: string; cause: string };

function firstStage(groups: InvestigationGroups, id: string): FirstStage | undefined {
  const state = runStateOf(groups.get(id));
  if (!state) return { reason: 'no longer kept', cause: 'removed' };
  if (state.stages.some((st) => st.task !== undefined)) return 'started';
  if (state.phase !== 'running')
    return { reason: state.pause?.reason ?? state.phase, cause: state.pause?.cause ?? state.phase };
  return undefined;
}

/** Waits until every first stage started or was refused, then says so in one message. */
async function announceWhenStarted(s: Services, groups: InvestigationGroups, ids: string[], destination: string) {
  const outcomes = await new Promise<Map<string, FirstStage>>((resolve) => {
    const check = (): boolean => {
      const all = ids.map((id) => [id, firstStage(groups, id)] as const);
      if (all.some(([, o]) => o === undefined)) return false;
      resolve(new Map(all as Array<[string, FirstStage]>));
      return true;
    };
    if (check()) return;
    const sub = groups.onDidChange(() => check() && sub.dispose());
  });
  const refused: string[] = [];
  for (const [id, outcome] of outcomes) {
    if (outcome === 'started') continue;
    const serial = runStateOf(groups.get(id))?.serial ?? id;
    s.log.warn(LOG, `${serial}: Find Path MTU to ${destination} not started: ${outcome.reason}`);
    refused.push(`${serial} (${outcome.cause})`);
  }
  const what = `Find Path MTU to ${destination} on ${ids.length} gateways: ${ids.length - refused.length} started`;
  if (!refused.length) {
    void vscode.window.showInformationMessage(inert(`Ping Sweep: ${what}.`));
    return;
  }
  const names = refused.slice(0, NAMED_IN_MESSAGE).join(', ') + (refused.length > NAMED_IN_MESSAGE ? ', …' : '');
  const text = `Ping Sweep: ${what}. Not started: ${names} (paused: Retry each from its item; the log says why).`;
  void vscode.window.showWarningMessage(inert(text), 'Show Log').then((picked) => {
    if (picked) s.logChannel.show(true);
  });
}
