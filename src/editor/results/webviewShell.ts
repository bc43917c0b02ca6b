import { randomBytes } from 'node:crypto';

/**
 * The HTML shell every webview of the extension shares: a strict policy (nothing by default, styles and images
 * from the webview's resource roots only, scripts only by a fresh nonce), one stylesheet and one script from
 * {@link WEBVIEW_DIR}, and a body the page fills in. Pure (no `vscode` import) so the CSP and the escaping are
 * unit-tested. The shell holds no server data: everything a device or Central sent arrives later as a posted
 * message and is written with `textContent` by the page (src/webview).
 */

/**
 * The folder of the built pages (esbuild.js bundles src/webview into it, with their stylesheets): the only one
 * a webview may load from, as a path under the extension's folder.
 */
export const WEBVIEW_DIR = ['dist', 'webview'] as const;

/** 128 bits from the OS CSPRNG, base64 (a valid CSP nonce-source). */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The policy: nothing by default, styles and images from the webview's resource roots only, scripts only by nonce. */
export function buildCsp(cspSource: string, nonce: string): string {
  return (
    [`default-src 'none'`, `style-src ${cspSource}`, `script-src 'nonce-${nonce}'`, `img-src ${cspSource} data:`].join(
      '; ',
    ) + ';'
  );
}

/** Escapes text for an HTML text node or a double- or single-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

const NONCE_RE = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;
const DATA_NAME_RE = /^[a-z][a-z0-9-]*$/;

export interface ShellOptions {
  /** `webview.cspSource` */
  cspSource: string;
  /** `asWebviewUri` of the page's script and stylesheet, as strings */
  scriptUri: string;
  styleUri: string;
  /** from {@link createNonce}; a fresh one for every HTML set */
  nonce: string;
  /** The document's title until the page sets its own. */
  title: string;
  /** `data-*` attributes of the body (name without `data-`), escaped here: the page reads them on load. */
  data: Record<string, string>;
  /** The body's markup: the extension's own, never data (which goes in {@link data} or a message). */
  body: string;
}

/** The whole document. */
export function buildShellHtml(opts: ShellOptions): string {
  if (!NONCE_RE.test(opts.nonce)) {
    // A nonce that could break out of the attribute or the policy is a programming error, never data.
    throw new Error('invalid CSP nonce');
  }
  const data = Object.entries(opts.data).map(([name, value]) => {
    if (!DATA_NAME_RE.test(name)) throw new Error(`invalid data attribute name: ${name}`);
    return ` data-${name}="${escapeHtml(value)}"`;
  });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(buildCsp(opts.cspSource, opts.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(opts.styleUri)}">
<title>${escapeHtml(opts.title)}</title>
</head>
<body${data.join('')}>
${opts.body}<script nonce="${escapeHtml(opts.nonce)}" src="${escapeHtml(opts.scriptUri)}"></script>
</body>
</html>
`;
}
