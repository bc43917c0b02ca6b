/**
 * Rules for starting a ping sweep, checked before anything is sent so the user learns what is wrong while
 * typing. They mirror the API's: sizes >= 1, end >= start, step >= 1, and count x sizes between 1 and 100.
 */
import { ApiError, describeError } from './errors';
import type { StartSweepRequest } from './schemas';

/** Largest ICMP echo payload that fits an IPv4 datagram. */
export const MAX_PACKET_SIZE = 65507;
export const MAX_ICMP_REQUESTS = 100;
export const DEFAULT_COUNT = 5;

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** An IPv4 or IPv6 address, or a DNS host name. */
export function validateDestination(value: string): string | undefined {
  const v = value.trim();
  if (!v) {
    return 'Enter the destination: an IPv4 or IPv6 address, or a host name (e.g. 10.1.1.1 or fw.example.net)';
  }
  if (IPV4.test(v) || isIpv6(v)) {
    return undefined;
  }
  if (/^[\d.]+$/.test(v)) {
    return `"${v}" is not a valid IPv4 address (four numbers 0-255, e.g. 10.1.1.1)`;
  }
  const labels = v.replace(/\.$/, '').split('.');
  if (v.length <= 253 && labels.every((l) => HOST_LABEL.test(l))) {
    return undefined;
  }
  return 'Expected an IPv4 or IPv6 address, or a host name of letters, digits, hyphens and dots';
}

function isIpv6(v: string): boolean {
  if (!v.includes(':') || !/^[0-9a-f:.]+$/i.test(v)) {
    return false;
  }
  try {
    return new URL(`http://[${v}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

/** Parses a whole number typed by the user; undefined when it is not one. */
export function parseWhole(value: string): number | undefined {
  const v = value.trim();
  return /^\d{1,9}$/.test(v) ? Number(v) : undefined;
}

export function validatePacketSize(value: string, label = 'Packet size'): string | undefined {
  const n = parseWhole(value);
  if (n === undefined || n < 1 || n > MAX_PACKET_SIZE) {
    return `${label} must be a whole number of bytes from 1 to ${MAX_PACKET_SIZE}`;
  }
  return undefined;
}

export function validateEndSize(value: string, start: number): string | undefined {
  const problem = validatePacketSize(value, 'End size');
  if (problem) {
    return problem;
  }
  return Number(value) < start ? `End size must be at least the start size (${start})` : undefined;
}

/** Number of packet sizes a sweep covers. */
export function sizeCount(start: number, end: number, step: number): number {
  return Math.floor((end - start) / step) + 1;
}

export function validateStep(value: string, start: number, end: number): string | undefined {
  const n = parseWhole(value);
  if (n === undefined || n < 1) {
    return 'Step must be a whole number of bytes, at least 1';
  }
  const sizes = sizeCount(start, end, n);
  return sizes > MAX_ICMP_REQUESTS
    ? `That makes ${sizes} sizes; at most ${MAX_ICMP_REQUESTS} ICMP requests are allowed. Use a larger step.`
    : undefined;
}

export function validateCount(value: string, start: number, end: number, step: number): string | undefined {
  const n = parseWhole(value);
  if (n === undefined || n < 1) {
    return 'Count must be a whole number of ping cycles, at least 1';
  }
  const total = n * sizeCount(start, end, step);
  return total > MAX_ICMP_REQUESTS
    ? `${n} × ${sizeCount(start, end, step)} sizes = ${total} ICMP requests; at most ${MAX_ICMP_REQUESTS} are allowed`
    : undefined;
}

/** Checks a whole request (from a script or stored defaults); the first problem, or undefined. */
export function validateStartRequest(r: StartSweepRequest): string | undefined {
  return (
    validateDestination(r.destination) ??
    validatePacketSize(String(r.startPacketSize), 'Start size') ??
    validateEndSize(String(r.endPacketSize), r.startPacketSize) ??
    validateStep(String(r.sweepInterval), r.startPacketSize, r.endPacketSize) ??
    validateCount(String(r.count), r.startPacketSize, r.endPacketSize, r.sweepInterval)
  );
}

/** What a refused start means for the person who asked, one message per status of the start endpoint. */
export function describeStartFailure(err: unknown, serial: string): string {
  if (!(err instanceof ApiError)) {
    return describeError(err);
  }
  const server = err.serverMessage ? `: ${err.serverMessage}` : '';
  switch (err.kind) {
    case 'badRequest':
      return `Central refused the sweep parameters${server || ' (400)'}`;
    case 'unauthorized':
      return 'Central refused the credentials (401). Set new credentials and start again.';
    case 'forbidden':
      return `These credentials may not run diagnostics on ${serial} (403)${server}`;
    case 'notFound':
      return `Gateway ${serial} was not found in this Central account (404)`;
    case 'conflict':
      return `Gateway ${serial} is offline or busy (409); start the sweep when it is connected`;
    case 'rateLimited': {
      const wait =
        err.retryAfterMs !== undefined ? `try again in ${Math.ceil(err.retryAfterMs / 1000)} s` : 'try again shortly';
      return `Central's rate limit is reached (429); ${wait}`;
    }
    default:
      return describeError(err);
  }
}
