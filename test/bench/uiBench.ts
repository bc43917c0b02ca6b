/**
 * The parts of the bench that need a real VS Code (weight and responsiveness), in one session of the offline
 * host (`test/host/ui.js`: code-server in headless Chromium, the extension loaded from this folder) against
 * the Central simulator started here:
 *  - Result view: from the click on a tracked task (Open Result, the item's default action) to its reply
 *    table painted, for 100 replies and for a synthetic 10,000; and the longest frame meanwhile.
 *  - `activate()`: the time the extension logs for itself, once per extension host (window loads).
 *  - The first webview open in a window: ours and a minimal extension's (firstOpen.ts), after each reload.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startSimulator } from '../simulator/server';
import { FirstOpen, firstOpensInNewBrowsers, loadMinimalExtension, openBothInTurn } from './firstOpen';
import { Activation, ROOT, activationTimes } from './weight';
import { FRAME_PROBE, openOnce, OpenRun, OpenTarget, showContainer, Ui, until } from './webviewProbe';

const VIEW = 'Tracked Tasks';
const TOKEN = 'bench-token-0123456789abcdef';
const SERIAL = 'CNBENCH001';
/**
 * The results opened. Central allows at most 100 ICMP requests per sweep, so 10,000 replies are synthetic:
 * 100 sizes x 100 cycles keeps the per-size table as long as a real sweep's can be, and 2,000 sizes x 5
 * cycles also stresses that table. The largest sizes time out, as on a path with an MTU fault.
 */
const RESULTS = [
  {
    name: '100',
    replies: 100,
    destination: '192.0.2.100',
    params: { startPacketSize: 100, endPacketSize: 2000, sweepInterval: 100, count: 5 },
  },
  {
    name: '10,000',
    replies: 10_000,
    destination: '192.0.2.101',
    params: { startPacketSize: 100, endPacketSize: 10_000, sweepInterval: 100, count: 100 },
  },
  {
    name: '10,000 (2,000 sizes)',
    replies: 10_000,
    destination: '192.0.2.102',
    params: { startPacketSize: 1, endPacketSize: 2000, sweepInterval: 1, count: 5 },
  },
] as const;

/** Names of the results opened, in the order of {@link RESULTS}. */
export const RESULT_NAMES: readonly string[] = RESULTS.map((r) => r.name);

export interface UiBenchResult {
  opens: OpenRun[];
  firstOpens: FirstOpen[];
  activations: Activation[];
  seconds: number;
}

/** The result whose open is compared with the minimal webview's: 100 replies, the common case. */
const OURS: OpenTarget = { name: RESULTS[0].name, label: RESULTS[0].destination, view: VIEW, rows: RESULTS[0].replies };

/** After a failure: the workbench's and code-server's logs, in test-results/bench/. */
function keepLogs(ui: Ui): void {
  const dir = path.join(ROOT, 'test-results', 'bench');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'workbench.log'), ui.workbenchLog.join('\n') + '\n');
  fs.copyFileSync(ui.server.logFile, path.join(dir, 'code-server.log'));
  process.stderr.write(`bench: logs kept in ${path.relative(process.cwd(), dir)}/\n`);
}

/** Sets the access token and tracks the results, as a person would in a new window; waits for them COMPLETED. */
async function trackResults(ui: Ui, baseUrl: string, ids: string[]): Promise<void> {
  await ui.runCommand('Ping Sweep: Set Credentials…');
  await ui.pickQuickItem('Access Token');
  await ui.typeInQuickInput(TOKEN);
  for (const id of ids) {
    await ui.runCommand('Ping Sweep: Track Task…');
    await ui.typeInQuickInput(
      `${baseUrl}/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep/async-operations/${id}`,
    );
  }
  await resultsShown(ui);
}

/** Waits for the Tracked Tasks view to show every result COMPLETED (opening its container if needed). */
async function resultsShown(ui: Ui): Promise<void> {
  await showContainer(ui);
  await until(
    'every task COMPLETED in the tree',
    async () => {
      const rows = await ui.treeRows(VIEW);
      return RESULTS.every((r) => rows.some((row) => row.includes(r.destination) && row.includes('COMPLETED')))
        ? true
        : undefined;
    },
    60_000,
    250,
  );
}

/**
 * Starts VS Code with a fresh profile and the minimal extension, tracks the results and measures their opens,
 * then reloads the window several times: activation, and the first webview open of each window.
 */
export async function runUiBench(
  opts: { opens?: number; reloads?: number; browsers?: number; log?: (line: string) => void } = {},
): Promise<UiBenchResult> {
  const say = opts.log ?? (() => undefined);
  const started = Date.now();
  const { startUi } = require(path.join(ROOT, 'test', 'host', 'ui.js')) as { startUi(o: object): Promise<Ui> };
  const sim = await startSimulator({ tokens: [TOKEN] });
  let ui: Ui | undefined;
  let ok = false;
  try {
    const ids = RESULTS.map((r) =>
      sim.addTask(SERIAL, 'complete', {
        durationMs: 5_000,
        startedAt: Date.now() - 60_000,
        timeoutFromSize: 1500,
        params: { destination: r.destination, ...r.params },
      }),
    );
    say('starting VS Code (offline host)');
    ui = await startUi({ settings: { 'pingSweep.baseUrl': sim.baseUrl } });
    const host = ui;
    await ui.page.context().addInitScript({ content: FRAME_PROBE });
    say('VS Code is up; loading the minimal extension beside ours');
    await loadMinimalExtension(ui);
    say('setting credentials and tracking the results');
    const setUp = () => trackResults(host, sim.baseUrl, ids);
    await setUp();

    const opens: OpenRun[] = [];
    for (let i = 0; i < (opts.opens ?? 3); i++) {
      for (const r of RESULTS) {
        const run = await openOnce(ui, { name: r.name, label: r.destination, view: VIEW, rows: r.replies });
        say(
          `open ${r.name} replies: painted ${run.openToPaintedMs} ms after the click (table ${run.paintMs} ms), longest frame ${run.longestFrameMs} ms`,
        );
        opens.push(run);
      }
    }

    const firstOpens: FirstOpen[] = [];
    for (let i = 0; i < (opts.reloads ?? 8); i++) {
      const before = activationTimes(ui.server.userDataDir).length;
      await ui.reload();
      const uu = ui;
      await until(
        'the extension activated after the reload',
        async () => (activationTimes(uu.server.userDataDir).length > before ? true : undefined),
        30_000,
        200,
      );
      say(`reload ${i + 1}: activated`);
      await resultsShown(ui);
      firstOpens.push(...(await openBothInTurn(ui, OURS, i, say)));
    }
    const activations = activationTimes(ui.server.userDataDir);
    firstOpens.push(
      ...(await firstOpensInNewBrowsers(ui, { browsers: opts.browsers ?? 8, ours: OURS, prepare: setUp, log: say })),
    );
    ok = true;
    return { opens, firstOpens, activations, seconds: (Date.now() - started) / 1000 };
  } finally {
    if (ui && !ok) keepLogs(ui);
    await ui?.close();
    await sim.close();
  }
}
