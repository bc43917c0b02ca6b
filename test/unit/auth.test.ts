import * as assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  TOKEN_EXPIRY_MARGIN_MS,
  createTokenSource,
  validateClientId,
  validateClientSecret,
  validateToken,
} from '../../src/core/auth';
import { ApiError } from '../../src/core/errors';
import { Simulator, startSimulator } from '../simulator/server';

const CLIENT = { id: 'client-0001', secret: 'super-secret-value-0001' };

describe('auth', () => {
  let sim: Simulator;
  let t: number;
  const now = () => t;
  const tokenRequests = () => sim.requests.filter((r) => r.path === '/as/token.oauth2').length;
  const client = (secret = CLIENT.secret) =>
    createTokenSource({ kind: 'client', clientId: CLIENT.id, clientSecret: secret }, { tokenUrl: sim.tokenUrl, now });

  beforeEach(async () => {
    t = Date.parse('2025-09-18T10:00:00Z');
    sim = await startSimulator({ clients: [CLIENT], now, tokenTtlS: 7200 });
  });
  afterEach(() => sim.close());

  it('exchanges client credentials for a token the API accepts', async () => {
    const source = client();
    assert.equal(source.refreshable, true);
    const token = await source.getToken();
    assert.match(token, /^sim-/);
    const res = await fetch(`${sim.baseUrl}/network-troubleshooting/v1/gateways/CN12345678/list-tasks`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 200);
    await res.text();
    assert.equal(sim.requests.at(-1)?.auth, 'valid');
  });

  it('caches the token until expires_in minus the margin, on the injected clock', async () => {
    const source = client();
    const first = await source.getToken();
    t += 7200_000 - TOKEN_EXPIRY_MARGIN_MS - 1;
    assert.equal(await source.getToken(), first);
    assert.equal(tokenRequests(), 1);
    t += 1;
    const second = await source.getToken();
    assert.notEqual(second, first);
    assert.equal(tokenRequests(), 2);
  });

  it('uses half the life of a token shorter than twice the margin', async () => {
    await sim.close();
    sim = await startSimulator({ clients: [CLIENT], now, tokenTtlS: 60 });
    const source = client();
    await source.getToken();
    t += 29_999;
    await source.getToken();
    assert.equal(tokenRequests(), 1);
    t += 1;
    await source.getToken();
    assert.equal(tokenRequests(), 2);
  });

  it('makes exactly one token request for concurrent callers', async () => {
    const source = client();
    const tokens = await Promise.all(Array.from({ length: 8 }, () => source.getToken()));
    assert.equal(new Set(tokens).size, 1);
    assert.equal(tokenRequests(), 1);
  });

  it('lets one caller give up without failing the others sharing the request', async () => {
    const source = client();
    const controller = new AbortController();
    const quitter = source.getToken(controller.signal);
    const stayer = source.getToken();
    controller.abort();
    await assert.rejects(quitter, (e: unknown) => e instanceof ApiError && e.kind === 'aborted');
    assert.match(await stayer, /^sim-/);
    assert.equal(tokenRequests(), 1);
  });

  it('fetches a new token after invalidate, but keeps a newer one than the token refused', async () => {
    const source = client();
    const first = await source.getToken();
    source.invalidate();
    const second = await source.getToken();
    assert.notEqual(second, first);
    source.invalidate(first);
    assert.equal(await source.getToken(), second);
    assert.equal(tokenRequests(), 2);
    source.invalidate(second);
    await source.getToken();
    assert.equal(tokenRequests(), 3);
  });

  it('reports refused credentials as unauthorized without echoing the secret', async () => {
    const source = client('wrong-secret-value-999');
    await assert.rejects(source.getToken(), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.kind, 'unauthorized');
      assert.equal(e.status, 401);
      assert.equal(e.code, 'invalid_client');
      assert.match(e.message, /client credentials were refused \(401\).*Client authentication failed/);
      assert.ok(!e.message.includes('wrong-secret-value-999'));
      return true;
    });
    // A failed exchange is not cached: the next call asks again.
    await assert.rejects(source.getToken());
    assert.equal(tokenRequests(), 2);
  });

  it('reports an HTML token endpoint and a refused connection', async () => {
    const html = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html></html>'));
    await new Promise<void>((r) => html.listen(0, '127.0.0.1', r));
    const port = (html.address() as AddressInfo).port;
    try {
      const source = createTokenSource(
        { kind: 'client', clientId: 'a', clientSecret: 'b' },
        { tokenUrl: `http://127.0.0.1:${port}/as/token.oauth2` },
      );
      await assert.rejects(
        source.getToken(),
        (e: unknown) => e instanceof ApiError && e.kind === 'notJson' && /text\/html/.test(e.message),
      );
    } finally {
      await new Promise((r) => html.close(r));
    }
    const refused = createTokenSource(
      { kind: 'client', clientId: 'a', clientSecret: 'b' },
      { tokenUrl: `http://127.0.0.1:${port}/t` },
    );
    await assert.rejects(
      refused.getToken(),
      (e: unknown) => e instanceof ApiError && e.kind === 'network' && /refused/.test(e.message),
    );
  });

  it('serves a pasted token as is, and cannot refresh it', async () => {
    const source = createTokenSource({ kind: 'token', token: 'pasted-token-0123456789' });
    assert.equal(source.refreshable, false);
    assert.equal(await source.getToken(), 'pasted-token-0123456789');
    source.invalidate();
    assert.equal(await source.getToken(), 'pasted-token-0123456789');
    await assert.rejects(
      createTokenSource({ kind: 'token', token: '' }).getToken(),
      (e: unknown) => e instanceof ApiError && e.kind === 'unauthorized',
    );
  });

  it('validates what the user pastes without echoing it', () => {
    assert.equal(validateToken('eyJhbGciOiJSUzI1NiJ9.payload.signature'), undefined);
    assert.match(validateToken('') ?? '', /Paste/);
    assert.match(validateToken('Bearer eyJhbGciOiJSUzI1NiJ9.x.y') ?? '', /without the "Bearer "/);
    assert.match(validateToken('abc def ghi jkl mno pqr') ?? '', /no spaces/);
    assert.match(validateToken('short') ?? '', /too short/);
    assert.equal(validateClientId('7f3a-client'), undefined);
    assert.ok(validateClientId(''));
    assert.ok(validateClientId('a b'));
    assert.equal(validateClientSecret('0123456789abcdef'), undefined);
    assert.ok(validateClientSecret(''));
    assert.ok(validateClientSecret('with space in it'));
    for (const message of [validateToken('secret-with space'), validateClientSecret('secret-with space')]) {
      assert.ok(message && !message.includes('secret-with'));
    }
  });
});
