/**
 * Error types shared by the core and the editor layer.
 *
 * Every failure of a Central request becomes one {@link ApiError} whose `kind` is decided by the HTTP
 * status (never by the vendor's error-code string, which differs between `v1` and `v1alpha1`), so callers
 * can branch on `kind` alone.
 */

import { LONGEST_ENCODING_PER_BYTE, redactSecrets } from './secretPatterns';

/** What went wrong, coarse enough to drive retry and UI decisions. */
export type ApiErrorKind =
  | 'badRequest'
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'conflict'
  | 'rateLimited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'notJson'
  | 'tooLarge'
  | 'schema'
  | 'aborted'
  | 'http';

/** Optional details of an {@link ApiError}. */
export interface ApiErrorDetails {
  status?: number;
  /** The vendor's `errorCode` (e.g. `HPE_GL_ERROR_NOT_FOUND`); informational only. */
  code?: string;
  /** The server's own `message`, already redacted. */
  serverMessage?: string;
  /** How long the server asked us to wait (429/503), in ms. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** Marks an ApiError of any copy of this module: the lazily loaded bundles each carry their own copy. */
const API_ERROR = Symbol.for('pingSweep.ApiError');

/** A failed request to Central (or to the token endpoint). The message is short and safe to show. */
export class ApiError extends Error {
  /** `instanceof` holds for an ApiError made by another bundle's copy of this class too. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [API_ERROR]?: unknown })[API_ERROR] === true;
  }

  readonly [API_ERROR] = true;
  readonly kind: ApiErrorKind;
  readonly status?: number;
  readonly code?: string;
  readonly serverMessage?: string;
  readonly retryAfterMs?: number;

  constructor(kind: ApiErrorKind, message: string, details: ApiErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ApiError';
    this.kind = kind;
    this.status = details.status;
    this.code = details.code;
    this.serverMessage = details.serverMessage;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Input the user (or a caller) supplied that cannot be used; the message says what is expected. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

const RETRYABLE: ReadonlySet<ApiErrorKind> = new Set<ApiErrorKind>([
  'rateLimited',
  'server',
  'network',
  'timeout',
  // An HTML page instead of JSON is nearly always a proxy or maintenance page in front of Central,
  // which goes away on its own; a wrong base URL is caught by the poller's failure limit instead.
  'notJson',
]);

/** True when asking again later may succeed (429, 5xx, network trouble, timeouts, proxy pages). */
export function isRetryable(err: unknown): boolean {
  return err instanceof ApiError && RETRYABLE.has(err.kind);
}

/** True for a cancellation by the caller, which the UI should stay silent about. */
export function isAbort(err: unknown): boolean {
  if (err instanceof ApiError) return err.kind === 'aborted';
  return err instanceof Error && err.name === 'AbortError';
}

/** The most of a server's message that is ever shown, in characters. */
export const MAX_SERVER_MESSAGE = 200;

/**
 * Removes secrets from text that came from elsewhere (a server message may echo a header).
 * Each of `secrets` is replaced however it was encoded (see `secretPatterns.ts`), and so is anything shaped
 * like `Bearer <token>` or a JWT. Linear in the length of `text` for the shapes; matching the secrets costs at
 * most the text times the longest secret, which is why callers redact only what they will show.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = redactSecrets(text, secrets);
  // The class after the blanks holds no blank and no '=', so nothing here can backtrack more than once.
  out = out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, '$1 ***');
  return out.includes('eyJ') ? out.replace(DOTTED_RUN, redactJwt) : out;
}

/**
 * A maximal run of base64url words joined by dots. The look-behind lets a match start only where a run
 * starts, so a long run is scanned once instead of once from each of its characters.
 */
const DOTTED_RUN = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+/g;

/**
 * A JWT (or the first two parts of one, when a message was cut): `eyJ` and 5 more characters where a word
 * starts, a dot, and 5 or more. Everything from there to the end of the dotted run is a token.
 */
function redactJwt(run: string): string {
  let from = run.indexOf('eyJ');
  while (from >= 0) {
    const before = from === 0 ? '' : run[from - 1];
    const dot = run.indexOf('.', from);
    const next = dot < 0 ? -1 : run.indexOf('.', dot + 1);
    const second = dot < 0 ? 0 : (next < 0 ? run.length : next) - dot - 1;
    if (!/[A-Za-z0-9_]/.test(before) && dot - from >= 8 && second >= 5) return `${run.slice(0, from)}***`;
    from = run.indexOf('eyJ', from + 3);
  }
  return run;
}

/**
 * The server's words, ready to show: only a window a little longer than what is shown is redacted, never the
 * whole (possibly huge) text. A cut may split a secret, and a part of one no longer matches: so when the text
 * was cut, the end of its last word (a secret and its encodings hold no blank) is dropped, as much of it as the
 * longest encoded secret could take up (a `Bearer` token or a JWT cut short still matches its own pattern).
 */
export function serverMessageFrom(
  text: string | undefined,
  secrets: ReadonlyArray<string | undefined> = [],
): string | undefined {
  if (text === undefined) return undefined;
  const longest = Math.max(
    0,
    ...secrets.map((s) => (s ? new TextEncoder().encode(s).length * LONGEST_ENCODING_PER_BYTE : 0)),
  );
  const size = 4 * MAX_SERVER_MESSAGE + 2 * longest;
  let window = text.slice(0, size);
  if (text.length > size && longest > 0) {
    let end = window.length;
    while (end > window.length - longest && end > 0 && !/\s/.test(window[end - 1])) end--;
    window = `${window.slice(0, end)}…`;
  }
  return shortServerMessage(redact(window, secrets));
}

/**
 * Makes text from elsewhere inert in a sentence of ours, such as an editor notification, which turns
 * `[label](command:…)` into a link that runs a command: a zero-width space after `]` breaks the syntax
 * without changing what is seen. Bidirectional overrides and isolates, which would reorder the rest of the
 * sentence (a "Trojan Source" spoof), are shown by their code point instead.
 */
export function inert(text: string): string {
  return text
    .replace(/\]\(/g, ']\u200b(')
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase()}>`);
}

/** Trims a server message to one short, inert line. */
export function shortServerMessage(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const line = inert(text).replace(/\s+/g, ' ').trim();
  if (!line) return undefined;
  return line.length > MAX_SERVER_MESSAGE ? `${line.slice(0, MAX_SERVER_MESSAGE - 1)}…` : line;
}

function seconds(ms: number): string {
  if (!Number.isFinite(ms)) return 'a while';
  return ms < 1000 ? '1 s' : `${Math.ceil(ms / 1000)} s`;
}

/** The kind of an HTTP error status; the vendor's error code is never consulted. */
export function kindForStatus(status: number): ApiErrorKind {
  switch (status) {
    case 400:
      return 'badRequest';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'notFound';
    case 409:
      return 'conflict';
    case 408:
      return 'timeout';
    case 429:
      return 'rateLimited';
    default:
      return status >= 500 && status <= 599 ? 'server' : 'http';
  }
}

/** Builds the {@link ApiError} of an HTTP error status, with a short message that includes the server's. */
export function errorForStatus(status: number, details: Omit<ApiErrorDetails, 'status'> = {}): ApiError {
  const kind = kindForStatus(status);
  const wait = details.retryAfterMs !== undefined ? `; retry in ${seconds(details.retryAfterMs)}` : '';
  let text: string;
  switch (kind) {
    case 'badRequest':
      text = 'Central refused the request (400)';
      break;
    case 'unauthorized':
      text = 'The credentials were refused (401); set new credentials';
      break;
    case 'forbidden':
      text = 'Access denied (403): the credentials lack permission for this gateway';
      break;
    case 'notFound':
      text = 'Not found (404)';
      break;
    case 'conflict':
      text = 'Conflict (409): the gateway may be offline or busy';
      break;
    case 'timeout':
      text = 'The server timed out waiting for the request (408)';
      break;
    case 'rateLimited':
      text = `Rate limit reached (429)${wait}`;
      break;
    case 'server':
      text = `Central had a server error (${status})${wait}`;
      break;
    default:
      text =
        status >= 300 && status < 400
          ? `Unexpected redirect (HTTP ${status}); check the base URL`
          : `Unexpected answer HTTP ${status}`;
  }
  const message = details.serverMessage ? `${text}: ${details.serverMessage}` : text;
  return new ApiError(kind, message, { ...details, status });
}

/**
 * One short sentence for the user. An {@link ApiError}'s message is written for the user at creation;
 * everything passes through {@link redact} once more so that no token can slip through.
 */
export function describeError(err: unknown): string {
  if (isAbort(err)) return 'Cancelled.';
  if (err instanceof Error) return redact(err.message);
  return redact(String(err));
}
