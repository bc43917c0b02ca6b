/** Shared set-up of the client tests: a simulator, a client pointed at it, and error assertions. */
import * as assert from 'node:assert/strict';
import { createTokenSource } from '../../../src/core/auth';
import { CentralClient, ClientOptions } from '../../../src/core/client';
import { ApiError, ApiErrorKind } from '../../../src/core/errors';
import type { Simulator } from '../../simulator/server';

export const TOKEN = 'unit-test-token-0123456789';
export const SERIAL = 'CN12345678';

/** A client of `sim` with the static test token and a short timeout. */
export function clientFor(sim: Simulator, extra: Partial<ClientOptions> = {}): CentralClient {
  return new CentralClient({
    baseUrl: sim.baseUrl,
    auth: createTokenSource({ kind: 'token', token: TOKEN }),
    timeoutMs: 2000,
    ...extra,
  });
}

/** Awaits a rejection with an ApiError of `kind`, checks it carries no token, and returns it. */
export async function expectApiError(promise: Promise<unknown>, kind: ApiErrorKind): Promise<ApiError> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  assert.ok(
    caught instanceof ApiError,
    `expected ApiError(${kind}), got ${caught === undefined ? 'success' : String(caught)}`,
  );
  assert.equal(caught.kind, kind, caught.message);
  assert.ok(!caught.message.includes(TOKEN), 'the token leaked into the message');
  assert.ok(!(caught.serverMessage ?? '').includes(TOKEN), 'the token leaked into the server message');
  return caught;
}
