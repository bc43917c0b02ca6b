// Security: strings from Central are shown as text everywhere, the result webview is locked down and
// ignores what it should not hear, user input cannot steer a request elsewhere, and the token goes only where
// it must and is written nowhere. The bundled extension runs against the simulator; the test watches every
// request (global fetch), every message (vscode.window), every webview panel, the log file and global state.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PingSweepApi } from '../../src/extension';
import { inert } from '../../src/core/errors';
import type { TrackedTask } from '../../src/core/task';
import { renderItem } from '../../src/editor/ui/tree';
import { Simulator, startSimulator } from '../simulator/server';
import { configure, SERIAL, sleep, taskOf, TOKEN, waitFor, waitForState } from './helpers';
import {
  NOTIFICATION_LINK,
  SentRequest,
  ShownMessage,
  activateFresh,
  logFileText,
  recordMessages,
  spyFetch,
  statusPathOf,
} from './harness';

const CLIENT = { id: 'security-client', secret: 'security-secret-0123456789abcdef' };

/** Text a device or Central might send, meant to run or to mislead if rendered as markup. */
const XSS = [
  '<script>globalThis.__pwned = 1</script>',
  '<img src=x onerror="globalThis.__pwned = 1">',
  '"><svg onload=alert(1)>',
  "javascript:alert('x')",
  '</table></tbody><tr><td>injected</td></tr><script>alert(1)</script>',
  'evil\u202Efdp.exe\u202C and \u200Fright-to-left\u200F',
  '[Clear Credentials](command:pingSweep.clearCredentials) [site](https://evil.example/x)',
  '$(alert) **bold** <b>b</b> &amp; &lt;tag&gt; ${x} {{x}}',
  `long ${'A'.repeat(20_000)} end`,
];

interface CapturedPanel {
  panel: vscode.WebviewPanel;
  /** the page as the extension set it (the panel's own getter throws once it is closed) */
  html: string;
  posted: unknown[];
  listeners: Array<(message: unknown) => unknown>;
}

/** Wraps `createWebviewPanel` so the test sees each result panel, what is posted to it, and its listener. */
function capturePanels(): { panels: CapturedPanel[]; restore(): void } {
  const w = vscode.window as unknown as Record<string, unknown>;
  const original = w.createWebviewPanel as (...args: unknown[]) => vscode.WebviewPanel;
  const panels: CapturedPanel[] = [];
  w.createWebviewPanel = (...args: unknown[]) => {
    const panel = original.apply(vscode.window, args);
    const entry: CapturedPanel = { panel, html: '', posted: [], listeners: [] };
    const webview = panel.webview;
    let proto: object | null = webview;
    let html: PropertyDescriptor | undefined;
    while (proto && !html) {
      proto = Object.getPrototypeOf(proto);
      html = proto ? Object.getOwnPropertyDescriptor(proto, 'html') : undefined;
    }
    Object.defineProperty(webview, 'html', {
      configurable: true,
      get: () => html!.get!.call(webview),
      set: (value: string) => {
        entry.html = value;
        html!.set!.call(webview, value);
      },
    });
    const post = webview.postMessage.bind(webview);
    const on = webview.onDidReceiveMessage;
    Object.defineProperty(webview, 'postMessage', {
      configurable: true,
      value: (message: unknown) => {
        entry.posted.push(structuredClone(message));
        return post(message);
      },
    });
    Object.defineProperty(webview, 'onDidReceiveMessage', {
      configurable: true,
      value: (listener: (m: unknown) => unknown, thisArg?: unknown, disposables?: vscode.Disposable[]) => {
        entry.listeners.push(listener);
        return on(listener, thisArg, disposables);
      },
    });
    panels.push(entry);
    return panel;
  };
  return { panels, restore: () => (w.createWebviewPanel = original) };
}

describe('Security', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let elsewhere: Simulator;
  let ext: PingSweepApi;
  let context: vscode.ExtensionContext;
  let recorder: { messages: ShownMessage[]; restore(): void };
  let spy: { requests: SentRequest[]; restore(): void };
  let capture: { panels: CapturedPanel[]; restore(): void };
  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pingsweep-security-'));

  before(async () => {
    sim = await startSimulator({ tokens: [TOKEN], clients: [CLIENT], startScenario: { durationMs: 800 } });
    elsewhere = await startSimulator({ tokens: [TOKEN] });
    await configure({
      baseUrl: sim.baseUrl,
      tokenUrl: sim.tokenUrl,
      apiVersion: 'v1',
      'polling.requestsPerMinute': 600,
    });
    recorder = recordMessages();
    spy = spyFetch();
    capture = capturePanels();
    ({ api: ext, context } = await activateFresh());
    await vscode.commands.executeCommand('pingSweep.setCredentials', { token: TOKEN });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    capture?.restore();
    spy?.restore();
    recorder?.restore();
    await configure({
      baseUrl: undefined,
      tokenUrl: undefined,
      apiVersion: undefined,
      'polling.requestsPerMinute': undefined,
    });
    await sim?.close();
    await elsewhere?.close();
  });

  const key = (taskId: string) => `${SERIAL}/${taskId}`;

  it('refuses serials, task ids, pasted URLs and locations that would change the request path or host', async () => {
    const task = 'c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e';
    const before = ext.tasks().length;
    const sent = spy.requests.length;
    const refused: Array<[unknown, unknown?]> = [
      ['CN1234/../../x', task],
      ['CN1234%2F..', task],
      ['CN1234', `${task}/../../v1/gateways/OTHER`],
      ['CN1234', '../c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e'],
      [`/network-troubleshooting/v1/gateways/${SERIAL}/../OTHER/pingSweep/async-operations/${task}`],
      [`/network-troubleshooting/v1/gateways/${SERIAL}%2F..%2FOTHER/pingSweep/async-operations/${task}`],
      [`/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep/async-operations/%2e%2e/${task}`],
      [`https://evil.example.com/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep/async-operations/${task}`],
      [
        `${sim.baseUrl.replace('127.0.0.1', 'localhost')}/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep/async-operations/${task}`,
      ],
      [`http://evil.example.com/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep/async-operations/${task}`],
    ];
    for (const args of refused) {
      assert.equal(
        await vscode.commands.executeCommand('pingSweep.trackTask', ...args),
        undefined,
        `${String(args[0])} was accepted`,
      );
    }
    assert.equal(ext.tasks().length, before, 'nothing was tracked');
    assert.equal(spy.requests.length, sent, 'nothing was sent');
    const refusals = recorder.messages.filter((m) => m.text.startsWith('Ping Sweep: cannot track that task'));
    assert.equal(refusals.length, refused.length, 'each refusal says why');

    // A location from the server that points elsewhere is refused too, and nothing is tracked.
    for (const location of [
      `https://evil.example.com/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep/async-operations/${task}`,
      `/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep/async-operations/../../../../as/token.oauth2`,
    ]) {
      sim.scriptStart(SERIAL, [{ status: 202, body: { location, status: 'INITIATED' } }]);
      const request = {
        destination: '192.0.2.1',
        startPacketSize: 100,
        endPacketSize: 200,
        sweepInterval: 50,
        count: 1,
      };
      assert.equal(await vscode.commands.executeCommand('pingSweep.startSweep', SERIAL, request), undefined);
      assert.equal(ext.tasks().length, before);
      assert.match(recorder.messages[recorder.messages.length - 1].text, /location could not be read/);
    }
    const paths = spy.requests.slice(sent).map((r) => new URL(r.url).pathname);
    assert.deepEqual(paths, [
      `/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep`,
      `/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep`,
    ]);
  });

  it('shows every string from Central as text: tree label and tooltip, messages, the webview state', async () => {
    const tasks = XSS.map((payload, i) => {
      const kind = i % 3;
      const taskId =
        kind === 0
          ? sim.addTask(SERIAL, 'complete', { durationMs: 600, params: { destination: payload } })
          : kind === 1
            ? sim.addTask(SERIAL, 'fail', { durationMs: 600, failReason: payload })
            : sim.addTask(SERIAL, 'complete', {
                durationMs: 600,
                script: [{ status: 500, body: { errorCode: 'X', message: payload } }],
              });
      return { payload, kind, taskId };
    });
    const problems = new Map<string, string>();
    const sub = ext.onDidChangeTasks(() => {
      for (const t of ext.tasks()) if (t.problem) problems.set(t.taskId, t.problem);
    });
    for (const t of tasks) {
      await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, t.taskId);
    }
    for (const t of tasks) {
      await waitForState(ext, t.taskId, t.kind === 1 ? 'FAILED' : 'COMPLETED');
    }
    sub.dispose();
    for (const { payload, kind, taskId } of tasks) {
      const task = taskOf(ext, taskId)!;
      const item = renderItem(task);
      assert.equal(typeof item.tooltip, 'string', 'a plain-text tooltip, never markdown');
      if (kind === 0) {
        assert.equal(task.destination, payload);
        assert.equal(item.label, payload, 'the label is the destination, as sent');
        assert.ok((item.tooltip as string).includes(`Destination: ${payload}`));
      } else if (kind === 1) {
        assert.equal(task.failReason, payload);
        assert.ok((item.tooltip as string).includes(`Fail reason: ${payload}`));
      } else {
        const problem = problems.get(taskId);
        assert.ok(problem, 'the server message reached the task');
        const shown = inert(payload).replace(/\s+/g, ' ');
        assert.ok(
          problem.includes(shown.slice(0, 150)),
          `the problem holds the server's words: ${problem.slice(0, 200)}`,
        );
        assert.ok(
          renderItem({ ...task, problem } as TrackedTask)
            .tooltip?.toString()
            .includes(`Problem: ${problem}`),
        );
      }
    }
    // Messages: the end of each sweep is announced with its destination or fail reason, all inert.
    for (const { payload, kind } of tasks.filter((t) => t.kind !== 2)) {
      const message = recorder.messages.find((m) => m.text.includes(inert(payload).slice(0, 200)));
      assert.ok(
        message,
        `the end of the sweep with ${kind === 0 ? 'destination' : 'fail reason'} ${payload.slice(0, 40)} was announced`,
      );
      assert.equal(message.text.match(NOTIFICATION_LINK), null, `no link in: ${message.text.slice(0, 200)}`);
      assert.ok(!/[\u202a-\u202e\u2066-\u2069]/.test(message.text), 'no control that reorders the sentence around it');
    }
    // The webview gets the strings as data, exactly as sent (it writes them with textContent).
    for (const { payload, kind, taskId } of tasks.filter((t) => t.kind !== 2)) {
      await vscode.commands.executeCommand('pingSweep.openResult', key(taskId));
      const captured = await waitFor('the result panel', () =>
        capture.panels.find((p) => p.panel.title.includes(kind === 0 ? payload.slice(0, 30) : taskId)),
      );
      const state = (await waitFor('its state', () =>
        captured.posted.find((m) => (m as { state?: { kind?: string } }).state?.kind === 'task'),
      )) as {
        state: { failReason: string | null; summary: Array<{ id: string; value: { text?: string } }> };
      };
      if (kind === 0) {
        assert.equal(state.state.summary.find((s) => s.id === 'destination')?.value.text, payload);
      } else {
        assert.equal(state.state.failReason, payload);
      }
      assert.ok(!captured.html.includes(payload.slice(0, 30)), 'no server text in the HTML itself');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('locks the result webview down: CSP without unsafe-inline or eval, scripts by nonce only, roots only the built page', async () => {
    const done = ext.tasks().find((t) => t.state === 'COMPLETED' && t.output)!;
    const other = ext.tasks().find((t) => t !== done && t.state === 'COMPLETED' && t.output)!;
    await vscode.commands.executeCommand('pingSweep.openResult', key(done.taskId));
    await vscode.commands.executeCommand('pingSweep.openResult', key(other.taskId));
    const [a, b] = await waitFor('two panels', () => {
      const open = capture.panels.slice(-2);
      return open.length === 2 && open.every((p) => p.html) ? open : undefined;
    });
    const pageDir = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
    const nonces: string[] = [];
    for (const { panel, html } of [a, b]) {
      const options = panel.webview.options;
      assert.equal(options.enableScripts, true);
      assert.ok(!options.enableCommandUris, 'command links are off');
      assert.deepEqual(
        options.localResourceRoots?.map((u) => u.toString()),
        [pageDir.toString()],
      );
      const attr = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
      assert.ok(attr, 'a CSP meta tag');
      const csp = attr
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&');
      assert.ok(!/unsafe-inline|unsafe-eval|unsafe-hashes/.test(csp), csp);
      assert.match(csp, /default-src 'none'/);
      const scriptSrc = /script-src ([^;]+);/.exec(csp)![1].trim();
      assert.match(scriptSrc, /^'nonce-[A-Za-z0-9+/]+=*'$/, 'scripts only by nonce');
      const nonce = scriptSrc.slice("'nonce-".length, -1);
      nonces.push(nonce);
      const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      assert.ok(scripts.length >= 1);
      const pageRoot = panel.webview.asWebviewUri(pageDir).toString();
      for (const [, attrs, body] of scripts) {
        assert.equal(body.trim(), '', 'no inline script');
        assert.ok(attrs.includes(`nonce="${nonce}"`), attrs);
        assert.ok(/src="([^"]+)"/.exec(attrs)![1].startsWith(pageRoot), attrs);
      }
      assert.ok(!/\son[a-z]+=/i.test(html), 'no inline event handler');
    }
    assert.notEqual(nonces[0], nonces[1], 'a fresh nonce per page');
  });

  it('ignores and logs messages from the webview that it does not know', async () => {
    const { listeners } = capture.panels[capture.panels.length - 1];
    assert.equal(listeners.length, 1, 'the panel listens once');
    const requests = spy.requests.length;
    const exported = recorder.messages.length;
    for (const message of [
      { type: 'evil', html: '<script>alert("unknown-message")</script>' },
      { type: 'exportResult', key: `${SERIAL}/../x`, uri: 'file:///etc/passwd' },
      { type: 'rendered', rows: -1, paintMs: 'x' },
      'refresh',
      null,
      [{ type: 'refresh' }],
    ]) {
      listeners[0](message);
    }
    await sleep(500);
    assert.equal(spy.requests.length, requests, 'no message started a request');
    assert.equal(recorder.messages.length, exported, 'no message started an export or anything visible');
    const log = await logFileText(
      context,
      (t) => (t.match(/ignored an unknown message from the result webview/g) ?? []).length >= 6,
    );
    assert.match(log, /ignored an unknown message from the result webview \(type "evil"\)/);
    assert.ok(!log.includes('unknown-message'), 'the message itself is not logged');
  });

  it("sends the token only to the base URL's origin and the credentials only to the token URL, never elsewhere", async () => {
    // A redirect is not followed: the token does not travel to where the answer points.
    const taskId = sim.addTask(SERIAL, 'complete', { durationMs: 600 });
    const target = `${elsewhere.baseUrl}${statusPathOf(SERIAL, taskId)}`;
    sim.script(taskId, [{ status: 302, headers: { Location: target } }]);
    await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, taskId);
    await waitForState(ext, taskId, 'COMPLETED');
    assert.deepEqual(elsewhere.requests, [], 'nothing reached the other server');

    // Client credentials: the token URL gets the form, the API gets the token it issued.
    await vscode.commands.executeCommand('pingSweep.setCredentials', {
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
    });
    const viaClient = sim.addTask(SERIAL, 'complete', { durationMs: 600 });
    await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, viaClient);
    await waitForState(ext, viaClient, 'COMPLETED');

    // Plain http to a host that is not this machine: nothing is sent at all.
    const sent = spy.requests.length;
    await configure({ baseUrl: 'http://central.example.com' });
    const refusedBase = sim.addTask(SERIAL, 'complete', { durationMs: 600 });
    await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, refusedBase);
    await waitFor('the problem', () => taskOf(ext, refusedBase)?.problem?.includes('pingSweep.baseUrl'));
    assert.match(taskOf(ext, refusedBase)!.problem!, /Use https; plain http is accepted only for localhost/);
    await vscode.commands.executeCommand('pingSweep.removeTask', key(refusedBase));
    await configure({ baseUrl: sim.baseUrl, tokenUrl: 'http://sso.example.com/as/token.oauth2' });
    const refusedToken = sim.addTask(SERIAL, 'complete', { durationMs: 600 });
    await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, refusedToken);
    await waitFor('the token URL problem', () => taskOf(ext, refusedToken)?.problem?.includes('pingSweep.tokenUrl'));
    assert.match(taskOf(ext, refusedToken)!.problem!, /pingSweep\.tokenUrl: Use https/);
    assert.equal(spy.requests.length, sent, 'nothing left for a plain-http host');
    await configure({ tokenUrl: sim.tokenUrl });
    await vscode.commands.executeCommand('pingSweep.refresh', key(refusedToken));
    await waitForState(ext, refusedToken, 'COMPLETED');

    const api = new URL(sim.baseUrl).origin;
    for (const r of spy.requests) {
      const url = new URL(r.url);
      if (r.url === sim.tokenUrl) {
        assert.equal(r.authorization, undefined, 'no bearer to the token URL');
        assert.match(r.body ?? '', /grant_type=client_credentials/);
      } else {
        assert.equal(url.origin, api, `a request to ${r.url}`);
        assert.match(r.authorization ?? '', /^Bearer \S+$/);
      }
      assert.ok(url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname), r.url);
    }
    assert.ok(spy.requests.some((r) => r.url === sim.tokenUrl));
  });

  it('never writes a token or secret: not in the log, a message, the webview, an export or global state', async () => {
    // Servers that echo what they were sent: the redaction has to hold.
    const taskId = sim.addTask(SERIAL, 'complete', { durationMs: 600 });
    const issued = () => [
      ...new Set(spy.requests.map((r) => r.authorization?.replace(/^Bearer /, '')).filter((t): t is string => !!t)),
    ];
    await vscode.commands.executeCommand('pingSweep.setCredentials', { token: TOKEN });
    sim.script(taskId, [
      { status: 500, body: { errorCode: 'X', message: `Authorization: Bearer ${TOKEN} was refused; token=${TOKEN}` } },
      { status: 503, headers: { 'Content-Type': 'text/plain' }, body: `upstream said: ${TOKEN}` },
    ]);
    await vscode.commands.executeCommand('pingSweep.trackTask', SERIAL, taskId);
    await waitForState(ext, taskId, 'COMPLETED', 30_000);
    await vscode.commands.executeCommand('pingSweep.openResult', key(taskId));
    const panel = await waitFor('the panel', () =>
      capture.panels.find((p) => p.posted.some((m) => (m as { state?: { taskId?: string } }).state?.taskId === taskId)),
    );
    const csv = path.join(exportDir, 'r.csv');
    const json = path.join(exportDir, 'r.json');
    await vscode.commands.executeCommand('pingSweep.exportResult', key(taskId), vscode.Uri.file(csv));
    await vscode.commands.executeCommand('pingSweep.exportResult', key(taskId), vscode.Uri.file(json));
    // Failing requests went out and were logged; make sure the log file holds them before reading it.
    const log = await logFileText(
      context,
      (t) => t.includes(`${statusPathOf(SERIAL, taskId)} -> 503`) && t.includes('exported'),
    );

    const secrets = [TOKEN, CLIENT.secret, ...issued()];
    assert.ok(secrets.length >= 3, `tokens seen on the wire: ${secrets.length}`);
    const globalState = context.globalState
      .keys()
      .map((k) => `${k}=${JSON.stringify(context.globalState.get(k))}`)
      .join('\n');
    const places: Array<[string, string]> = [
      ['the log file', log],
      ['the messages', recorder.messages.map((m) => m.text).join('\n')],
      ['the webview state', JSON.stringify(capture.panels.flatMap((p) => p.posted))],
      ['the webview HTML', capture.panels.map((p) => p.html).join('\n')],
      ['the CSV export', fs.readFileSync(csv, 'utf8')],
      ['the JSON export', fs.readFileSync(json, 'utf8')],
      ['global state', globalState],
      ['the tasks', JSON.stringify(ext.tasks())],
    ];
    for (const [where, text] of places) {
      assert.ok(text.length > 0, `${where} was captured`);
      for (const secret of secrets) {
        assert.ok(!text.includes(secret), `${where} holds a secret (${secret.slice(0, 6)}…)`);
      }
    }
    assert.match(log, /\[monitor\] .*Bearer \*\*\*/, 'the echoed token was redacted, not dropped silently');
    assert.ok(panel.posted.length > 0);
  });
});
