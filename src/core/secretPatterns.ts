/**
 * The ways a secret may come back in a server's text. A token endpoint that echoes the form it was sent
 * writes the client secret URL-encoded; others write it form-encoded (a space as `+`), with every byte
 * percent-encoded, encoded twice (`%2541`), or in base64; an HTML error page writes it with entities (`&amp;`,
 * `&#47;`, `&#x2F;`), a JSON body with escapes (`\/`, `\u00e9`). Each is replaced, not only the exact secret.
 */

/** The most characters one character of a secret takes in any of the forms above (`&#x0000e9;` per byte, at most). */
export const LONGEST_ENCODING_PER_BYTE = 14;

/** HTML's named entities for the characters that HTML escaping changes. */
const NAMED_ENTITIES: Record<string, string> = { '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' };

/** The characters JSON writes with a backslash before them (besides `\u` escapes). */
const JSON_ESCAPED = new Set(['/', '"', '\\']);

/** Shorter strings would blank out ordinary words; real tokens and secrets are long. */
const MIN_SECRET_LENGTH = 8;

/**
 * Replaces every occurrence of each secret, in any of the encodings above, by `***`. Costs at most the text
 * times the secret's length (a regular expression without nested repetition), only when the text holds a `%`,
 * `+`, `&` or `\`; the other forms are plain substring searches.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
    out = out.split(secret).join('***');
    if (/[%+&\\]/.test(out)) out = out.replace(encodedPattern(secret), '***');
    for (const core of base64Cores(secret)) out = out.split(core).join('***');
  }
  return out;
}

const patterns = new Map<string, RegExp>();

/**
 * One alternative per character: itself, its UTF-8 bytes percent-encoded once or twice, `+` for a space, an
 * HTML entity (named, decimal or hex), a JSON escape.
 */
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
    alternatives.push(...markupForms(c));
    source += `(?:${alternatives.join('|')})`;
  }
  const pattern = new RegExp(source, 'g');
  // Few secrets are ever in use at once; the cache stays tiny.
  if (patterns.size >= 8) patterns.clear();
  patterns.set(secret, pattern);
  return pattern;
}

/** A character as HTML and JSON may write it: `&#233;`, `&#xE9;`, `&amp;`, `\u00e9`, `\/` (as patterns). */
function markupForms(c: string): string[] {
  const point = c.codePointAt(0)!;
  const forms = [`&#0{0,4}${point};`, `&#[xX]0{0,4}${hexDigits(point)};`];
  if (NAMED_ENTITIES[c]) forms.push(`&${NAMED_ENTITIES[c]};`);
  const units = [...Array(c.length).keys()].map((i) => `\\\\u${hexDigits(c.charCodeAt(i), 4)}`);
  forms.push(units.join(''));
  if (JSON_ESCAPED.has(c)) forms.push(`\\\\\\${c}`);
  return forms;
}

/** A number's hex digits (at least `width`), each letter in either case. */
function hexDigits(n: number, width = 1): string {
  return [...n.toString(16).padStart(width, '0')]
    .map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d))
    .join('');
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
