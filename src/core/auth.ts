/**
 * Bearer-token sources: a token the user pasted, or API client credentials exchanged for a token at the
 * HPE GreenLake SSO endpoint, cached until shortly before it expires and refreshed by one request however
 * many callers ask at once.
 */
import { DEFAULT_TOKEN_URL } from './endpoints';
import { ApiError } from './errors';
import { SchemaError, parseWith, tokenResponseSchema } from './schemas';
import { contentTypeOf, errorFromAnswer, exchange, tryJson } from './transport';

/** What the user stores in SecretStorage. */
export type Credentials = { kind: 'token'; token: string } | { kind: 'client'; clientId: string; clientSecret: string };

/** Gives the bearer token for the next request. */
export interface TokenSource {
  /** The current token, fetching a new one first when needed. Rejects with an {@link ApiError}. */
  getToken(signal?: AbortSignal): Promise<string>;
  /**
   * Forgets the cached token after the server refused it. When `rejected` is given and a newer token is
   * already cached, the newer one is kept (another caller has refreshed meanwhile).
   */
  invalidate(rejected?: string): void;
  /** True when a refused token can be replaced without asking the user (client credentials). */
  readonly refreshable: boolean;
}

/** Options of {@link createTokenSource}. */
export interface TokenSourceOptions {
  tokenUrl?: string;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
  /** One line per token request, e.g. `POST /as/token.oauth2 -> 200 (80 ms)`; never a secret. */
  log?: (line: string) => void;
}

/** Tokens are renewed this long before they expire, so a request never carries one about to lapse. */
export const TOKEN_EXPIRY_MARGIN_MS = 60_000;

const PRINTABLE_NO_SPACE = /^[\x21-\x7e]+$/;

/** Undefined when `s` looks like a bearer token, else what is expected. Never echoes the value. */
export function validateToken(s: string): string | undefined {
  if (!s) return 'Paste the access token.';
  if (/^bearer\s/i.test(s)) return 'Paste the token without the "Bearer " prefix.';
  if (!PRINTABLE_NO_SPACE.test(s))
    return 'An access token has no spaces or line breaks (letters, digits and . - _ ~ + / =).';
  if (s.length < 16) return 'That is too short for an access token; paste the whole token.';
  return undefined;
}

/** Undefined when `s` looks like an API client id, else what is expected. */
export function validateClientId(s: string): string | undefined {
  if (!s) return 'Enter the client id of your API client (HPE GreenLake > Manage workspace > Personal API clients).';
  if (!PRINTABLE_NO_SPACE.test(s)) return 'A client id has no spaces (letters, digits and punctuation only).';
  if (s.length > 256) return 'That is too long for a client id.';
  return undefined;
}

/** Undefined when `s` looks like an API client secret, else what is expected. Never echoes the value. */
export function validateClientSecret(s: string): string | undefined {
  if (!s) return 'Enter the client secret that was shown when the API client was created.';
  if (!PRINTABLE_NO_SPACE.test(s)) return 'A client secret has no spaces or line breaks.';
  if (s.length < 8) return 'That is too short for a client secret; paste the whole secret.';
  if (s.length > 1024) return 'That is too long for a client secret.';
  return undefined;
}

/** Waits for a shared promise, but lets one caller give up without cancelling it for the others. */
function raceAbort<T>(shared: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return shared;
  if (signal.aborted) return Promise.reject(new ApiError('aborted', 'Cancelled.'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ApiError('aborted', 'Cancelled.'));
    signal.addEventListener('abort', onAbort, { once: true });
    shared.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/**
 * The lifetime assumed of a token whose answer has no readable `expires_in` (it is optional in RFC 6749).
 * HPE's tokens last 2 hours; one hour stays on the safe side, and a 401 renews a token that lapses sooner.
 */
export const TOKEN_DEFAULT_LIFETIME_S = 3600;
/** A shorter `expires_in` (0, or a fraction of a second) is read as this, so a token is not fetched for every call. */
export const TOKEN_MIN_LIFETIME_S = 60;
/** A longer one is read as this: a token is asked for again at least once a day. */
export const TOKEN_MAX_LIFETIME_S = 24 * 3600;

/**
 * How long a token is used: its lifetime (`expires_in` within the bounds above, or the default) minus the
 * margin, or half of it when that is shorter.
 */
export function usableLifetimeMs(expiresInS: number | null): number {
  const seconds =
    expiresInS === null
      ? TOKEN_DEFAULT_LIFETIME_S
      : Math.min(TOKEN_MAX_LIFETIME_S, Math.max(TOKEN_MIN_LIFETIME_S, expiresInS));
  const life = seconds * 1000;
  return life > 2 * TOKEN_EXPIRY_MARGIN_MS ? life - TOKEN_EXPIRY_MARGIN_MS : life / 2;
}

class ClientCredentialsSource implements TokenSource {
  readonly refreshable = true;
  private cached: { token: string; usableUntil: number } | undefined;
  private inflight: Promise<string> | undefined;

  constructor(
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly opts: Required<Omit<TokenSourceOptions, 'log'>> & Pick<TokenSourceOptions, 'log'>,
  ) {}

  getToken(signal?: AbortSignal): Promise<string> {
    if (this.cached && this.opts.now() < this.cached.usableUntil) return Promise.resolve(this.cached.token);
    if (!this.inflight) {
      // Not tied to any caller's signal: one impatient caller must not fail the others sharing it.
      this.inflight = this.fetchToken().finally(() => {
        this.inflight = undefined;
      });
    }
    return raceAbort(this.inflight, signal);
  }

  invalidate(rejected?: string): void {
    if (rejected === undefined || this.cached?.token === rejected) this.cached = undefined;
  }

  private async fetchToken(): Promise<string> {
    const { tokenUrl, now } = this.opts;
    const requestedAt = now();
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.clientId,
      client_secret: this.clientSecret,
    });
    const answer = await exchange(
      tokenUrl,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: body.toString(),
      },
      { fetch: this.opts.fetch, timeoutMs: this.opts.timeoutMs, now },
    ).catch((err: unknown) => {
      this.opts.log?.(`POST ${new URL(tokenUrl).pathname} -> ${err instanceof ApiError ? err.kind : 'error'}`);
      throw err;
    });
    this.opts.log?.(`POST ${new URL(tokenUrl).pathname} -> ${answer.status} (${answer.elapsedMs} ms)`);
    const secrets = [this.clientSecret, this.clientId];
    if (answer.status !== 200) {
      const err = errorFromAnswer(answer, now(), secrets);
      // The SSO answers 400 invalid_client as often as 401: both mean the credentials are wrong.
      if (answer.status === 400 || answer.status === 401) {
        const text = `The client credentials were refused (${answer.status}); set new credentials`;
        throw new ApiError('unauthorized', err.serverMessage ? `${text}: ${err.serverMessage}` : text, {
          status: answer.status,
          code: err.code,
          serverMessage: err.serverMessage,
        });
      }
      throw err;
    }
    const json = tryJson(answer.text);
    if (!json)
      throw new ApiError(
        'notJson',
        `The token endpoint answered ${contentTypeOf(answer)} instead of JSON; check the token URL`,
        { status: 200 },
      );
    let parsed;
    try {
      parsed = parseWith(tokenResponseSchema, json.value, 'token response');
    } catch (err) {
      const detail = err instanceof SchemaError ? err.message : 'invalid';
      throw new ApiError('schema', `Unexpected answer from the token endpoint: ${detail}`, { status: 200 });
    }
    this.cached = { token: parsed.access_token, usableUntil: requestedAt + usableLifetimeMs(parsed.expires_in) };
    return parsed.access_token;
  }
}

class StaticTokenSource implements TokenSource {
  readonly refreshable = false;
  constructor(private readonly token: string) {}
  getToken(): Promise<string> {
    if (!this.token) return Promise.reject(new ApiError('unauthorized', 'No access token is set; set credentials'));
    return Promise.resolve(this.token);
  }
  invalidate(): void {
    // A pasted token cannot be renewed here; the user has to paste a new one.
  }
}

/** Builds the token source for stored credentials. */
export function createTokenSource(creds: Credentials, opts: TokenSourceOptions = {}): TokenSource {
  if (creds.kind === 'token') return new StaticTokenSource(creds.token);
  return new ClientCredentialsSource(creds.clientId, creds.clientSecret, {
    tokenUrl: opts.tokenUrl ?? DEFAULT_TOKEN_URL,
    fetch: opts.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    now: opts.now ?? Date.now,
    timeoutMs: opts.timeoutMs ?? 15_000,
    log: opts.log,
  });
}
