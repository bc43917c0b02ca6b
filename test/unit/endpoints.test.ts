import * as assert from 'node:assert/strict';
import {
  API_VERSIONS,
  CENTRAL_CLUSTERS,
  DEFAULT_TOKEN_URL,
  listTasksPath,
  normalizeBaseUrl,
  canonicalBaseUrl,
  sameBaseUrl,
  normalizeSerial,
  normalizeTaskId,
  parseTaskReference,
  startPath,
  statusPath,
  validateBaseUrl,
  validateSerial,
  validateTaskId,
  validateTokenUrl,
} from '../../src/core/endpoints';
import { InputError } from '../../src/core/errors';

const SERIAL = 'CN12345678';
const TASK = 'c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e';
const BASE = 'https://de1.api.central.arubanetworks.com';
const LOCATION = `/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep/async-operations/${TASK}`;

function errorOf(result: ReturnType<typeof parseTaskReference>): string {
  assert.ok('error' in result, `expected an error, got ${JSON.stringify(result)}`);
  return result.error;
}

describe('endpoints', () => {
  describe('validation', () => {
    it('accepts serials of letters and digits, says what is expected otherwise', () => {
      assert.equal(validateSerial(SERIAL), undefined);
      assert.equal(validateSerial('cn12345678'), undefined);
      for (const bad of ['', 'CN 1234567', 'CN-1234567', 'CN/12345678', 'ab', ' CN12345678']) {
        const message = validateSerial(bad);
        assert.ok(message, `accepted ${JSON.stringify(bad)}`);
        assert.match(message, /letters and digits/);
      }
      assert.equal(normalizeSerial('  cn12345678 '), SERIAL);
    });

    it('accepts UUID task ids in any case and normalizes to lower case', () => {
      assert.equal(validateTaskId(TASK), undefined);
      assert.equal(validateTaskId(TASK.toUpperCase()), undefined);
      for (const bad of ['', 'not-a-uuid', TASK.slice(1), `${TASK}0`, TASK.replace(/-/g, '')]) {
        assert.match(validateTaskId(bad) ?? '', /UUID/);
      }
      assert.equal(normalizeTaskId(` ${TASK.toUpperCase()} `), TASK);
    });

    it('accepts https base URLs and http only on loopback', () => {
      for (const ok of [
        BASE,
        `${BASE}/`,
        'http://127.0.0.1:8787',
        'http://localhost:3000',
        'http://[::1]:9',
        'http://127.1.2.3',
      ]) {
        assert.equal(validateBaseUrl(ok), undefined, ok);
      }
      assert.match(validateBaseUrl('http://de1.api.central.arubanetworks.com') ?? '', /https/);
      assert.match(validateBaseUrl('http://10.0.0.1') ?? '', /https/);
      assert.match(validateBaseUrl(`${BASE}/network-troubleshooting`) ?? '', /no path/);
      assert.match(validateBaseUrl(`${BASE}/?a=1`) ?? '', /query/);
      assert.match(validateBaseUrl(`${BASE}#x`) ?? '', /fragment/);
      assert.match(validateBaseUrl('https://user:pw@de1.api.central.arubanetworks.com') ?? '', /password/);
      assert.match(validateBaseUrl('ftp://x.example') ?? '', /https/);
      assert.match(validateBaseUrl('de1.api.central') ?? '', /Not a URL/);
      assert.match(validateBaseUrl('') ?? '', /Enter a URL/);
      assert.equal(normalizeBaseUrl(`${BASE}/`), BASE);
      assert.throws(() => normalizeBaseUrl('http://example.com'), InputError);
    });

    it('compares base URLs by origin: letter case, a default port and trailing slashes do not count', () => {
      const us5 = 'https://us5.api.central.arubanetworks.com';
      for (const spelling of [
        'HTTPS://US5.API.Central.ArubaNetworks.com',
        `${us5}/`,
        `${us5}//`,
        `${us5}:443`,
        ` ${us5.toUpperCase()}:443/ `,
      ]) {
        assert.ok(sameBaseUrl(spelling, us5), spelling);
        assert.equal(canonicalBaseUrl(spelling), us5);
      }
      assert.ok(sameBaseUrl('http://127.0.0.1:80/', 'HTTP://127.0.0.1'));
      assert.ok(sameBaseUrl('', ''));
      assert.ok(!sameBaseUrl(us5, 'https://us4.api.central.arubanetworks.com'));
      assert.ok(!sameBaseUrl('http://127.0.0.1:8787', 'http://127.0.0.1:8788'));
      assert.ok(!sameBaseUrl('http://127.0.0.1', 'https://127.0.0.1'));
      assert.ok(!sameBaseUrl(us5, ''));
      // What is not a usable base URL is kept as written, so that its validation message still applies.
      assert.equal(canonicalBaseUrl(`${us5}/network-troubleshooting`), `${us5}/network-troubleshooting`);
      assert.equal(canonicalBaseUrl('http://example.com/'), 'http://example.com');
      assert.equal(canonicalBaseUrl('not a url'), 'not a url');
      assert.equal(canonicalBaseUrl('x'.repeat(100_000)).length, 100_000);
      const started = performance.now();
      assert.equal(canonicalBaseUrl(`${'/'.repeat(200_000)}x`).length, 200_001);
      assert.ok(performance.now() - started < 50, 'a long run of slashes is handled in linear time');
    });

    it('allows a path in the token URL', () => {
      assert.equal(validateTokenUrl(DEFAULT_TOKEN_URL), undefined);
      assert.equal(validateTokenUrl('http://127.0.0.1:1234/as/token.oauth2'), undefined);
      assert.ok(validateTokenUrl('http://sso.example.com/as/token.oauth2'));
    });

    it('knows every Central cluster', () => {
      const ids = CENTRAL_CLUSTERS.map((c) => c.id);
      assert.deepEqual(ids, [
        'de1',
        'de2',
        'de3',
        'gb1',
        'us1',
        'us2',
        'us4',
        'us5',
        'us6',
        'ca1',
        'in1',
        'jp1',
        'au1',
        'ae1',
      ]);
      for (const c of CENTRAL_CLUSTERS) {
        assert.equal(validateBaseUrl(c.url), undefined);
        assert.ok(c.label.includes(c.id));
      }
    });
  });

  describe('paths', () => {
    it('builds the three paths for both versions', () => {
      assert.deepEqual([...API_VERSIONS], ['v1', 'v1alpha1']);
      for (const v of API_VERSIONS) {
        assert.equal(
          statusPath(v, SERIAL, TASK),
          `/network-troubleshooting/${v}/gateways/${SERIAL}/pingSweep/async-operations/${TASK}`,
        );
        assert.equal(startPath(v, SERIAL), `/network-troubleshooting/${v}/gateways/${SERIAL}/pingSweep`);
        assert.equal(listTasksPath(v, SERIAL), `/network-troubleshooting/${v}/gateways/${SERIAL}/list-tasks`);
      }
    });

    it('throws InputError on any invalid part, so nothing unencoded reaches a URL', () => {
      assert.throws(() => statusPath('v1', '../admin', TASK), InputError);
      assert.throws(() => statusPath('v1', SERIAL, `${TASK}/../x`), InputError);
      assert.throws(() => statusPath('v1', 'CN%2F1234', TASK), InputError);
      assert.throws(() => startPath('v2' as 'v1', SERIAL), /Unknown API version/);
      assert.throws(() => listTasksPath('v1', 'CN 1'), InputError);
    });
  });

  describe('parseTaskReference', () => {
    it('reads a full URL, a location path and one without the leading slash', () => {
      const expected = { serial: SERIAL, taskId: TASK, version: 'v1' };
      assert.deepEqual(parseTaskReference(`${BASE}${LOCATION}`), expected);
      assert.deepEqual(parseTaskReference(`${BASE}${LOCATION}`, BASE), expected);
      assert.deepEqual(parseTaskReference(LOCATION), expected);
      assert.deepEqual(parseTaskReference(LOCATION.slice(1)), expected);
      assert.deepEqual(parseTaskReference(`  ${LOCATION}/  `), expected);
    });

    it('reads v1alpha1, normalizes case, and leaves an unknown version out', () => {
      const mixed = `/network-troubleshooting/v1alpha1/gateways/cn12345678/pingSweep/async-operations/${TASK.toUpperCase()}`;
      assert.deepEqual(parseTaskReference(mixed), { serial: SERIAL, taskId: TASK, version: 'v1alpha1' });
      const future = parseTaskReference(LOCATION.replace('/v1/', '/v2beta1/'));
      assert.deepEqual(future, { serial: SERIAL, taskId: TASK });
    });

    it('ignores a query string and a fragment', () => {
      assert.deepEqual(parseTaskReference(`${LOCATION}?expand=true#top`), {
        serial: SERIAL,
        taskId: TASK,
        version: 'v1',
      });
      assert.deepEqual(parseTaskReference(`${BASE}${LOCATION}?a=/../b`, BASE), {
        serial: SERIAL,
        taskId: TASK,
        version: 'v1',
      });
    });

    it('refuses other hosts than the base URL, and http on non-loopback hosts', () => {
      assert.match(
        errorOf(parseTaskReference(`https://evil.example.com${LOCATION}`, BASE)),
        /evil\.example\.com.*not on the configured/,
      );
      assert.match(errorOf(parseTaskReference(`https://de2.api.central.arubanetworks.com${LOCATION}`, BASE)), /de2/);
      assert.match(errorOf(parseTaskReference(`${BASE}:8443${LOCATION}`, BASE)), /not on the configured/);
      assert.match(errorOf(parseTaskReference(`http://de1.api.central.arubanetworks.com${LOCATION}`)), /https/);
      assert.match(
        errorOf(parseTaskReference(`https://u:p@de1.api.central.arubanetworks.com${LOCATION}`, BASE)),
        /password/,
      );
      assert.deepEqual(parseTaskReference(`http://127.0.0.1:8787${LOCATION}`, 'http://127.0.0.1:8787'), {
        serial: SERIAL,
        taskId: TASK,
        version: 'v1',
      });
    });

    it('refuses traversal, encoded slashes and backslashes', () => {
      const traversal = [
        `/network-troubleshooting/v1/gateways/${SERIAL}/../${SERIAL}/pingSweep/async-operations/${TASK}`,
        `${BASE}/network-troubleshooting/v1/gateways/x/../../v1/gateways/${SERIAL}/pingSweep/async-operations/${TASK}`,
        `/network-troubleshooting/v1/gateways/${SERIAL}/%2e%2e/pingSweep/async-operations/${TASK}`,
        `/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep/async-operations/./${TASK}`,
      ];
      for (const input of traversal) assert.match(errorOf(parseTaskReference(input, BASE)), /"\." or "\.\."/, input);
      const encoded = [
        `/network-troubleshooting/v1/gateways/CN%2F12345678/pingSweep/async-operations/${TASK}`,
        `/network-troubleshooting/v1/gateways/${SERIAL}%2fpingSweep/async-operations/${TASK}`,
        `/network-troubleshooting/v1/gateways/${SERIAL}\\pingSweep/async-operations/${TASK}`,
        `/network-troubleshooting/v1/gateways/${SERIAL}%5Cx/pingSweep/async-operations/${TASK}`,
      ];
      for (const input of encoded)
        assert.match(errorOf(parseTaskReference(input)), /encoded slash or a backslash/, input);
    });

    it('refuses anything not shaped like a ping-sweep location', () => {
      for (const input of [
        '',
        SERIAL,
        TASK,
        `/network-troubleshooting/v1/gateways/${SERIAL}/traceroute/async-operations/${TASK}`,
        `/network-troubleshooting/v1/gateways/${SERIAL}/pingSweep`,
        `/other/v1/gateways/${SERIAL}/pingSweep/async-operations/${TASK}`,
        `/network-troubleshooting/v1/gateways//pingSweep/async-operations/${TASK}`,
        `${LOCATION}/extra`,
      ]) {
        assert.ok('error' in parseTaskReference(input), input);
      }
      assert.match(errorOf(parseTaskReference(LOCATION.replace(TASK, 'abc'))), /UUID/);
      assert.match(errorOf(parseTaskReference(LOCATION.replace(SERIAL, 'CN-1'))), /letters and digits/);
    });
  });
});
