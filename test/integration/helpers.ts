import * as vscode from 'vscode';
import type { PingSweepApi } from '../../src/extension';
import type { TrackedTask } from '../../src/core/task';

export const EXTENSION_ID = 'pingsweep-dev.aruba-central-ping-sweep';
export const SERIAL = 'CNINTEG001';
export const TOKEN = 'integration-token-0123456789';

let replaced: PingSweepApi | undefined;

/** After a test re-activates the extension by hand, later suites talk to that instance. */
export function useApi(instance: PingSweepApi): void {
  replaced = instance;
}

/** The extension's API, activating it first. */
export async function api(): Promise<PingSweepApi> {
  if (replaced) {
    return replaced;
  }
  const ext = vscode.extensions.getExtension<PingSweepApi>(EXTENSION_ID);
  if (!ext) {
    throw new Error(`${EXTENSION_ID} is not loaded`);
  }
  return ext.isActive ? ext.exports : ext.activate();
}

/** Resolves when `check` returns a value, re-checking on every task change and every 100 ms. */
export async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(100);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function taskOf(a: PingSweepApi, taskId: string): TrackedTask | undefined {
  return a.tasks().find((t) => t.taskId === taskId);
}

/** Waits until a task reaches a state (and returns it). */
export function waitForState(
  a: PingSweepApi,
  taskId: string,
  state: TrackedTask['state'],
  timeoutMs = 20_000,
): Promise<TrackedTask> {
  return waitFor(
    `${taskId} to be ${state}`,
    () => {
      const t = taskOf(a, taskId);
      return t && t.state === state ? t : undefined;
    },
    timeoutMs,
  );
}

/** Sets the user's values of our settings (undefined resets one), one after the other. */
export async function configure(settings: Record<string, unknown>): Promise<void> {
  const c = vscode.workspace.getConfiguration('pingSweep');
  for (const [key, value] of Object.entries(settings)) {
    await c.update(key, value, vscode.ConfigurationTarget.Global);
  }
}

export function setBaseUrl(url: string): Promise<void> {
  return configure({ baseUrl: url });
}

/** Every tab showing a result webview. */
export function resultTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('pingSweep.result'));
}

/** What a quick pick was shown: its items and options. */
export interface ShownPick<T extends vscode.QuickPickItem> {
  items: T[];
  options: vscode.QuickPickOptions | undefined;
}

/** Answers `showQuickPick` (which the extension shares with its tests) with `choose`, recording what was shown. */
export function answerPick<T extends vscode.QuickPickItem>(
  choose: (items: T[]) => T[] | T | undefined,
): { shown: Array<ShownPick<T>>; restore(): void } {
  const w = vscode.window as unknown as Record<string, unknown>;
  const original = w.showQuickPick;
  const shown: Array<ShownPick<T>> = [];
  w.showQuickPick = async (items: T[] | Thenable<T[]>, options?: vscode.QuickPickOptions) => {
    const list = await items;
    shown.push({ items: list, options });
    return choose(list);
  };
  return { shown, restore: () => (w.showQuickPick = original) };
}
