/**
 * Results kept as files, one per task, in a folder the caller gives (the extension's global storage folder),
 * so that a task update no longer rewrites every result with it.
 *
 * Each file is written in one step (see `atomicFile.ts`) and read back checked against a versioned schema.
 * Nothing here throws for a file's sake: a missing file is `missing` (fetch the result again), a file that is
 * not a whole result of its task is `corrupt`, set aside as `<name>.corrupt` (one per task, for a look later)
 * and never read again, and a failure of the disk is `failed` with the reason in words.
 */
import type { Stats } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { SchemaError, parseWith, type SweepOutput } from '../schemas';
import { TEMP_SUFFIX, errorCode, fsProblem, readCapped, writeAtomic } from './atomicFile';
import { keyOfFileName, keyProblem, resultFileName } from './fileNames';
import {
  RESULT_FORMAT,
  RESULT_VERSION,
  resultFileSchema,
  resultHeaderSchema,
  storedOutputSchema,
} from './resultSchema';

/** Largest result file read or written by default. A sweep of 100 replies takes about 10 KB. */
export const DEFAULT_MAX_RESULT_BYTES = 8 * 1024 * 1024;
/** A temporary file older than this was left by a writer that stopped (a crash, a killed window). */
export const STALE_TEMP_MS = 10 * 60_000;
const CORRUPT_SUFFIX = '.corrupt';

export interface ResultFilesOptions {
  /** Files larger than this are refused, read or written. Default {@link DEFAULT_MAX_RESULT_BYTES}. */
  maxBytes?: number;
  /** Epoch ms, for `savedAt` and the age of temporary files. Default Date.now. */
  now?: () => number;
}

export type ResultRead =
  | { kind: 'ok'; output: SweepOutput; savedAt: number }
  /** no file: fetch the result again */
  | { kind: 'missing' }
  /** the file is not a whole result of this task; `movedTo` is the name it was set aside under, if it could be */
  | { kind: 'corrupt'; reason: string; movedTo?: string }
  /** the disk failed, or a newer version of the extension wrote the file; it is left as it is */
  | { kind: 'failed'; reason: string };

export type ResultWrite = { kind: 'written'; bytes: number } | { kind: 'failed'; reason: string };
export type ResultDelete = { kind: 'deleted' } | { kind: 'missing' } | { kind: 'failed'; reason: string };
export type ResultList = { kind: 'ok'; keys: string[] } | { kind: 'failed'; reason: string };

/** A look at a file's content: a result, or why it is none. */
type Checked = { ok: true; output: SweepOutput; savedAt: number } | { ok: false; reason: string; newer?: boolean };

/** The result files of one folder. Several instances (several windows) may share it. */
export class ResultFiles {
  private readonly maxBytes: number;
  private readonly now: () => number;

  constructor(
    readonly folder: string,
    opts: ResultFilesOptions = {},
  ) {
    this.maxBytes = Math.max(1024, Math.floor(opts.maxBytes ?? DEFAULT_MAX_RESULT_BYTES));
    this.now = opts.now ?? Date.now;
  }

  /** The result stored for `key`. Never throws. */
  async read(key: string): Promise<ResultRead> {
    const name = resultFileName(key);
    if (!name) return { kind: 'failed', reason: keyProblem(key) ?? 'the task key cannot be stored' };
    const file = path.join(this.folder, name);
    // Twice at most: a file replaced by another window while it was read is read again, not set aside.
    for (let attempt = 0; attempt < 2; attempt++) {
      const got = await readCapped(file, this.maxBytes);
      if (got.kind === 'missing' || got.kind === 'failed') return got;
      const checked: Checked = got.kind === 'bad' ? { ok: false, reason: got.reason } : this.check(key, got.text);
      if (checked.ok) return { kind: 'ok', output: checked.output, savedAt: checked.savedAt };
      if (checked.newer) return { kind: 'failed', reason: checked.reason };
      if (got.stat && (await changedSince(file, got.stat))) continue;
      return this.setAside(file, checked.reason);
    }
    return { kind: 'failed', reason: 'the file kept changing while it was read' };
  }

  /** Stores `output` as the result of `key`, replacing any earlier one in one step. Never throws. */
  async write(key: string, output: SweepOutput): Promise<ResultWrite> {
    const name = resultFileName(key);
    if (!name) return { kind: 'failed', reason: keyProblem(key) ?? 'the task key cannot be stored' };
    let text: string;
    try {
      // What is written is what the schema gives back: exactly what a read accepts.
      const stored = parseWith(storedOutputSchema, output, 'the result');
      text = JSON.stringify({
        format: RESULT_FORMAT,
        version: RESULT_VERSION,
        key,
        savedAt: this.now(),
        output: stored,
      });
    } catch (err) {
      return { kind: 'failed', reason: err instanceof Error ? err.message : String(err) };
    }
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > this.maxBytes)
      return { kind: 'failed', reason: `the result takes ${bytes} bytes; at most ${this.maxBytes} are stored` };
    try {
      await this.writeOver(name, text);
      return { kind: 'written', bytes };
    } catch (err) {
      return { kind: 'failed', reason: fsProblem(err) };
    }
  }

  /** Removes the result of `key` (and any copy of it set aside). Never throws. */
  async delete(key: string): Promise<ResultDelete> {
    const name = resultFileName(key);
    if (!name) return { kind: 'failed', reason: keyProblem(key) ?? 'the task key cannot be stored' };
    const file = path.join(this.folder, name);
    await fs.rm(`${file}${CORRUPT_SUFFIX}`, { recursive: true, force: true }).catch(() => undefined);
    try {
      // Not `rm -r` on a file: where unlinking is refused, it reports a misleading ENOTDIR.
      if ((await fs.lstat(file)).isDirectory()) await fs.rm(file, { recursive: true });
      else await fs.unlink(file);
      return { kind: 'deleted' };
    } catch (err) {
      return errorCode(err) === 'ENOENT' ? { kind: 'missing' } : { kind: 'failed', reason: fsProblem(err) };
    }
  }

  /** The keys that have a result file, sorted. A folder not made yet holds none. Never throws. */
  async list(): Promise<ResultList> {
    let names: string[];
    try {
      names = await fs.readdir(this.folder);
    } catch (err) {
      return errorCode(err) === 'ENOENT' ? { kind: 'ok', keys: [] } : { kind: 'failed', reason: fsProblem(err) };
    }
    const keys = names.map(keyOfFileName).filter((k): k is string => k !== undefined);
    return { kind: 'ok', keys: keys.sort() };
  }

  /** Removes temporary files left by writers that stopped before they finished; returns how many. Never throws. */
  async removeStaleTemps(maxAgeMs = STALE_TEMP_MS): Promise<number> {
    let names: string[];
    try {
      names = await fs.readdir(this.folder);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      if (!name.startsWith('r-') || !name.endsWith(TEMP_SUFFIX)) continue;
      const file = path.join(this.folder, name);
      try {
        const stat = await fs.lstat(file);
        if (!stat.isFile() || this.now() - stat.mtimeMs < maxAgeMs) continue;
        await fs.rm(file);
        removed++;
      } catch {
        // Gone already, or not ours to remove: either way nothing to do.
      }
    }
    return removed;
  }

  /** Whether `text` is a whole result of `key`, of this version. */
  private check(key: string, text: string): Checked {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      return { ok: false, reason: `it is not JSON (${String((err as Error).message).slice(0, 120)})` };
    }
    const header = resultHeaderSchema.safeParse(value);
    if (!header.success) return { ok: false, reason: 'it is not a stored result' };
    if (header.data.version > RESULT_VERSION) {
      return {
        ok: false,
        newer: true,
        reason: `a newer version of the extension wrote it (format ${header.data.version})`,
      };
    }
    try {
      const file = parseWith(resultFileSchema, value, 'the stored result');
      if (file.key !== key) return { ok: false, reason: 'it holds the result of another task' };
      return { ok: true, output: file.output, savedAt: file.savedAt };
    } catch (err) {
      return {
        ok: false,
        reason: err instanceof SchemaError ? err.message.replace(/^the stored result is/, 'it is') : String(err),
      };
    }
  }

  /** Moves a file that is not a result out of the way, keeping the last such copy of its task. */
  private async setAside(file: string, reason: string): Promise<ResultRead> {
    const aside = `${file}${CORRUPT_SUFFIX}`;
    try {
      await fs.rm(aside, { recursive: true, force: true });
      await fs.rename(file, aside);
      return { kind: 'corrupt', reason, movedTo: path.basename(aside) };
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return { kind: 'missing' };
      return { kind: 'corrupt', reason: `${reason}; it could not be set aside: ${fsProblem(err)}` };
    }
  }

  /** Writes in one step; a folder (or other non-file) standing at the name is set aside first. */
  private async writeOver(name: string, text: string): Promise<void> {
    try {
      await writeAtomic(this.folder, name, text);
    } catch (err) {
      const stat = await fs.lstat(path.join(this.folder, name)).catch(() => undefined);
      if (!stat || stat.isFile()) throw err;
      await this.setAside(path.join(this.folder, name), 'not a file');
      await writeAtomic(this.folder, name, text);
    }
  }
}

/** True when the file at `file` is no longer the one `seen` described (replaced, removed or rewritten). */
async function changedSince(file: string, seen: Stats): Promise<boolean> {
  try {
    const now = await fs.lstat(file);
    return now.ino !== seen.ino || now.size !== seen.size || now.mtimeMs !== seen.mtimeMs;
  } catch {
    return true;
  }
}
