// The token endpoint's odd answers: no expires_in, a lifetime of 0, and a client secret echoed back in one
// encoding or another.
import * as assert from 'node:assert/strict';
import { TOKEN_DEFAULT_LIFETIME_S, TOKEN_MIN_LIFETIME_S, createTokenSource } from '../../src/core/auth';
import { ApiError, describeError, redact } from '../../src/core/errors';
import { Simulator, startSimulator } from '../simulator/server';

const CLIENT = { id: 'client-0001', secret: "aB3$x/y+z=w&q~!*'()%:;@,é" };

/** Every byte percent-encoded, in upper or lower case hex. */
function percentAll(text: string, lower = false): string {
  const hex = [...new TextEncoder().encode(text)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  return lower ? hex : hex.toUpperCase();
}

function base64(text: string, urlSafe = false): string {
  const b = Buffer.from(text, 'utf8').toString('base64');
  return urlSafe ? b.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : b;
}

/** The ways a token endpoint has been seen, or could be, to echo a secret back: the echo only. */
const ENCODINGS: Array<[string, (secret: string, form: string) => string]> = [
  ['the form as it was sent', (_s, form) => form],
  ['encodeURIComponent', (s) => encodeURIComponent(s)],
  ['form encoding (URLSearchParams)', (s) => new URLSearchParams({ client_secret: s }).toString()],
  ['every byte, upper case hex', (s) => percentAll(s)],
  ['every byte, lower case hex', (s) => percentAll(s, true)],
  ['encoded twice', (s) => encodeURIComponent(encodeURIComponent(s))],
  ['base64', (s) => base64(s)],
  ['base64url', (s) => base64(s, true)],
  ['base64 of id:secret', (s) => base64(`${CLIENT.id}:${s}`)],
  ['base64 after two bytes', (s) => base64(`xy${s}zz`)],
  ['HTML-escaped', (s) => htmlEscape(s)],
  ['every character a decimal HTML entity', (s) => [...s].map((c) => `&#${c.codePointAt(0)};`).join('')],
  ['every character a hex HTML entity', (s) => [...s].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join('')],
  [
    'JSON escapes of "/" and of non-ASCII',
    (s) =>
      JSON.stringify(s)
        .slice(1, -1)
        .replace(/\//g, '\\/')
        .replace(/[^ -~]/g, jsonU),
  ],
  ['every character a JSON \\u escape', (s) => s.replace(/[\s\S]/g, jsonU)],
];

function htmlEscape(text: string): string {
  const named: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  return text.replace(/[&<>"']/g, (c) => named[c]);
}

function jsonU(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** What follows `client_secret=` in a form, or the whole echo. */
function secretPart(echo: string): string {
  const at = echo.indexOf('client_secret=');
  return at < 0 ? echo : echo.slice(at + 'client_secret='.length);
}

/** Every piece of `echo` of `length` characters, which must all be gone. */
function pieces(echo: string, length = 10): string[] {
  return Array.from({ length: Math.max(0, echo.length - length + 1) }, (_, i) => echo.slice(i, i + length));
}

describe('auth: a secret echoed back encoded', () => {
  let sim: Simulator;
  let encode: (secret: string, form: string) => string;

  beforeEach(async () => {
    sim = await startSimulator({
      clients: [CLIENT],
      tokenReply: (form, raw) => ({
        status: 401,
        body: {
          error: 'invalid_client',
          error_description: `refused ${encode(form.get('client_secret') ?? '', raw)} (${CLIENT.id})`,
        },
      }),
    });
  });
  afterEach(() => sim.close());

  for (const [name, enc] of ENCODINGS) {
    it(`is redacted from every text of the error: ${name}`, async () => {
      encode = enc;
      const source = createTokenSource(
        { kind: 'client', clientId: CLIENT.id, clientSecret: CLIENT.secret },
        { tokenUrl: sim.tokenUrl },
      );
      let caught: unknown;
      try {
        await source.getToken();
      } catch (err) {
        caught = err;
      }
      assert.ok(caught instanceof ApiError && caught.kind === 'unauthorized', String(caught));
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
      }).toString();
      const echo = secretPart(enc(CLIENT.secret, form));
      for (const text of [caught.message, caught.serverMessage ?? '', describeError(caught)]) {
        assert.match(text, /refused .*\*\*\*/);
        assert.deepEqual(
          pieces(echo).filter((p) => text.includes(p)),
          [],
          `${name}: ${text}`,
        );
      }
    });
  }

  it('redacts each encoding wherever it sits in a text, and leaves ordinary words alone', () => {
    const secret = 'Zq8/secret+Value=0123';
    for (const [name, enc] of ENCODINGS) {
      const echo = enc(secret, `client_secret=${encodeURIComponent(secret)}`);
      const out = redact(`before ${echo} after`, [secret, CLIENT.id]);
      assert.match(out, /^before .*\*\*\*.* after$/, `${name}: ${out}`);
      assert.deepEqual(
        pieces(secretPart(echo)).filter((p) => out.includes(p)),
        [],
        `${name}: ${out}`,
      );
    }
    assert.equal(redact('a plain 100% sentence + more', [secret]), 'a plain 100% sentence + more');
  });
});

describe('auth: token lifetimes', () => {
  let sim: Simulator;
  let t: number;
  let body: Record<string, unknown>;
  const now = () => t;
  const tokenRequests = () => sim.requests.filter((r) => r.path === '/as/token.oauth2').length;

  beforeEach(async () => {
    t = Date.parse('2025-09-18T10:00:00Z');
    sim = await startSimulator({
      clients: [CLIENT],
      now,
      tokenTtlS: 100_000,
      tokenReply: () => ({ status: 200, body }),
    });
  });
  afterEach(() => sim.close());

  const source = () =>
    createTokenSource(
      { kind: 'client', clientId: CLIENT.id, clientSecret: CLIENT.secret },
      { tokenUrl: sim.tokenUrl, now },
    );

  it(`accepts an answer without expires_in and keeps the token ${TOKEN_DEFAULT_LIFETIME_S / 60} min less the margin`, async () => {
    assert.equal(TOKEN_DEFAULT_LIFETIME_S, 3600);
    for (const expires of [undefined, null, '', 'soon', -5, '1e400', true, { s: 1 }]) {
      body = {
        access_token: '{token}',
        token_type: 'Bearer',
        ...(expires === undefined ? {} : { expires_in: expires }),
      };
      const s = source();
      const first = await s.getToken();
      t += 30 * 60_000;
      assert.equal(await s.getToken(), first, `expires_in ${String(expires)}: renewed too soon`);
      t += 30 * 60_000;
      assert.notEqual(await s.getToken(), first, `expires_in ${String(expires)}: kept past the default lifetime`);
    }
  });

  it(`gives expires_in 0 and tiny values a floor of ${TOKEN_MIN_LIFETIME_S} s, so a token is not fetched for every call`, async () => {
    for (const expires of [0, 1, '0', 0.001]) {
      body = { access_token: '{token}', expires_in: expires };
      const s = source();
      const before = tokenRequests();
      const first = await s.getToken();
      for (let i = 0; i < 20; i++) {
        t += 1_000;
        await s.getToken();
      }
      assert.equal(tokenRequests() - before, 1, `expires_in ${String(expires)}`);
      t += TOKEN_MIN_LIFETIME_S * 1000;
      assert.notEqual(await s.getToken(), first);
    }
  });

  it('renews a token at least once a day, whatever expires_in says', async () => {
    body = { access_token: '{token}', expires_in: Number.MAX_VALUE };
    const s = source();
    const first = await s.getToken();
    t += 23 * 3600_000;
    assert.equal(await s.getToken(), first);
    t += 3600_000;
    assert.notEqual(await s.getToken(), first);
  });

  it('still refuses an answer without a token, and says which field', async () => {
    body = { expires_in: 3600 };
    await assert.rejects(
      source().getToken(),
      (err: unknown) => err instanceof ApiError && /access_token/.test(err.message),
    );
  });
});
