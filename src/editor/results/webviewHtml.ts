import { buildShellHtml, type ShellOptions } from './webviewShell';

export { WEBVIEW_DIR, buildCsp, createNonce, escapeHtml } from './webviewShell';
/** The result page's script and stylesheet, in {@link WEBVIEW_DIR}. */
export const RESULT_SCRIPT = 'result.js';
export const RESULT_STYLE = 'result.css';
/** The compare page's. */
export const COMPARE_SCRIPT = 'compare.js';
export const COMPARE_STYLE = 'compare.css';
export const FLEET_SCRIPT = 'fleet.js';
export const FLEET_STYLE = 'fleet.css';

/** What every page's shell needs: the policy's source, the page's script and stylesheet, and a fresh nonce. */
export type PageHtmlOptions = Pick<ShellOptions, 'cspSource' | 'scriptUri' | 'styleUri' | 'nonce'>;

/** A page's HTML: the shared shell (see webviewShell.ts) with the page's body data and its own frame, if any. */
export function buildPageHtml(
  opts: PageHtmlOptions,
  page: { data?: Record<string, string>; markup?: string; title?: string } = {},
): string {
  return buildShellHtml({ ...opts, title: page.title ?? 'Ping Sweep', data: page.data ?? {}, body: page.markup ?? '' });
}

/** The result webview's HTML: the shared shell with the result page's markup (filled in by src/webview). */
export interface ResultHtmlOptions extends PageHtmlOptions {
  /** `serial/taskId`; kept in the page so the serializer can restore the panel even before the first message */
  taskKey: string;
}

export function buildResultHtml(opts: ResultHtmlOptions): string {
  const { taskKey, ...shell } = opts;
  return buildShellHtml({ ...shell, title: 'Ping Sweep', data: { 'task-key': taskKey }, body: RESULT_BODY });
}

const RESULT_BODY = `<header class="header">
  <div class="header-main">
    <h1 id="title">Ping Sweep</h1>
    <span id="state-badge" class="badge" hidden></span>
  </div>
  <div class="toolbar" role="toolbar" aria-label="Result actions">
    <button id="refresh" type="button" class="button secondary" title="Ask Central for the latest status now">Refresh</button>
    <button id="export" type="button" class="button" title="Save the result as CSV or JSON">Export…</button>
    <button id="refine" type="button" class="button secondary" title="Find the exact path MTU with finer sweeps inside this sweep's boundary" hidden>Refine around the boundary</button>
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
