/**
 * The simulator's OAuth 2 token endpoint (`POST /as/token.oauth2`), shaped like HPE GreenLake SSO:
 * form-encoded `grant_type=client_credentials` with the client in the form or in HTTP Basic.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimState } from './state';
import { readBody, sendJson } from './wire';

function basicClient(header: string | undefined): { id: string; secret: string } | undefined {
  const m = header ? /^Basic\s+(\S+)$/i.exec(header) : null;
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

export async function handleToken(state: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') {
    sendJson(res, 405, { error: 'invalid_request', error_description: 'Use POST' }, { Allow: 'POST' });
    return;
  }
  const type = req.headers['content-type'] ?? '';
  const text = await readBody(req);
  if (!/^application\/x-www-form-urlencoded/i.test(type)) {
    sendJson(res, 400, { error: 'invalid_request', error_description: 'Expected a form-encoded body' });
    return;
  }
  const form = new URLSearchParams(text);
  const scripted = state.opts.tokenReply?.(form, text);
  if (scripted) {
    const body = { ...scripted.body };
    for (const [k, v] of Object.entries(body)) if (v === '{token}') body[k] = state.issueToken().token;
    sendJson(res, scripted.status, body, { 'Cache-Control': 'no-store' });
    return;
  }
  if (form.get('grant_type') !== 'client_credentials') {
    sendJson(res, 400, { error: 'unsupported_grant_type', error_description: 'Only client_credentials is supported' });
    return;
  }
  const client = basicClient(req.headers.authorization) ?? {
    id: form.get('client_id') ?? '',
    secret: form.get('client_secret') ?? '',
  };
  const known = (state.opts.clients ?? []).some((c) => c.id === client.id && c.secret === client.secret);
  if (!known) {
    sendJson(res, 401, { error: 'invalid_client', error_description: 'Client authentication failed' });
    return;
  }
  const { token, ttlS } = state.issueToken();
  sendJson(res, 200, { access_token: token, token_type: 'Bearer', expires_in: ttlS }, { 'Cache-Control': 'no-store' });
}
