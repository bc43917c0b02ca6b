import * as assert from 'node:assert/strict';
import {
  SchemaError,
  errorBodySchema,
  listTasksSchema,
  numberishSchema,
  parseWith,
  startResponseSchema,
  startSweepRequestSchema,
  statusResponseSchema,
  tokenResponseSchema,
} from '../../src/core/schemas';

/** The completed example of the spec, numbers as strings. */
function specExample(): Record<string, unknown> {
  const cycle = (count: number) => ({
    count: String(count),
    replies: [10, 20, 30, 40, 50].map((size, i) => ({
      requestId: String((count - 1) * 5 + i + 1),
      size: String(size),
      timedOut: false,
    })),
  });
  return {
    status: 'COMPLETED',
    progressPercent: 100,
    startTime: '2025-09-18T10:00:01Z',
    endTime: '2025-09-18T10:00:05Z',
    failReason: null,
    output: {
      destination: '1.1.1.1',
      successRate: '100',
      transmittedPacketsCount: '10',
      receivedPacketsCount: '10',
      minimumRoundTripTimeMilliseconds: '110.597',
      averageRoundTripTimeMilliseconds: '110.767',
      maximumRoundTripTimeMilliseconds: '110.88',
      responses: [cycle(1), cycle(2)],
    },
  };
}

function schemaMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof SchemaError, `expected SchemaError, got ${String(err)}`);
    return err.message;
  }
  assert.fail('expected a SchemaError');
}

describe('schemas', () => {
  describe('numbers sent as strings', () => {
    it('accepts "12", "110.597" and 12', () => {
      assert.equal(numberishSchema.parse('12'), 12);
      assert.equal(numberishSchema.parse('110.597'), 110.597);
      assert.equal(numberishSchema.parse(12), 12);
      assert.equal(numberishSchema.parse(' 7 '), 7);
    });

    it('rejects "abc", "", null, booleans and NaN-like values', () => {
      for (const bad of ['abc', '', '1.2.3', '12px', null, true, Number.NaN, Infinity, {}]) {
        assert.equal(numberishSchema.safeParse(bad).success, false, `accepted ${String(bad)}`);
      }
    });
  });

  describe('statusResponseSchema', () => {
    it('parses the spec example into numbers', () => {
      const s = parseWith(statusResponseSchema, specExample(), 'status response');
      assert.equal(s.status, 'COMPLETED');
      assert.equal(s.output?.successRate, 100);
      assert.equal(s.output?.minimumRoundTripTimeMilliseconds, 110.597);
      assert.equal(s.output?.responses.length, 2);
      assert.deepEqual(s.output?.responses[1].replies[4], { requestId: 10, size: 50, timedOut: false });
      assert.equal(s.output?.responses[1].count, 2);
    });

    it('accepts numbers sent as JSON numbers', () => {
      const body = specExample();
      const output = body.output as Record<string, unknown>;
      output.successRate = 100;
      output.minimumRoundTripTimeMilliseconds = 110.5;
      (output.responses as Array<{ replies: Array<Record<string, unknown>> }>)[0].replies[0].size = 10;
      const s = parseWith(statusResponseSchema, body, 'status response');
      assert.equal(s.output?.successRate, 100);
      assert.equal(s.output?.minimumRoundTripTimeMilliseconds, 110.5);
      assert.equal(s.output?.responses[0].replies[0].size, 10);
    });

    it('tolerates unknown fields at every level', () => {
      const body = specExample();
      body.debugId = 'x';
      (body.output as Record<string, unknown>).jitter = '0.1';
      (body.output as { responses: Array<Record<string, unknown>> }).responses[0].extra = [1, 2];
      const s = parseWith(statusResponseSchema, body, 'status response');
      assert.equal(s.status, 'COMPLETED');
    });

    it('reads a running task with nulls and missing optional fields', () => {
      const s = parseWith(
        statusResponseSchema,
        { status: 'RUNNING', progressPercent: '40', startTime: '2025-09-18T10:00:01Z' },
        'status',
      );
      assert.deepEqual(s, {
        status: 'RUNNING',
        progressPercent: 40,
        startTime: '2025-09-18T10:00:01Z',
        endTime: null,
        failReason: null,
        output: null,
      });
    });

    it('gives null RTTs when nothing answered, and clamps progress into 0..100', () => {
      const body = specExample();
      const output = body.output as Record<string, unknown>;
      output.minimumRoundTripTimeMilliseconds = null;
      delete output.averageRoundTripTimeMilliseconds;
      output.maximumRoundTripTimeMilliseconds = '';
      body.progressPercent = 140;
      const s = parseWith(statusResponseSchema, body, 'status');
      assert.equal(s.output?.minimumRoundTripTimeMilliseconds, null);
      assert.equal(s.output?.averageRoundTripTimeMilliseconds, null);
      assert.equal(s.output?.maximumRoundTripTimeMilliseconds, null);
      assert.equal(s.progressPercent, 100);
    });

    it('degrades a wrong nested field instead of refusing the answer, and notes its path', () => {
      const body = specExample();
      (body.output as { responses: Array<{ replies: Array<Record<string, unknown>> }> }).responses[0].replies[3].size =
        'abc';
      const s = parseWith(statusResponseSchema, body, 'status response');
      assert.equal(s.output?.responses[0].replies[3].size, null);
      assert.equal(s.output?.responses[0].replies[4].size, 50);
      assert.ok(s.notes?.some((n) => n.field === 'output.responses.0.replies.3.size' && n.shown));
    });

    it('names a missing or mistyped status, the one field it cannot do without', () => {
      const noStatus = specExample();
      delete noStatus.status;
      assert.match(
        schemaMessage(() => parseWith(statusResponseSchema, noStatus, 'status')),
        /status: missing, expected string/,
      );
      assert.match(
        schemaMessage(() => parseWith(statusResponseSchema, { ...specExample(), status: 42 }, 'status')),
        /status: expected string, got number/,
      );
      const missing = specExample();
      delete (missing.output as Record<string, unknown>).destination;
      assert.equal(parseWith(statusResponseSchema, missing, 'status').output?.destination, '');
    });

    it('never echoes a value in a schema error', () => {
      try {
        parseWith(statusResponseSchema, { ...specExample(), status: ['secret-looking-value'] }, 'status');
        assert.fail('should throw');
      } catch (err) {
        assert.ok(err instanceof SchemaError);
        assert.ok(!err.message.includes('secret-looking-value'));
        assert.match(err.message, /status: expected string, got array/);
      }
    });

    it('refuses a body that is not an object', () => {
      assert.match(
        schemaMessage(() => parseWith(statusResponseSchema, [1], 'status')),
        /\(body\): expected object, got array/,
      );
    });
  });

  describe('other payloads', () => {
    it('errorBodySchema is lenient', () => {
      assert.deepEqual(errorBodySchema.parse({ errorCode: 'HPE_GL_ERROR_NOT_FOUND', message: 'gone', debugId: 'x' }), {
        errorCode: 'HPE_GL_ERROR_NOT_FOUND',
        message: 'gone',
      });
      assert.deepEqual(errorBodySchema.parse({ errorCode: 5, message: ['x'] }), {
        errorCode: undefined,
        message: undefined,
      });
    });

    it('startResponseSchema reads the 202 body', () => {
      const r = startResponseSchema.parse({
        location: '/network-troubleshooting/v1/x',
        status: 'INITIATED',
        startTime: null,
        extra: 1,
      });
      assert.equal(r.status, 'INITIATED');
      assert.equal(r.startTime, null);
    });

    it('listTasksSchema reads test groups', () => {
      const r = listTasksSchema.parse([{ testName: 'pingSweep', locations: ['/a', '/b'], more: true }]);
      assert.deepEqual(r, [{ testName: 'pingSweep', locations: ['/a', '/b'] }]);
      assert.match(
        schemaMessage(() => parseWith(listTasksSchema, [{ testName: 'x', locations: [1] }], 'list')),
        /0\.locations\.0: expected string/,
      );
    });

    it('tokenResponseSchema accepts expires_in as number or string and needs a token', () => {
      assert.equal(tokenResponseSchema.parse({ access_token: 'abc', expires_in: '7199' }).expires_in, 7199);
      assert.equal(
        tokenResponseSchema.parse({ access_token: 'abc', expires_in: 7200, token_type: 'Bearer' }).token_type,
        'Bearer',
      );
      assert.equal(tokenResponseSchema.safeParse({ access_token: '', expires_in: 1 }).success, false);
    });
  });

  describe('startSweepRequestSchema', () => {
    const base = { destination: '1.1.1.1', startPacketSize: 100, endPacketSize: 500, sweepInterval: 100 };

    it('defaults count to 5', () => {
      assert.equal(startSweepRequestSchema.parse(base).count, 5);
    });

    it('refuses end below start, sizes below 1 and more than 100 requests', () => {
      assert.match(
        schemaMessage(() => parseWith(startSweepRequestSchema, { ...base, endPacketSize: 50 }, 'sweep')),
        /endPacketSize: must be at least/,
      );
      assert.equal(startSweepRequestSchema.safeParse({ ...base, startPacketSize: 0 }).success, false);
      assert.equal(startSweepRequestSchema.safeParse({ ...base, destination: '  ' }).success, false);
      // 5 sizes x 20 cycles = 100 is the most allowed; 21 cycles is too many.
      assert.equal(startSweepRequestSchema.safeParse({ ...base, count: 20 }).success, true);
      assert.match(
        schemaMessage(() => parseWith(startSweepRequestSchema, { ...base, count: 21 }, 'sweep')),
        /count: sizes x count is 105/,
      );
    });

    it('words limits and integers itself, as zod/mini loads no locale', () => {
      const sweep = (patch: Record<string, unknown>) =>
        schemaMessage(() => parseWith(startSweepRequestSchema, { ...base, ...patch }, 'sweep'));
      assert.match(sweep({ destination: '  ' }), /destination: Too small: expected string to have >=1 characters/);
      assert.match(sweep({ sweepInterval: 0 }), /sweepInterval: Too small: expected number to be >=1/);
      assert.match(sweep({ count: 2.5 }), /count: expected int, got number/);
      assert.doesNotMatch(sweep({ startPacketSize: -1 }), /Invalid input/);
    });
  });
});
