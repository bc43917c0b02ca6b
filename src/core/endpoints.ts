/**
 * Central's URL space for gateway ping sweeps: validation of each user-supplied part, path building with
 * encoding, and parsing of async-operation locations pasted by the user or returned by the server.
 */
import { InputError } from './errors';

/** API versions serving the ping-sweep endpoints. `v1` is current, `v1alpha1` is what the spec shows. */
export const API_VERSIONS = ['v1', 'v1alpha1'] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

/** True for a known API version string. */
export function isApiVersion(s: unknown): s is ApiVersion {
  return typeof s === 'string' && (API_VERSIONS as readonly string[]).includes(s);
}

export type ClusterId =
  'de1' | 'de2' | 'de3' | 'gb1' | 'us1' | 'us2' | 'us4' | 'us5' | 'us6' | 'ca1' | 'in1' | 'jp1' | 'au1' | 'ae1';

// Labels name the country of the host name only; Central's own region names vary between documents.
const CLUSTER_LABELS: ReadonlyArray<[ClusterId, string]> = [
  ['de1', 'Germany 1'],
  ['de2', 'Germany 2'],
  ['de3', 'Germany 3'],
  ['gb1', 'United Kingdom'],
  ['us1', 'United States 1'],
  ['us2', 'United States 2'],
  ['us4', 'United States 4'],
  ['us5', 'United States 5'],
  ['us6', 'United States 6'],
  ['ca1', 'Canada'],
  ['in1', 'India'],
  ['jp1', 'Japan'],
  ['au1', 'Australia'],
  ['ae1', 'United Arab Emirates'],
];

/** The public New Central API gateways, one per cluster. */
export const CENTRAL_CLUSTERS: ReadonlyArray<{ id: ClusterId; label: string; url: string }> = CLUSTER_LABELS.map(
  ([id, label]) => ({ id, label: `${label} (${id})`, url: `https://${id}.api.central.arubanetworks.com` }),
);

/** HPE GreenLake SSO endpoint that exchanges API client credentials for a bearer token. */
export const DEFAULT_TOKEN_URL = 'https://sso.common.cloud.hpe.com/as/token.oauth2';

const SERIAL = /^[A-Za-z0-9]{4,32}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Undefined when `s` is a plausible gateway serial, else what is expected. Does not trim. */
export function validateSerial(s: string): string | undefined {
  if (!s) return 'Enter the gateway serial number: letters and digits, e.g. CNXXXXXXXX.';
  if (!SERIAL.test(s)) return 'A gateway serial number has 4 to 32 letters and digits only, e.g. CNXXXXXXXX.';
  return undefined;
}

/** Trims and upper-cases a serial (Central shows them upper-case). */
export function normalizeSerial(s: string): string {
  return s.trim().toUpperCase();
}

/** Undefined when `s` is a task id (a UUID, any case), else what is expected. Does not trim. */
export function validateTaskId(s: string): string | undefined {
  if (!s) return 'Enter the task id: a UUID such as c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e.';
  if (!UUID.test(s))
    return 'A task id is a UUID: 32 hex digits as 8-4-4-4-12, e.g. c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e.';
  return undefined;
}

/** Trims and lower-cases a task id. */
export function normalizeTaskId(s: string): string {
  return s.trim().toLowerCase();
}

/** True for hosts that never leave this machine, the only ones where plain http is acceptable. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Checks scheme, credentials, query and fragment, shared by base and token URLs. */
function checkHttpUrl(s: string, example: string): { url: URL } | { error: string } {
  if (!s) return { error: `Enter a URL, e.g. ${example}.` };
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return { error: `Not a URL. Expected e.g. ${example}.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: `Use https, e.g. ${example}.` };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return { error: 'Use https; plain http is accepted only for localhost / 127.0.0.1 / [::1].' };
  }
  if (url.username || url.password || s.includes('@'))
    return { error: 'The URL must not contain a user name or password.' };
  if (url.search || url.hash || /[?#]/.test(s))
    return { error: 'The URL must not contain a query (?) or fragment (#).' };
  return { url };
}

/**
 * Undefined when `s` is usable as Central's base URL: https (http only for loopback), no path other than
 * `/`, no query, fragment or credentials.
 */
export function validateBaseUrl(s: string): string | undefined {
  const checked = checkHttpUrl(s, CENTRAL_CLUSTERS[0].url);
  if ('error' in checked) return checked.error;
  if (checked.url.pathname !== '/')
    return 'Enter only the scheme and host (no path), e.g. https://de1.api.central.arubanetworks.com.';
  return undefined;
}

/** The origin of a valid base URL, without a trailing slash. Throws {@link InputError} when invalid. */
export function normalizeBaseUrl(s: string): string {
  const problem = validateBaseUrl(s);
  if (problem) throw new InputError(`Base URL: ${problem}`);
  return new URL(s).origin;
}

/**
 * One spelling of a base URL, for storing and comparing: a usable one becomes its origin (scheme and host in
 * lower case, no default port, no trailing slash); anything else is only trimmed of spaces and trailing
 * slashes, so that its validation message still applies to what the user wrote.
 */
export function canonicalBaseUrl(s: string): string {
  let text = s.trim();
  // A loop, not /\/+$/: that pattern is quadratic on a long run of slashes followed by anything else.
  while (text.endsWith('/')) text = text.slice(0, -1);
  return text && validateBaseUrl(text) === undefined ? new URL(text).origin : text;
}

/** True when two base URLs name the same Central origin, however each is spelled. */
export function sameBaseUrl(a: string, b: string): boolean {
  return canonicalBaseUrl(a) === canonicalBaseUrl(b);
}

/** Like {@link validateBaseUrl} but a path is allowed (the token endpoint has one). */
export function validateTokenUrl(s: string): string | undefined {
  const checked = checkHttpUrl(s, DEFAULT_TOKEN_URL);
  return 'error' in checked ? checked.error : undefined;
}

function gatewayPrefix(version: ApiVersion, serial: string): string {
  if (!isApiVersion(version))
    throw new InputError(`Unknown API version "${String(version)}"; expected v1 or v1alpha1.`);
  const problem = validateSerial(serial);
  if (problem) throw new InputError(problem);
  return `/network-troubleshooting/${version}/gateways/${encodeURIComponent(serial)}`;
}

/** `GET` path of a sweep's status/result. Throws {@link InputError} on an invalid part. */
export function statusPath(version: ApiVersion, serial: string, taskId: string): string {
  const prefix = gatewayPrefix(version, serial);
  const problem = validateTaskId(taskId);
  if (problem) throw new InputError(problem);
  return `${prefix}/pingSweep/async-operations/${encodeURIComponent(taskId)}`;
}

/** `POST` path that starts a sweep. */
export function startPath(version: ApiVersion, serial: string): string {
  return `${gatewayPrefix(version, serial)}/pingSweep`;
}

/** `GET` path of a gateway's recent troubleshooting tasks. */
export function listTasksPath(version: ApiVersion, serial: string): string {
  return `${gatewayPrefix(version, serial)}/list-tasks`;
}

/** A task named by a pasted URL or location path. `version` is absent for a version we do not know. */
export interface TaskReference {
  serial: string;
  taskId: string;
  version?: ApiVersion;
}

const LOCATION_PATH =
  /^\/network-troubleshooting\/(v\d+[a-z0-9]*)\/gateways\/([^/]+)\/pingSweep\/async-operations\/([^/]+)\/?$/;
const ABSOLUTE = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/i;
const EXPECTED_SHAPE = '…/network-troubleshooting/v1/gateways/SERIAL/pingSweep/async-operations/TASK-ID';

/**
 * Reads serial, task id and version from an async-operation URL or location path, with or without a
 * query or fragment. Refuses a URL on a host other than `baseUrl`'s (when given), path traversal,
 * encoded slashes and anything not shaped like a ping-sweep location.
 */
export function parseTaskReference(input: string, baseUrl?: string): TaskReference | { error: string } {
  const text = input.trim();
  if (!text) return { error: `Paste an async-operation URL or location path (${EXPECTED_SHAPE}).` };
  let rawPath: string;
  const absolute = ABSOLUTE.exec(text);
  if (absolute) {
    // The raw path is taken from the text itself: the URL parser would resolve `..` and `%2e%2e`
    // before we could see them.
    rawPath = absolute[3] || '/';
    const checked = checkHttpUrl(text.replace(/[?#].*$/s, ''), CENTRAL_CLUSTERS[0].url);
    if ('error' in checked) return { error: checked.error };
    if (baseUrl !== undefined) {
      let expected: string;
      try {
        expected = new URL(baseUrl).origin;
      } catch {
        return { error: 'The configured base URL is not a URL; fix pingSweep.baseUrl first.' };
      }
      if (checked.url.origin !== expected) {
        return {
          error: `The URL is on ${checked.url.host}, not on the configured base URL ${new URL(expected).host}.`,
        };
      }
    }
  } else if (text.startsWith('/') || text.startsWith('network-troubleshooting/')) {
    rawPath = (text.startsWith('/') ? text : `/${text}`).replace(/[?#].*$/s, '');
  } else {
    return { error: `Not a URL or location path. Expected ${EXPECTED_SHAPE}.` };
  }
  if (/%2f|%5c|\\/i.test(rawPath)) return { error: 'The path contains an encoded slash or a backslash.' };
  if (/(^|\/)(\.|%2e){1,2}(\/|$)/i.test(rawPath)) return { error: 'The path contains "." or ".." segments.' };
  if (rawPath.includes('//')) return { error: 'The path contains an empty segment (//).' };
  const m = LOCATION_PATH.exec(rawPath);
  if (!m) return { error: `Not a ping-sweep task location. Expected ${EXPECTED_SHAPE}.` };
  const [, version, serial, taskId] = m;
  const serialProblem = validateSerial(serial);
  if (serialProblem) return { error: serialProblem };
  const taskProblem = validateTaskId(taskId);
  if (taskProblem) return { error: taskProblem };
  const ref: TaskReference = { serial: normalizeSerial(serial), taskId: normalizeTaskId(taskId) };
  if (isApiVersion(version)) ref.version = version;
  return ref;
}
