import { strict as assert } from 'node:assert';
import { createFleetState } from '../../src/core/fleet';
import { buildPageShell } from '../../src/editor/results/webviewHtml';
import { fleetTaskKeys, fleetView, readFleet, startsPending } from '../../src/editor/fleet/fleetModel';
import { sweepOutput } from './helpers/outputs';

/** The fleet page's shell (the one every page shares) and the fleet as the editor's views read it. */

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const PARAMS = { destination: '10.1.1.1', startPacketSize: 1400, endPacketSize: 1500, sweepInterval: 50, count: 5 };

describe('fleet page shell', () => {
  const shell = (data: Record<string, string>) =>
    buildPageShell({
      cspSource: CSP_SOURCE,
      scriptUri: `${CSP_SOURCE}/ext/dist/webview/fleet.js`,
      styleUri: `${CSP_SOURCE}/ext/dist/webview/fleet.css`,
      nonce: 'AAAAAAAAAAAAAAAAAAAAAA==',
      data,
    });

  it('holds the policy, the stylesheet, the fleet id on the body and the script by nonce, and no markup else', () => {
    const html = shell({ 'fleet-id': 'fleet-1' });
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src /);
    assert.match(
      html,
      /<body data-fleet-id="fleet-1">\n<script nonce="AAAAAAAAAAAAAAAAAAAAAA==" src="[^"]+fleet\.js"><\/script>/,
    );
    assert.match(html, /<link rel="stylesheet" href="[^"]+fleet\.css">/);
  });

  it('escapes a hostile id and drops a data name that is not one', () => {
    const html = shell({ 'fleet-id': '"><script>alert(1)</script>', 'x" onload="y': 'z' });
    assert.match(html, /data-fleet-id="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
    assert.doesNotMatch(html, /onload/);
    assert.equal(html.match(/<script/g)?.length, 1);
  });

  it('refuses a nonce that could break out', () => {
    assert.throws(() =>
      buildPageShell({ cspSource: CSP_SOURCE, scriptUri: 'a', styleUri: 'b', nonce: '"x', data: {} }),
    );
  });
});

describe('fleet as the views read it', () => {
  const state = createFleetState({
    id: 'f1',
    serials: ['CN0000000A', 'CN0000000B', 'CN0000000C'],
    params: PARAMS,
    now: 1,
  });
  state.entries[0] = {
    serial: 'CN0000000A',
    status: 'started',
    taskKey: 'CN0000000A/t-a',
    version: 'v1',
    startTime: null,
  };
  state.entries[1] = { serial: 'CN0000000B', status: 'sending' };

  it('keeps a start on its way as on its way (only the window that takes over calls it interrupted)', () => {
    const read = readFleet(structuredClone(state));
    assert.deepEqual(
      read?.entries.map((e) => e.status),
      ['started', 'sending', 'waiting'],
    );
    assert.deepEqual(fleetTaskKeys(read!), ['CN0000000A/t-a']);
    assert.equal(startsPending(state), true);
  });

  it('reads nothing from a value that is not a fleet, and never throws', () => {
    for (const bad of [
      undefined,
      null,
      42,
      'x',
      { entries: 'no' },
      { ...state, version: 99 },
      { ...state, entries: [] },
    ]) {
      assert.equal(readFleet(bad), undefined);
      assert.equal(startsPending(bad) && readFleet(bad) !== undefined, false);
    }
  });

  it('makes the page state: one row per gateway, the summary and the starts in words', () => {
    const done = {
      ...state,
      entries: [
        state.entries[0],
        {
          serial: 'CN0000000B',
          status: 'refused' as const,
          refusal: { kind: 'offline' as const, message: 'Gateway CN0000000B is offline (409)' },
        },
      ],
    };
    const view = fleetView(done, (key) =>
      key === 'CN0000000A/t-a'
        ? {
            taskId: 't-a',
            state: 'COMPLETED',
            progressPercent: 100,
            output: sweepOutput({ sizes: [1400, 1450, 1500], mtu: 1450 }),
          }
        : undefined,
    );
    assert.equal(view.title, '10.1.1.1 on 2 gateways');
    assert.equal(view.description, '1 done · 1 refused');
    assert.equal(view.starts, 'Started 1 of 2; 1 offline');
    assert.deepEqual(
      view.rows.map((r) => [r.serial, r.status, r.largestAlwaysAnswered]),
      [
        ['CN0000000A', 'COMPLETED', 1450],
        ['CN0000000B', 'REFUSED', null],
      ],
    );
    assert.equal(view.active, false);
  });
});
