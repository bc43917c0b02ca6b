import { randomBytes } from 'node:crypto';

/**
 * The folder of the built page (esbuild.js bundles src/webview into it, with media/result.css): the only one
 * the result webview may load from, as a path under the extension's folder.
 */
export const WEBVIEW_DIR = ['dist', 'webview'] as const;
/** The page's script and stylesheet, in {@link WEBVIEW_DIR}. */
export const RESULT_SCRIPT = 'result.js';
export const RESULT_STYLE = 'result.css';

/**
 * The result webview's HTML shell. Pure (no `vscode` import) so the CSP and the escaping are unit-tested.
 * The shell holds no server data: everything a device or Central sent arrives later as a posted message
 * and is written with `textContent` by the page (src/webview).
 */

export interface ResultHtmlOptions {
  /** `webview.cspSource` */
  cspSource: string;
  /** `asWebviewUri` of the page's script and stylesheet, as strings */
  scriptUri: string;
  styleUri: string;
  /** from {@link createNonce}; a fresh one for every HTML set */
  nonce: string;
  /** `serial/taskId`; kept in the page so the serializer can restore the panel even before the first message */
  taskKey: string;
}

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

export function buildResultHtml(opts: ResultHtmlOptions): string {
  return buildPageShell({ ...opts, data: { 'task-key': opts.taskKey }, body: RESULT_BODY });
}

/** What every page's shell takes: the policy's source, the page's script and stylesheet, a fresh nonce. */
export interface PageShellOptions {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
  /** `data-*` attributes of the body (the page reads them before the first message), e.g. `{ 'fleet-id': id }` */
  data: Record<string, string>;
  /** Static markup of the body; the pages that build their own (fleet, compare) leave it out. Never server data. */
  body?: string;
}

/** A webview page: the strict policy, the stylesheet, the body's data, and the script by nonce. */
export function buildPageShell(opts: PageShellOptions): string {
  if (!NONCE_RE.test(opts.nonce)) {
    // A nonce that could break out of the attribute or the policy is a programming error, never data.
    throw new Error('invalid CSP nonce');
  }
  const csp = escapeHtml(buildCsp(opts.cspSource, opts.nonce));
  const nonce = escapeHtml(opts.nonce);
  const data = Object.entries(opts.data)
    .filter(([name]) => /^[a-z][a-z0-9-]*$/.test(name))
    .map(([name, value]) => ` data-${name}="${escapeHtml(value)}"`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(opts.styleUri)}">
<title>Ping Sweep</title>
</head>
<body${data}>
${opts.body ?? ''}<script nonce="${nonce}" src="${escapeHtml(opts.scriptUri)}"></script>
</body>
</html>
`;
}

const RESULT_BODY = `<header class="header">
  <div class="header-main">
    <h1 id="title">Ping Sweep</h1>
    <span id="state-badge" class="badge" hidden></span>
  </div>
  <div class="toolbar" role="toolbar" aria-label="Result actions">
    <button id="refresh" type="button" class="button secondary" title="Ask Central for the latest status now">Refresh</button>
    <button id="export" type="button" class="button" title="Save the result as CSV or JSON">Export…</button>
  </div>
  <p id="subtitle" class="subtitle"></p>
</header>
<main>
  <div id="status" class="status" role="status" aria-live="polite">Loading…</div>
  <div id="progress" class="progress" role="progressbar" aria-label="Sweep progress" aria-valuemin="0" aria-valuemax="100" hidden><div class="progress-fill"></div></div>
  <div id="banner" class="banner" role="alert" hidden><strong id="banner-title" class="banner-title"></strong><span id="banner-text" class="banner-text"></span></div>
  <section id="summary-section" class="section" aria-labelledby="summary-heading">
    <h2 id="summary-heading">Summary</h2>
    <dl id="summary" class="summary"></dl>
  </section>
  <section id="sizes-section" class="section" aria-labelledby="sizes-heading" hidden>
    <h2 id="sizes-heading">Packet sizes</h2>
    <table id="sizes" class="grid sizes">
      <caption id="verdict" class="verdict"></caption>
      <thead><tr>
        <th scope="col" class="num">Size (bytes)</th>
        <th scope="col" class="num">Sent</th>
        <th scope="col" class="num">Answered</th>
        <th scope="col" class="num">Timed out</th>
        <th scope="col" class="ratio-col">Answer rate</th>
      </tr></thead>
      <tbody></tbody>
    </table>
  </section>
  <section id="replies-section" class="section" aria-labelledby="replies-heading" hidden>
    <h2 id="replies-heading">Replies</h2>
    <div class="filters">
      <label class="checkbox"><input id="only-timed-out" type="checkbox"> Only timed-out replies</label>
      <label class="text-filter"><span>Size</span><input id="size-filter" type="text" spellcheck="false" autocomplete="off" placeholder="e.g. 1400, 1400-1500, &gt;=1400" title="A size, a range such as 1400-1500, or a bound such as &gt;=1400; separate several with commas" aria-describedby="filter-hint"></label>
      <span id="filter-hint" class="filter-hint" aria-live="polite"></span>
    </div>
    <table id="replies" class="grid replies" role="table" aria-labelledby="replies-heading" aria-describedby="filter-hint">
      <thead role="rowgroup"><tr role="row">
        <th scope="col" role="columnheader" class="num" aria-sort="none" data-column="cycle"><button type="button" class="sort">Cycle</button></th>
        <th scope="col" role="columnheader" class="num" aria-sort="none" data-column="requestId"><button type="button" class="sort">Request ID</button></th>
        <th scope="col" role="columnheader" class="num" aria-sort="none" data-column="size"><button type="button" class="sort">Size (bytes)</button></th>
        <th scope="col" role="columnheader" aria-sort="none" data-column="timedOut"><button type="button" class="sort">Timed out</button></th>
      </tr></thead>
      <tbody role="rowgroup"></tbody>
    </table>
    <p id="replies-empty" class="empty" hidden>No replies match the filter.</p>
  </section>
</main>
`;
