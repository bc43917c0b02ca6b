/**
 * Wire helpers of the simulator: Central's error bodies per API version, and the raw ways of answering
 * (JSON, HTML, broken JSON, reset, hang) used by scenarios and scripts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimApiVersion } from './scenarios';

/** `v1` uses GreenLake's `HPE_GL_ERROR_*` codes, `v1alpha1` the older `HPE_GRAVITY_*` ones. */
const CODE_SUFFIX: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

const DEFAULT_MESSAGE: Record<number, string> = {
  400: 'Validation errors - packetSize must be between 10 and 2000',
  401: 'Authentication required.',
  403: 'Access denied: the API client lacks the network-troubleshooting role.',
  404: 'Resource not found.',
  405: 'Method not allowed.',
  409: 'Device is offline.',
  429: 'Rate limit exceeded.',
  500: 'An unexpected error occurred.',
  502: 'Bad gateway.',
  503: 'Service temporarily unavailable.',
  504: 'Gateway timeout.',
};

/** The vendor error code of a status in a version's family, e.g. `HPE_GRAVITY_TASK_NOT_FOUND`. */
export function errorCode(version: SimApiVersion, status: number, taskNotFound = false): string {
  const suffix = taskNotFound && version === 'v1alpha1' ? 'TASK_NOT_FOUND' : (CODE_SUFFIX[status] ?? `HTTP_${status}`);
  return version === 'v1' ? `HPE_GL_ERROR_${suffix}` : `HPE_GRAVITY_${suffix}`;
}

let debugCounter = 0;

/** Central's error body; v1 adds GreenLake's extra fields, which clients must tolerate. */
export function errorBody(
  version: SimApiVersion,
  status: number,
  message?: string,
  taskNotFound = false,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    errorCode: errorCode(version, status, taskNotFound),
    message: message ?? DEFAULT_MESSAGE[status] ?? `HTTP ${status}`,
  };
  if (version === 'v1') {
    body.httpStatusCode = status;
    body.debugId = `sim-${++debugCounter}`;
  }
  return body;
}

/** Writes a JSON answer. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** A proxy's HTML page, as served by a captive portal or a maintenance page. */
export function sendHtml(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  const text = '<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>Be right back</h1></body></html>';
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Sends headers promising a long body, half of it, then destroys the socket. */
export function sendReset(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '4096' });
  res.write('{"status":"RUNNING","progressPercent":4');
  // Let the partial body reach the client before the connection is torn down.
  setImmediate(() => res.socket?.destroy());
}

/** Never more than this of one flood, so that a client that keeps reading cannot keep the simulator busy. */
const FLOOD_LIMIT = 256 * 1024 * 1024;

/**
 * Writes `bytes` bytes of `chunk` repeated (Infinity: until the client goes away), honouring back-pressure,
 * with the given Content-Length (none by default: chunked).
 */
export function sendFlood(
  res: ServerResponse,
  status: number,
  flood: { bytes: number; chunk?: string; contentLength?: number },
  headers: Record<string, string> = {},
): void {
  const piece = Buffer.from((flood.chunk ?? 'x').repeat(Math.max(1, Math.ceil(16_384 / (flood.chunk ?? 'x').length))));
  const total = Math.min(flood.bytes, FLOOD_LIMIT);
  const length = flood.contentLength !== undefined ? { 'Content-Length': String(flood.contentLength) } : {};
  res.writeHead(status, { 'Content-Type': 'application/json', ...length, ...headers });
  let sent = 0;
  const pump = (): void => {
    while (sent < total && !res.destroyed) {
      const part = piece.subarray(0, Math.min(piece.length, total - sent));
      sent += part.length;
      if (!res.write(part)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  res.on('close', () => res.removeAllListeners('drain'));
  pump();
}

/** Reads a request body (bounded: the simulator never needs more than a few KB). */
export function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Checks a start body like Central does; returns the problem or the parameters. */
export function checkSweepBody(value: unknown): { error: string } | { params: import('./scenarios').SweepParams } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { error: 'Validation errors - body must be an object' };
  const b = value as Record<string, unknown>;
  const int = (k: string) =>
    typeof b[k] === 'number' && Number.isInteger(b[k]) && (b[k] as number) >= 1 ? (b[k] as number) : undefined;
  if (typeof b.destination !== 'string' || !b.destination.trim())
    return { error: 'Validation errors - destination is required' };
  const start = int('startPacketSize');
  const end = int('endPacketSize');
  const step = int('sweepInterval');
  const count = b.count === undefined ? 5 : int('count');
  if (start === undefined || end === undefined || step === undefined || count === undefined) {
    return {
      error: 'Validation errors - startPacketSize, endPacketSize, sweepInterval and count must be integers >= 1',
    };
  }
  if (end < start) return { error: 'Validation errors - endPacketSize must be >= startPacketSize' };
  const total = (Math.floor((end - start) / step) + 1) * count;
  if (total > 100) return { error: `Validation errors - total ICMP requests ${total} exceeds 100` };
  return {
    params: {
      destination: b.destination.trim(),
      startPacketSize: start,
      endPacketSize: end,
      sweepInterval: step,
      count,
    },
  };
}
