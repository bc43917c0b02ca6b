import * as assert from 'node:assert/strict';
import { parseRateLimit, parseResetHeader, parseRetryAfter, retryDelayMs } from '../../src/core/rateLimit';

const NOW = Date.parse('2025-09-18T10:00:00Z');

describe('rateLimit', () => {
  it('reads limit, remaining and an RFC 3339 reset', () => {
    const info = parseRateLimit(
      new Headers({
        'X-RateLimit-Limit': '5000',
        'X-RateLimit-Remaining': '4990',
        'X-RateLimit-Reset': '2025-09-18T10:30:00Z',
      }),
      NOW,
    );
    assert.deepEqual(info, { limit: 5000, remaining: 4990, resetAt: Date.parse('2025-09-18T10:30:00Z') });
  });

  it('reads RFC 3339 with an offset and fractional seconds', () => {
    assert.equal(parseResetHeader('2025-09-18T12:30:00.500+02:00', NOW), Date.parse('2025-09-18T10:30:00.500Z'));
    assert.equal(parseResetHeader('2025-09-18 10:30:00Z', NOW), Date.parse('2025-09-18T10:30:00Z'));
  });

  it('reads a small integer reset as seconds from now', () => {
    assert.equal(parseResetHeader('60', NOW), NOW + 60_000);
    assert.equal(parseResetHeader('0', NOW), NOW);
    assert.equal(parseResetHeader('3599', NOW), NOW + 3_599_000);
    // Beyond an hour: capped (see serverWaits.test.ts).
    assert.equal(parseResetHeader('999999999', NOW), NOW + 3_600_000);
  });

  it('reads a large integer reset as epoch seconds', () => {
    const epochS = Math.floor(NOW / 1000) + 120;
    assert.equal(parseResetHeader(String(epochS), NOW), epochS * 1000);
    assert.equal(parseResetHeader('1000000000', NOW), 1_000_000_000_000);
  });

  it('ignores an unreadable reset', () => {
    for (const bad of ['soon', '', '-5', '2025-09-18', 'Thu, 18 Sep 2025 10:30:00 GMT']) {
      assert.equal(parseResetHeader(bad, NOW), undefined, bad);
    }
  });

  it('reads Retry-After as seconds or an HTTP date, never negative', () => {
    assert.equal(parseRetryAfter('30', NOW), 30_000);
    assert.equal(parseRetryAfter('0', NOW), 0);
    assert.equal(parseRetryAfter('Thu, 18 Sep 2025 10:00:45 GMT', NOW), 45_000);
    assert.equal(parseRetryAfter('Thu, 18 Sep 2025 09:00:00 GMT', NOW), 0);
    assert.equal(parseRetryAfter('soon', NOW), undefined);
    assert.equal(parseRetryAfter('1.5', NOW), undefined);
    assert.equal(parseRetryAfter(null, NOW), undefined);
  });

  it('accepts the IETF draft list form of the limit and is case-insensitive', () => {
    const info = parseRateLimit(new Headers({ 'x-ratelimit-limit': '100, 100;w=3600', 'RETRY-AFTER': '5' }), NOW);
    assert.deepEqual(info, { limit: 100, retryAfterMs: 5000 });
  });

  it('gives an empty object when nothing was sent', () => {
    assert.deepEqual(parseRateLimit(new Headers({ 'Content-Type': 'application/json' }), NOW), {});
  });

  it('derives the wait after a 429 from Retry-After, else from a spent window', () => {
    assert.equal(retryDelayMs({ retryAfterMs: 7000, resetAt: NOW + 60_000 }, NOW), 7000);
    assert.equal(retryDelayMs({ remaining: 0, resetAt: NOW + 60_000 }, NOW), 60_000);
    assert.equal(retryDelayMs({ resetAt: NOW - 5 }, NOW), 0);
    assert.equal(retryDelayMs({ remaining: 3, resetAt: NOW + 60_000 }, NOW), undefined);
    assert.equal(retryDelayMs({}, NOW), undefined);
  });
});
