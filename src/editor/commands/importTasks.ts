import * as vscode from 'vscode';
import { normalizeSerial, validateSerial } from '../../core/endpoints';
import { describeError, isAbort } from '../../core/errors';
import {
  Candidate,
  CandidateInfo,
  MAX_STATUS_READS,
  STATUS_READ_WAIT_MS,
  describeCandidates,
} from '../../core/importCandidates';
import { taskKey } from '../../core/task';
import { Services } from '../services';
import { describeStartFailure } from '../../core/startParams';
import type { TaskRef } from '../tasks/central';
import { askSerial } from './shared';

interface ImportPick extends vscode.QuickPickItem {
  key: string;
  taskId: string;
  version?: 'v1' | 'v1alpha1';
}

/**
 * `pingSweep.importTasks [serial] [taskIds]`: lists a gateway's recent ping sweeps and tracks the chosen ones.
 * Given task ids (scripts, tests), those of the list are tracked without asking. Returns the tracked keys.
 */
export async function importTasks(s: Services, serialArg?: unknown, idsArg?: unknown): Promise<string[]> {
  let serial: string | undefined;
  if (typeof serialArg === 'string') {
    const problem = validateSerial(serialArg.trim());
    if (problem) {
      void vscode.window.showErrorMessage(`Ping Sweep: nothing imported: ${problem}`);
      return [];
    }
    serial = normalizeSerial(serialArg);
  } else {
    serial = await askSerial(s, 'Import Recent Tasks', 1, 2);
  }
  if (!serial) {
    return [];
  }
  const gateway = serial;
  const scripted = Array.isArray(idsArg);
  let found: { refs: TaskRef[]; infos: CandidateInfo[] } | undefined;
  try {
    found = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Reading recent tasks of ${gateway}…`,
        cancellable: true,
      },
      async (progress, token) => {
        const refs = await s.central.listPingSweeps(gateway);
        // Scripts name their tasks: nothing to show, so nothing to read.
        if (scripted || refs.length === 0 || token.isCancellationRequested) return { refs, infos: [] };
        progress.report({ message: 'their status' });
        const infos = await readStatuses(s, refs, token);
        // Cancelled while reading: the person no longer wants the pick.
        return token.isCancellationRequested ? undefined : { refs, infos };
      },
    );
  } catch (err) {
    s.funnel.report('commands', `Ping Sweep: could not list the tasks of ${gateway}`, err, (e) =>
      describeStartFailure(e, gateway),
    );
    return [];
  }
  if (!found) {
    return [];
  }
  await s.recents.useSerial(gateway);
  const { refs, infos } = found;
  if (refs.length === 0) {
    void vscode.window.showInformationMessage(`Ping Sweep: ${gateway} reports no recent ping sweeps.`);
    return [];
  }
  const chosen = scripted ? pickByIds(refs, idsArg as unknown[]) : await pickRefs(s.clock.now(), gateway, refs, infos);
  if (!chosen || chosen.length === 0) {
    return [];
  }
  const keys = chosen.map((c) => s.monitor.track({ serial: gateway, taskId: c.taskId, version: c.version }).key);
  void vscode.window.showInformationMessage(`Ping Sweep: tracking ${keys.length} task(s) from ${gateway}.`);
  return keys;
}

function pickByIds(refs: TaskRef[], ids: unknown[]): TaskRef[] {
  const wanted = new Set(ids.map((x) => String(x).toLowerCase()));
  return refs.filter((r) => wanted.has(r.taskId));
}

async function pickRefs(
  now: number,
  gateway: string,
  refs: TaskRef[],
  infos: CandidateInfo[],
): Promise<ImportPick[] | undefined> {
  const candidates: Candidate[] = refs.map((r, i) => ({
    taskId: r.taskId,
    info: infos[i] ?? { kind: 'unread', why: 'cancelled' },
  }));
  const texts = describeCandidates(candidates, now);
  const items: ImportPick[] = refs.map((r, i) => ({
    key: taskKey(r),
    taskId: r.taskId,
    version: r.version,
    ...texts[i],
    picked: false,
  }));
  return vscode.window.showQuickPick(items, {
    title: 'Import Recent Tasks (2/2)',
    placeHolder: `Ping sweeps on ${gateway}, newest first: pick the ones to track`,
    canPickMany: true,
    matchOnDescription: true,
    matchOnDetail: true,
  });
}

/**
 * What can be known of each recent sweep, newest first: a tracked one from the store (no request); the newest
 * untracked ones by one status request each, at most MAX_STATUS_READS, sent within the polls' request budget and
 * given STATUS_READ_WAIT_MS to get their turn; the rest are left unread.
 */
async function readStatuses(s: Services, refs: TaskRef[], token: vscode.CancellationToken): Promise<CandidateInfo[]> {
  const controller = new AbortController();
  const cancel = token.onCancellationRequested(() => controller.abort());
  const timer = setTimeout(() => controller.abort(), STATUS_READ_WAIT_MS);
  let reads = 0;
  try {
    return await Promise.all(
      refs.map(async (ref): Promise<CandidateInfo> => {
        const task = s.store.get(taskKey(ref));
        if (task) return { kind: 'tracked', task };
        if (++reads > MAX_STATUS_READS) return { kind: 'unread', why: `only the ${MAX_STATUS_READS} newest are read` };
        try {
          return { kind: 'read', status: await s.monitor.peekStatus(ref, controller.signal) };
        } catch (err) {
          const why = isAbort(err) ? 'no room in the request budget in time' : describeError(err);
          s.log.info('commands', `import: status of ${taskKey(ref)} not read: ${why}`);
          return { kind: 'unread', why };
        }
      }),
    );
  } finally {
    clearTimeout(timer);
    cancel.dispose();
  }
}
