// Long and hostile bodies: what is read of an answer is capped, only the part that will be shown is redacted,
// and redaction is linear in its input.
import * as assert from 'node:assert/strict';
import { MAX_SERVER_MESSAGE, redact } from '../../src/core/errors';
import { Answer, MAX_ERROR_BODY_BYTES, MAX_SUCCESS_BODY_BYTES, errorFromAnswer } from '../../src/core/transport';
import { Simulator, startSimulator } from '../simulator/server';
import { SERIAL, TOKEN, clientFor, expectApiError } from './helpers/central';

const SECRET = 'Zq8-secret-Value_0123456789';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl';

/** Inputs that made one of redact's patterns backtrack, or that would make a naive rewrite do so. */
function hostileTexts(size = 200_000): Array<[string, string]> {
  const fill = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  return [
    ['-eyJ repeated', fill('-eyJ')],
    ['eyJ and one long segment', 'eyJ' + fill('a')],
    ['eyJ segments without a third dot', fill('eyJaaaaa.bbbbbb-')],
    ['dotted words', fill('ab.')],
    ['one long word', fill('a')],
    ['Bearer and spaces', 'Bearer' + fill(' ')],
    ['Bearer repeated', fill('Bearer ')],
    ['Basic and tabs', fill('Basic\t')],
    ['percent signs', fill('%')],
    ['percent escapes', fill('%25')],
    ['near misses of the secret', fill(SECRET.slice(0, -1))],
    ['base64-like', fill('QUJD')],
    ['entity openings', fill('&#')],
    ['hex entities padded with zeros', fill('&#x0000')],
    ['JSON escapes', fill('\\u00')],
  ];
}

function timed<T>(fn: () => T): { value: T; ms: number } {
  const started = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

function answer(status: number, text: string, type = 'application/json'): Answer {
  return { status, headers: new Headers({ 'content-type': type }), text, elapsedMs: 1 };
}

describe('redact on hostile input', () => {
  for (const [name, text] of hostileTexts()) {
    it(`is linear: 200 KB of ${name} in under 50 ms`, () => {
      redact('warm up eyJaaaaaa.bbbbbb.c Bearer x', [SECRET]);
      const { ms } = timed(() => redact(text, [SECRET, 'client-id-0001']));
      assert.ok(ms < 50, `${ms.toFixed(1)} ms`);
    });
  }

  it('still redacts what it always did', () => {
    const out = redact(`a JWT ${JWT}, a header Authorization: Bearer abc.def-123, and x-${JWT}-y`, [SECRET]);
    assert.ok(!out.includes('c2lnbmF0dXJl') && !out.includes('abc.def-123'), out);
    assert.match(out, /Bearer \*\*\*/);
  });

  it('redacts a JWT cut after its payload (no signature yet)', () => {
    const out = redact('token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0', []);
    assert.ok(!out.includes('eyJzdWIiOiJ1c2VyIn0'), out);
  });
});

describe('error bodies: cut first, then redact', () => {
  for (const [name, text] of hostileTexts()) {
    it(`handles a 200 KB ${name} body in under 50 ms, as plain text and as a JSON message`, () => {
      for (const a of [answer(500, text, 'text/plain'), answer(500, JSON.stringify({ message: text }))]) {
        const { value: err, ms } = timed(() => errorFromAnswer(a, Date.now(), [SECRET, TOKEN]));
        assert.ok(ms < 50, `${ms.toFixed(1)} ms`);
        assert.ok((err.serverMessage ?? '').length <= MAX_SERVER_MESSAGE);
      }
    });
  }

  it('redacts a secret in the part that is shown', () => {
    const text = `refused ${SECRET} and ${TOKEN} and Bearer ${TOKEN}x ${JWT} ` + 'z'.repeat(100_000);
    const err = errorFromAnswer(answer(400, JSON.stringify({ message: text })), Date.now(), [SECRET, TOKEN]);
    const shown = err.serverMessage ?? '';
    assert.match(shown, /^refused \*\*\* and \*\*\*/);
    for (const leak of [SECRET, TOKEN, 'c2lnbmF0dXJl'])
      assert.ok(!shown.includes(leak) && !err.message.includes(leak), shown);
  });

  it('still shows the start of a message that is one long word', () => {
    const text = `long ${'A'.repeat(20_000)} end`;
    const err = errorFromAnswer(answer(500, JSON.stringify({ errorCode: 'X', message: text })), Date.now(), [
      SECRET,
      TOKEN,
    ]);
    assert.ok(err.serverMessage?.startsWith(`long ${'A'.repeat(150)}`), err.serverMessage);
  });

  it('never shows a piece of a secret cut at the boundary, wherever the cut falls', () => {
    for (let at = MAX_SERVER_MESSAGE - SECRET.length - 2; at <= 4 * MAX_SERVER_MESSAGE + 4096; at += 3) {
      for (const filler of ['w', 'w ', ' \n']) {
        const lead = filler.repeat(Math.ceil(at / filler.length)).slice(0, at);
        const text = lead + SECRET + ' tail'.repeat(1_000);
        const shown = errorFromAnswer(answer(400, text, 'text/plain'), Date.now(), [SECRET]).serverMessage ?? '';
        for (let n = 6; n <= SECRET.length; n++) {
          assert.ok(
            !shown.includes(SECRET.slice(0, n)),
            `cut at ${at} (${JSON.stringify(filler)}): "${shown.slice(-40)}"`,
          );
        }
      }
    }
  });
});

describe('client: body size caps over loopback HTTP', () => {
  let sim: Simulator;

  beforeEach(async () => {
    sim = await startSimulator({ tokens: [TOKEN] });
  });
  afterEach(() => sim.close());

  const status = (taskId: string, timeoutMs = 5_000) =>
    clientFor(sim, { timeoutMs }).getStatus({ serial: SERIAL, taskId, version: 'v1' });

  it('reads no more than the cap of an error body that never ends, and answers at once', async () => {
    const taskId = sim.addTask(SERIAL, 'complete', {
      script: [{ status: 500, flood: { bytes: Infinity, chunk: '-eyJ' } }],
    });
    const started = Date.now();
    const err = await expectApiError(status(taskId), 'server');
    assert.ok(Date.now() - started < 2_000, `${Date.now() - started} ms`);
    assert.equal(err.status, 500);
    assert.ok(MAX_ERROR_BODY_BYTES <= 64 * 1024);
  });

  it('refuses a 2xx body larger than the cap clearly, without reading it all', async () => {
    const taskId = sim.addTask(SERIAL, 'complete', {
      script: [{ status: 200, flood: { bytes: Infinity, chunk: '[1,' } }],
    });
    const started = Date.now();
    const err = await expectApiError(status(taskId), 'tooLarge');
    assert.ok(Date.now() - started < 3_000, `${Date.now() - started} ms`);
    assert.match(err.message, /larger than 1 MiB/);
  });

  it('refuses a 2xx whose Content-Length announces more than the cap before reading the body', async () => {
    const taskId = sim.addTask(SERIAL, 'complete', {
      script: [{ status: 200, flood: { bytes: 64 * 1024, contentLength: 5 * MAX_SUCCESS_BODY_BYTES } }],
    });
    const err = await expectApiError(status(taskId), 'tooLarge');
    assert.match(err.message, /5 MiB/);
  });

  it('still reads an answer just under the cap', async () => {
    const inner = JSON.stringify({ status: 'RUNNING', progressPercent: 5, startTime: null, pad: '' });
    const pad = 'p'.repeat(MAX_SUCCESS_BODY_BYTES - inner.length - 1);
    const body = inner.replace('"pad":""', `"pad":"${pad}"`).slice(0, -1) + '}';
    assert.ok(Buffer.byteLength(body) < MAX_SUCCESS_BODY_BYTES);
    const taskId = sim.addTask(SERIAL, 'complete', { script: [{ status: 200, body }] });
    const result = await status(taskId);
    assert.equal(result.status.progressPercent, 5);
  });
});
