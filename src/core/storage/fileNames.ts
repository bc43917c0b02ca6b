/**
 * File names of stored results, made from task keys (`serial/taskId`) and read back into them.
 *
 * A key may hold anything (a slash, dots, a NUL, letters that differ only in case), so it is never used as a
 * path: every character but `a-z`, `0-9` and `-` is written as `_` and the two hex digits of each of its UTF-8
 * bytes. The name is then made of `a-z 0-9 _ -` only, so it cannot leave the folder, cannot be `..`, means the
 * same on a case-insensitive file system, and starts with `r-` so it is never a reserved device name on Windows
 * (`con`, `nul`…). The encoding is one-to-one: a name is read back only if it is exactly what its key gives.
 */

const PREFIX = 'r-';
export const RESULT_SUFFIX = '.json';
/** Room left in a 255-byte name for the suffixes of temporary and set-aside copies. */
const MAX_NAME = 200;
const NAME_RE = /^r-((?:[a-z0-9-]|_[0-9a-f]{2})+)\.json$/;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The key's bytes: `a-z 0-9 -` as themselves, any other as `_` and two hex digits. */
function encodeBody(key: string): string {
  let body = '';
  for (const byte of encoder.encode(key)) {
    const ch = String.fromCharCode(byte);
    body += /[a-z0-9-]/.test(ch) ? ch : `_${byte.toString(16).padStart(2, '0')}`;
  }
  return body;
}

/** The file name of a key, or undefined for a key that cannot be stored (empty, too long, or not valid text). */
export function resultFileName(key: string): string | undefined {
  // Checked before encoding: a huge key is refused without being encoded.
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_NAME) return undefined;
  const body = encodeBody(key);
  if (PREFIX.length + body.length + RESULT_SUFFIX.length > MAX_NAME) return undefined;
  const name = `${PREFIX}${body}${RESULT_SUFFIX}`;
  // A lone surrogate is encoded as U+FFFD, which another key shares: such a key does not come back as itself.
  return keyOfFileName(name) === key ? name : undefined;
}

/** Why a key cannot be stored, in words; undefined when it can. */
export function keyProblem(key: string): string | undefined {
  if (typeof key !== 'string' || key.length === 0) return 'a task key is needed (serial/taskId)';
  return resultFileName(key) === undefined ? 'the task key is too long or is not valid text' : undefined;
}

/** The key a result file name stands for, or undefined for a name this module did not make. */
export function keyOfFileName(name: string): string | undefined {
  const m = NAME_RE.exec(name);
  if (!m) return undefined;
  const bytes: number[] = [];
  const body = m[1];
  for (let i = 0; i < body.length;) {
    if (body[i] === '_') {
      bytes.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      bytes.push(body.charCodeAt(i));
      i += 1;
    }
  }
  let key: string;
  try {
    key = decoder.decode(new Uint8Array(bytes));
  } catch {
    return undefined;
  }
  // One name per key: `_61` for `a`, which is written as itself, is no name of ours.
  return encodeBody(key) === body ? key : undefined;
}
