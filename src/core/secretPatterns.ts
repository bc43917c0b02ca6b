/**
 * The ways a secret may come back in a server's text. A token endpoint that echoes the form it was sent
 * writes the client secret URL-encoded; others write it form-encoded (a space as `+`), with every byte
 * percent-encoded, encoded twice (`%2541`), or in base64. Each is replaced, not only the exact secret.
 */

/** Shorter strings would blank out ordinary words; real tokens and secrets are long. */
const MIN_SECRET_LENGTH = 8;

/**
 * Replaces every occurrence of each secret, in any of the encodings above, by `***`. Costs at most the text
 * times the secret's length (a regular expression without nested repetition), only when the text holds a `%`
 * or a `+`; the other forms are plain substring searches.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
    out = out.split(secret).join('***');
    if (out.includes('%') || out.includes('+')) out = out.replace(encodedPattern(secret), '***');
    for (const core of base64Cores(secret)) out = out.split(core).join('***');
  }
  return out;
}

const patterns = new Map<string, RegExp>();

/** One alternative per character: itself, its UTF-8 bytes percent-encoded once or twice, `+` for a space. */
function encodedPattern(secret: string): RegExp {
  const cached = patterns.get(secret);
  if (cached) {
    cached.lastIndex = 0;
    return cached;
  }
  let source = '';
  for (const c of secret) {
    const alternatives = [c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')];
    alternatives.push([...new TextEncoder().encode(c)].map((b) => `%(?:25)?${hexPattern(b)}`).join(''));
    if (c === ' ') alternatives.push('\\+');
    source += `(?:${alternatives.join('|')})`;
  }
  const pattern = new RegExp(source, 'g');
  // Few secrets are ever in use at once; the cache stays tiny.
  if (patterns.size >= 8) patterns.clear();
  patterns.set(secret, pattern);
  return pattern;
}

/** A byte's two hex digits, a letter in either case: `2[fF]`. */
function hexPattern(byte: number): string {
  return [...byte.toString(16).padStart(2, '0')]
    .map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d))
    .join('');
}

/**
 * The base64 text of the secret at each of the three alignments it can have inside a longer base64 text,
 * standard and URL-safe, without the characters at either end that share bits with its neighbours.
 */
function base64Cores(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const cores = new Set<string>();
  for (let pad = 0; pad < 3; pad++) {
    let binary = '\0'.repeat(pad);
    for (const b of bytes) binary += String.fromCharCode(b);
    const encoded = btoa(binary);
    const core = encoded.slice(pad === 0 ? 0 : pad + 1, Math.floor(((pad + bytes.length) * 8) / 6));
    if (core.length < MIN_SECRET_LENGTH) continue;
    cores.add(core);
    cores.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...cores];
}
