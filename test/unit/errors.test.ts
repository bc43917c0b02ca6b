import * as assert from 'node:assert/strict';
import {
  ApiError,
  InputError,
  describeError,
  errorForStatus,
  isAbort,
  isRetryable,
  kindForStatus,
  redact,
} from '../../src/core/errors';

describe('errors', () => {
  it('maps statuses to kinds, never looking at the vendor code', () => {
    const expected: Array<[number, string]> = [
      [400, 'badRequest'],
      [401, 'unauthorized'],
      [403, 'forbidden'],
      [404, 'notFound'],
      [409, 'conflict'],
      [408, 'timeout'],
      [429, 'rateLimited'],
      [500, 'server'],
      [502, 'server'],
      [503, 'server'],
      [504, 'server'],
      [302, 'http'],
      [405, 'http'],
      [418, 'http'],
    ];
    for (const [status, kind] of expected) assert.equal(kindForStatus(status), kind, String(status));
  });

  it('builds messages with the status, the server message and the wait', () => {
    const e = errorForStatus(429, {
      code: 'HPE_GL_ERROR_TOO_MANY_REQUESTS',
      serverMessage: 'Rate limit exceeded.',
      retryAfterMs: 30_000,
    });
    assert.equal(e.kind, 'rateLimited');
    assert.equal(e.status, 429);
    assert.equal(e.code, 'HPE_GL_ERROR_TOO_MANY_REQUESTS');
    assert.equal(e.retryAfterMs, 30_000);
    assert.equal(e.message, 'Rate limit reached (429); retry in 30 s: Rate limit exceeded.');
    assert.equal(errorForStatus(404).message, 'Not found (404)');
    assert.match(errorForStatus(301).message, /redirect/);
  });

  it('says which errors are worth retrying', () => {
    for (const kind of ['rateLimited', 'server', 'network', 'timeout', 'notJson'] as const) {
      assert.equal(isRetryable(new ApiError(kind, 'x')), true, kind);
    }
    for (const kind of [
      'badRequest',
      'unauthorized',
      'forbidden',
      'notFound',
      'conflict',
      'schema',
      'aborted',
      'http',
    ] as const) {
      assert.equal(isRetryable(new ApiError(kind, 'x')), false, kind);
    }
    assert.equal(isRetryable(new Error('boom')), false);
    assert.equal(isRetryable(undefined), false);
  });

  it('recognises cancellation', () => {
    assert.equal(isAbort(new ApiError('aborted', 'Cancelled.')), true);
    const domAbort = new Error('The operation was aborted');
    domAbort.name = 'AbortError';
    assert.equal(isAbort(domAbort), true);
    assert.equal(describeError(domAbort), 'Cancelled.');
    assert.equal(isAbort(new ApiError('timeout', 'x')), false);
  });

  it('redacts bearer tokens, JWTs and given secrets', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl';
    const text = `header was Authorization: Bearer abc.def-123 and ${jwt}; secret s3cr3t-value-1`;
    const out = redact(text, ['s3cr3t-value-1', 'ab']);
    assert.ok(!out.includes('abc.def-123'));
    assert.ok(!out.includes(jwt));
    assert.ok(!out.includes('s3cr3t-value-1'));
    assert.match(out, /Bearer \*\*\*/);
    // Short "secrets" are not applied: they would blank ordinary words.
    assert.match(out, /was/);
  });

  it('describes any error in one short line without tokens', () => {
    assert.equal(describeError(new InputError('Enter a serial.')), 'Enter a serial.');
    assert.equal(describeError(new Error('sent Bearer abcdefghijkl')), 'sent Bearer ***');
    assert.equal(describeError('plain'), 'plain');
    assert.equal(
      describeError(errorForStatus(500, { serverMessage: 'An unexpected error occurred.' })),
      'Central had a server error (500): An unexpected error occurred.',
    );
  });
});
