/**
 * The first webview open in a window, ours against a yardstick. The minimal extension in
 * test/bench/minimalWebview (a tree item that opens a webview with one external script and one row posted
 * back) is packed and installed into the profile of the offline host that runs Ping Sweep from source. Both
 * are clicked and timed the same way (webviewProbe.ts), taking turns at being first:
 *  - in a new browser (a new Chromium, so a new profile: the first window of a person's session), and
 *  - after a window reload (the browser keeps its webview service worker), where the other opens second.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, vscePackage } from './weight';
import { FRAME_PROBE, openOnce, OpenRun, OpenTarget, showContainer, Ui, until } from './webviewProbe';

export const MINIMAL_EXTENSION = path.join(ROOT, 'test', 'bench', 'minimalWebview');

export const MINIMAL: OpenTarget = {
  name: 'minimal webview',
  label: 'Open minimal webview',
  view: 'Minimal Webview',
  rows: 1,
};

export interface FirstOpen {
  who: 'ours' | 'minimal';
  /** a new browser's first window, or a window reloaded in a browser that already showed webviews */
  window: 'new browser' | 'reloaded';
  /** the first webview of the window (else the second, right after the other one) */
  first: boolean;
  run: OpenRun;
}

/** Packs the minimal extension into a .vsix in `dir`; returns its path. */
export function packMinimalExtension(dir: string): string {
  const out = path.join(dir, 'minimal-webview.vsix');
  vscePackage(MINIMAL_EXTENSION, out, ['--skip-license']);
  return out;
}

/**
 * Installs the minimal extension into the running host's profile (the window's URL can name only one
 * extension under development) and reloads the window, which then runs both; waits for its tree item.
 */
export async function loadMinimalExtension(ui: Ui): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pingsweep-minimal-'));
  try {
    const { installVsix } = require(path.join(ROOT, 'test', 'host', 'vscodeHost.js')) as {
      installVsix(vsix: string, extensionsDir: string, userDataDir: string): Promise<void>;
    };
    await installVsix(packMinimalExtension(dir), ui.server.extensionsDir, ui.server.userDataDir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await ui.reload();
  await showContainer(ui);
  await until(
    'the minimal extension in the sidebar',
    async () => ((await ui.treeRows(MINIMAL.view)).some((r) => r.includes(MINIMAL.label)) ? true : undefined),
    30_000,
    200,
  );
}

/**
 * Opens both webviews in a window, one first and the other second: `turn` 0 starts with ours, 1 with the
 * minimal one.
 */
export async function openBothInTurn(
  ui: Ui,
  ours: OpenTarget,
  turn: number,
  log: (line: string) => void,
): Promise<FirstOpen[]> {
  const order: Array<[FirstOpen['who'], OpenTarget]> = [
    ['ours', ours],
    ['minimal', MINIMAL],
  ];
  if (turn % 2 === 1) order.reverse();
  const out: FirstOpen[] = [];
  for (const [k, [who, target]] of order.entries()) {
    const run = await openOnce(ui, target);
    out.push({ who, window: 'reloaded', first: k === 0, run });
    log(
      `reloaded window: ${who} opened ${k === 0 ? 'first' : 'second'}, painted ${run.openToPaintedMs} ms after the click`,
    );
  }
  return out;
}

/** Closes the browser and shows the same host in a new one (a fresh profile: no service worker, no state). */
async function newBrowser(ui: Ui): Promise<void> {
  const { launchChromium } = require(path.join(ROOT, 'test', 'host', 'vscodeHost.js')) as {
    launchChromium(): Promise<{ browser: Ui['browser']; page: Ui['page'] }>;
  };
  await ui.browser.close();
  const { browser, page } = await launchChromium();
  await page.context().addInitScript({ content: FRAME_PROBE });
  await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
    ui.workbenchLog.push(`${String(type)}: ${(Array.isArray(args) ? args : [args]).map(String).join(' ')}`);
  });
  ui.browser = browser;
  ui.page = page;
  await ui.open();
}

/**
 * The first open of a person's session: for each of `browsers` new browsers, `prepare` sets the window up
 * as a person would (credentials and tasks live in the browser's profile), then ours or the minimal webview
 * opens, taking turns.
 */
export async function firstOpensInNewBrowsers(
  ui: Ui,
  opts: { browsers: number; ours: OpenTarget; prepare: () => Promise<void>; log: (line: string) => void },
): Promise<FirstOpen[]> {
  const out: FirstOpen[] = [];
  for (let i = 0; i < opts.browsers; i++) {
    await newBrowser(ui);
    await opts.prepare();
    const [who, target]: [FirstOpen['who'], OpenTarget] = i % 2 === 0 ? ['ours', opts.ours] : ['minimal', MINIMAL];
    const run = await openOnce(ui, target);
    out.push({ who, window: 'new browser', first: true, run });
    opts.log(`new browser ${i + 1}: ${who} opened first, painted ${run.openToPaintedMs} ms after the click`);
  }
  return out;
}
