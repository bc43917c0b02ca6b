// Security at the core: text from Central made inert for editor messages, 429s that carry only a reset time,
// and more attempts to steer a request elsewhere through a pasted reference or a server's location.
import * as assert from 'node:assert/strict';
import { parseTaskReference, statusPath } from '../../src/core/endpoints';
import { InputError, errorForStatus, inert, shortServerMessage } from '../../src/core/errors';
import { Simulator, startSimulator } from '../simulator/server';
import { isoSeconds } from '../simulator/scenarios';
import { SERIAL, TOKEN, clientFor, expectApiError } from './helpers/central';

/** The link syntax VS Code's notifications turn into clickable links (workbench `parseLinkedText`). */
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;

describe('inert text for editor messages', () => {
  it('breaks every link a notification would make, and changes nothing a person reads', () => {
    const text =
      'see [Clear](command:pingSweep.clearCredentials?%5B%5D) and [x](https://evil.example "t") or [f](file:///etc/passwd)';
    assert.ok(text.match(NOTIFICATION_LINK)?.length === 3, 'the pattern finds the links of the raw text');
    const safe = inert(text);
    assert.equal(safe.match(NOTIFICATION_LINK), null);
    assert.equal(safe.replace(/\u200b/g, ''), text, 'only zero-width spaces were added');
  });

  it('shows right-to-left overrides and isolates by code point, so they cannot reorder the sentence', () => {
    const safe = inert('to evil\u202Efdp.exe\u202C \u2067x\u2069 done');
    assert.ok(!BIDI_CONTROLS.test(safe));
    assert.equal(safe, 'to evil<U+202E>fdp.exe<U+202C> <U+2067>x<U+2069> done');
  });

  it('leaves markup alone: messages are plain text, never HTML', () => {
    const markup = '<script>alert(1)</script> <img src=x onerror=alert(1)> $(alert) **b**';
    assert.equal(inert(markup), markup);
  });

  it('is applied to every server message that reaches an error', () => {
    const message = shortServerMessage('bad [Clear](command:pingSweep.clearCredentials) \u202Eevil');
    assert.ok(message && message.match(NOTIFICATION_LINK) === null && !BIDI_CONTROLS.test(message), message);
    const err = errorForStatus(400, { serverMessage: message });
    assert.equal(err.message.match(NOTIFICATION_LINK), null);
  });
});

describe('client: 429 over loopback HTTP', () => {
  let sim: Simulator;
  let t: number;

  beforeEach(async () => {
    t = Date.parse('2025-09-18T10:00:00.400Z');
    sim = await startSimulator({ tokens: [TOKEN], now: () => t });
  });
  afterEach(() => sim.close());

  const cases: Array<[string, Record<string, string>, number | undefined]> = [
    ['Retry-After in seconds', { 'Retry-After': '7' }, 7000],
    ['Retry-After as an HTTP date', { 'Retry-After': 'Thu, 18 Sep 2025 10:00:09 GMT' }, 8600],
    ['only X-RateLimit-Reset as an RFC 3339 time', { 'X-RateLimit-Reset': '2025-09-18T10:00:30Z' }, 29_600],
    [
      'only X-RateLimit-Reset as an RFC 3339 time with an offset',
      { 'X-RateLimit-Reset': '2025-09-18T12:00:30+02:00' },
      29_600,
    ],
    ['only X-RateLimit-Reset in seconds from now', { 'X-RateLimit-Reset': '12' }, 12_000],
    [
      'a reset with budget left is no reason to wait: plain backoff',
      { 'X-RateLimit-Reset': '12', 'X-RateLimit-Remaining': '5' },
      undefined,
    ],
    ['a reset in the past: no wait', { 'X-RateLimit-Reset': isoSeconds(Date.parse('2025-09-18T09:59:00Z')) }, 0],
  ];
  for (const [what, headers, wait] of cases) {
    it(`${what}: ${wait === undefined ? 'no' : `${wait} ms`} wait`, async () => {
      const taskId = sim.addTask(SERIAL, 'complete', { script: [{ status: 429, headers }] });
      const err = await expectApiError(
        clientFor(sim, { now: () => t }).getStatus({ serial: SERIAL, taskId, version: 'v1' }),
        'rateLimited',
      );
      assert.equal(err.retryAfterMs, wait);
    });
  }
});

describe('endpoints: more ways to steer a request', () => {
  const TASK = 'c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e';
  const BASE = 'https://de1.api.central.arubanetworks.com';
  const PATH = `/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep/async-operations/${TASK}`;

  it('refuses look-alike hosts, user-info tricks, protocol-relative and double-encoded references', () => {
    for (const input of [
      `https://de1.api.central.arubanetworks.com.evil.example${PATH}`,
      `https://evil.example\\@de1.api.central.arubanetworks.com${PATH}`,
      `https://de1.api.central.arubanetworks.com@evil.example${PATH}`,
      `https://evil.example#@de1.api.central.arubanetworks.com${PATH}`,
      `//evil.example${PATH}`,
      `https://de1.api.central.arubanetworks.com:444${PATH}`,
      `ftp://de1.api.central.arubanetworks.com${PATH}`,
      `javascript:alert(1)//${PATH}`,
      `/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep/async-operations/%252e%252e/${TASK}`,
      `/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep/async-operations/${TASK}%00`,
      `/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep/async-operations/${TASK}/..`,
      `/network-troubleshooting/v1/gateways/${SERIAL}\u2215pingSweep/async-operations/${TASK}`,
      `/network-troubleshooting/v1/gateways/CN\uFF0E\uFF0E/pingSweep/async-operations/${TASK}`,
      `/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep/async-operations/${TASK}\n/../x`,
    ]) {
      const result = parseTaskReference(input, BASE);
      assert.ok('error' in result, `accepted: ${JSON.stringify(input)} -> ${JSON.stringify(result)}`);
    }
  });

  it('builds paths only from validated parts, whatever a caller passes', () => {
    for (const [serial, taskId] of [
      [SERIAL, `${TASK}?x=1`],
      [SERIAL, `${TASK}#frag`],
      [SERIAL, `${TASK}/../../x`],
      [`${SERIAL}/..`, TASK],
      [`${SERIAL}%2F`, TASK],
      ['', TASK],
    ]) {
      assert.throws(() => statusPath('v1', serial, taskId), InputError, `${serial} ${taskId}`);
    }
  });
});
