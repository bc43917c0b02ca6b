/**
 * Whole-file reads and writes inside one folder, safe against a crash, a second writer and hostile content.
 *
 * A write goes to a temporary file of its own in the same folder, is flushed to disk, then renamed over the
 * target: a rename within a folder replaces the name in one step, so a reader sees the old file or the new one,
 * never a part, and two writers of one name end with one writer's whole file. A read never follows a link,
 * refuses anything that is not a regular file, and reads no more than a cap however large the file claims to be.
 */
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/** The suffix of a temporary file while it is written. */
export const TEMP_SUFFIX = '.tmp';

/** What a capped read found. */
export type CappedRead =
  | { kind: 'ok'; text: string; stat: Stats }
  | { kind: 'missing' }
  /** something is there but it is not a whole, readable text file; `reason` says what */
  | { kind: 'bad'; reason: string; stat?: Stats }
  /** the read itself failed (permissions, I/O); nothing is known of the content */
  | { kind: 'failed'; reason: string; code?: string };

const WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted (the folder may be read-only)',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENOTDIR: 'the storage folder is not a folder',
  EISDIR: 'a folder stands where the file should be',
  EMFILE: 'too many files are open',
  ENAMETOOLONG: 'the path is too long',
  EIO: 'the disk reported an input/output error',
};

/** An error of the file system in words, with its code, e.g. `the disk is full (ENOSPC)`. */
export function fsProblem(err: unknown): string {
  const code = errorCode(err);
  if (code && WORDS[code]) return `${WORDS[code]} (${code})`;
  const message = err instanceof Error ? err.message : String(err);
  return code ? `${message.replace(/^[A-Z]+: /, '')} (${code})` : message;
}

export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** What stands at `file` when it is not a regular file, in words; undefined for a regular file. */
function notAFile(stat: Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isSymbolicLink()) return 'it is a link, which is never followed';
  if (stat.isDirectory()) return 'a folder stands where the file should be';
  return 'it is not a regular file';
}

/** Reads a whole UTF-8 text file of at most `maxBytes`, without following links. Never throws. */
export async function readCapped(file: string, maxBytes: number): Promise<CappedRead> {
  let stat: Stats;
  try {
    stat = await fs.lstat(file);
  } catch (err) {
    return errorCode(err) === 'ENOENT'
      ? { kind: 'missing' }
      : { kind: 'failed', reason: fsProblem(err), code: errorCode(err) };
  }
  const odd = notAFile(stat);
  if (odd) return { kind: 'bad', reason: odd, stat };
  if (stat.size > maxBytes)
    return {
      kind: 'bad',
      reason: `it is ${sizeText(stat.size)}; results above ${sizeText(maxBytes)} are not read`,
      stat,
    };
  let bytes: Buffer;
  try {
    bytes = await readAtMost(file, maxBytes);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return { kind: 'missing' };
    if (errorCode(err) === 'ELOOP') return { kind: 'bad', reason: 'it is a link, which is never followed', stat };
    return { kind: 'failed', reason: fsProblem(err), code: errorCode(err) };
  }
  // The file may have grown since it was looked at: what is read is capped all the same.
  if (bytes.length > maxBytes)
    return { kind: 'bad', reason: `it is over ${sizeText(maxBytes)}; results above that are not read`, stat };
  try {
    return { kind: 'ok', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), stat };
  } catch {
    return { kind: 'bad', reason: 'it is not UTF-8 text', stat };
  }
}

/** Up to `maxBytes + 1` bytes of a file (one more than allowed tells that it is too large). */
async function readAtMost(file: string, maxBytes: number): Promise<Buffer> {
  // O_NOFOLLOW: a link put there between the look and the open is refused (ELOOP), not followed. Windows has none.
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);
  const handle = await fs.open(file, flags);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= maxBytes) {
      const chunk = Buffer.alloc(Math.min(READ_CHUNK, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, total);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

const READ_CHUNK = 256 * 1024;

/** Codes with which Windows refuses a rename while another process has the target open: worth a short retry. */
const BUSY = new Set(['EPERM', 'EACCES', 'EBUSY']);
const RENAME_TRIES = 5;

/**
 * Writes `data` to `folder/name` in one step (see the module comment); creates the folder. Throws the file
 * system's error; the temporary file is removed whatever happens.
 */
export async function writeAtomic(folder: string, name: string, data: string): Promise<void> {
  await fs.mkdir(folder, { recursive: true });
  const target = path.join(folder, name);
  const temp = path.join(folder, `${name}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  try {
    const handle = await fs.open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameOver(temp, target);
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
  await syncFolder(folder);
}

async function renameOver(temp: string, target: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await fs.rename(temp, target);
      return;
    } catch (err) {
      const code = errorCode(err) ?? '';
      if (process.platform !== 'win32' || !BUSY.has(code) || attempt >= RENAME_TRIES) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

/** Makes the rename itself durable (POSIX); a platform that cannot open a folder for it is let be. */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const handle = await fs.open(folder, 'r');
    await handle.sync().finally(() => handle.close());
  } catch {
    // Durability of the name only; the file itself was flushed.
  }
}
