import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  buildCsp,
  buildPageHtml,
  buildResultHtml,
  COMPARE_SCRIPT,
  COMPARE_STYLE,
  createNonce,
  escapeHtml,
  RESULT_SCRIPT,
  RESULT_STYLE,
  WEBVIEW_DIR,
} from '../../src/editor/results/webviewHtml';
import { buildOf, buildPages } from './helpers/webviewBuild';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

function html(over: Partial<Parameters<typeof buildResultHtml>[0]> = {}): string {
  return buildResultHtml({
    cspSource: CSP_SOURCE,
    scriptUri: `${CSP_SOURCE}/ext/dist/webview/result.js`,
    styleUri: `${CSP_SOURCE}/ext/dist/webview/result.css`,
    nonce: 'AAAAAAAAAAAAAAAAAAAAAA==',
    taskKey: 'CN12345678/c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e',
    ...over,
  });
}

describe('webview CSP and nonce', () => {
  it('allows nothing by default, styles and images from the webview source, scripts only by nonce', () => {
    assert.equal(
      buildCsp(CSP_SOURCE, 'abc123abc123abc123abc1=='),
      `default-src 'none'; style-src ${CSP_SOURCE}; script-src 'nonce-abc123abc123abc123abc1=='; img-src ${CSP_SOURCE} data:;`,
    );
  });

  it('never allows inline code or eval', () => {
    const csp = buildCsp(CSP_SOURCE, createNonce());
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|unsafe-hashes|\*/);
  });

  it('makes 128-bit base64 nonces that differ each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const n = createNonce();
      assert.match(n, /^[A-Za-z0-9+/]{22}==$/);
      assert.equal(Buffer.from(n, 'base64').length, 16);
      seen.add(n);
    }
    assert.equal(seen.size, 200);
  });

  it('refuses a nonce that could break out of the policy or the attribute', () => {
    for (const bad of ['', 'short', `abcdefghijklmnop'; script-src *`, 'abcdefghijklmnopqr"><x>']) {
      assert.throws(() => html({ nonce: bad }), /nonce/);
    }
  });
});

describe('buildResultHtml', () => {
  it('puts the policy in a meta tag before anything that loads', () => {
    const page = html();
    const meta = page.indexOf('http-equiv="Content-Security-Policy"');
    assert.ok(meta > 0);
    assert.ok(meta < page.indexOf('<link'));
    assert.ok(meta < page.indexOf('<script'));
    assert.ok(page.includes(`script-src &#39;nonce-AAAAAAAAAAAAAAAAAAAAAA==&#39;`));
  });

  it('loads only its own script, external and carrying the nonce; no inline script or style', () => {
    const page = html();
    const scripts = page.match(/<script\b[^>]*>/g) ?? [];
    assert.deepEqual(scripts, [
      `<script nonce="AAAAAAAAAAAAAAAAAAAAAA==" src="${CSP_SOURCE}/ext/dist/webview/result.js">`,
    ]);
    assert.equal((page.match(/<script[^>]*><\/script>/g) ?? []).length, 1, 'no script has a body');
    assert.doesNotMatch(page, /<style\b/);
    assert.doesNotMatch(page, /\sstyle=/);
    assert.doesNotMatch(page, /\son[a-z]+=/i, 'no inline event handlers');
  });

  it('has the stable hooks: #summary, #sizes, #replies with a sortable head and one tbody', () => {
    const page = html();
    assert.match(page, /<dl id="summary"/);
    assert.match(page, /<table id="sizes"[\s\S]*?<tbody><\/tbody>/);
    const replies = /<table id="replies"[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
    assert.ok(replies, 'reply table present');
    assert.equal((replies.match(/<tbody\b/g) ?? []).length, 1);
    const heads = replies.match(/<th [^>]*>/g) ?? [];
    assert.equal(heads.length, 4);
    for (const th of heads) {
      assert.match(th, /aria-sort="none"/);
    }
    assert.deepEqual(
      heads.map((th) => /data-column="(\w+)"/.exec(th)?.[1]),
      ['cycle', 'requestId', 'size', 'timedOut'],
    );
    assert.match(page, /Only timed-out replies/);
    assert.match(page, /id="refresh"/);
    assert.match(page, /id="export"/);
  });

  it('escapes every value it is given', () => {
    const payload = `"><script>alert(1)</script><img src=x onerror=alert(2)>'`;
    const page = html({ taskKey: payload, scriptUri: `x" onload="alert(3)`, styleUri: `y'><b>` });
    assert.ok(!page.includes('<script>alert(1)'));
    assert.ok(!page.includes('<img src=x'));
    assert.ok(page.includes('data-task-key="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(page.includes('src="x&quot; onload=&quot;alert(3)"'));
    assert.ok(page.includes('href="y&#39;&gt;&lt;b&gt;"'));
  });
});

describe('the page in src/webview', () => {
  const root = path.resolve(__dirname, '../../..');
  const sources = path.join(root, 'src', 'webview');
  const files = fs.readdirSync(sources).filter((f) => f.endsWith('.ts'));

  it('is TypeScript only: no script is left in media/', () => {
    assert.ok(files.includes('main.ts'));
    assert.deepEqual(
      fs.readdirSync(path.join(root, 'media')).filter((f) => /\.[cm]?[jt]s$/.test(f)),
      [],
    );
  });

  it('never writes markup from data: no innerHTML, outerHTML, insertAdjacentHTML, document.write or eval', () => {
    for (const name of files) {
      const code = fs.readFileSync(path.join(sources, name), 'utf8');
      assert.doesNotMatch(code, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/, name);
      assert.doesNotMatch(code, /setAttribute\(\s*['"](style|on\w+)['"]/, `${name}: inline style or handler`);
    }
  });

  it('is bundled for the browser into the one folder the panel loads from, as one script and one stylesheet', async function () {
    this.timeout(30_000);
    const outputs = await buildPages(buildOf('src/webview/main.ts'));
    assert.deepEqual(Object.keys(outputs).sort(), [
      [...WEBVIEW_DIR, RESULT_STYLE].join('/'),
      [...WEBVIEW_DIR, RESULT_SCRIPT].join('/'),
    ]);
    const script = outputs[[...WEBVIEW_DIR, RESULT_SCRIPT].join('/')];
    assert.doesNotMatch(
      script,
      /\brequire\(|innerHTML|insertAdjacentHTML|\beval\(/,
      'browser code only, no markup from data',
    );
    assert.match(script, /acquireVsCodeApi/);
  });
});

describe('buildPageHtml: the shell of the pages that build their own frame', () => {
  const opts = {
    cspSource: CSP_SOURCE,
    scriptUri: `${CSP_SOURCE}/ext/dist/webview/${COMPARE_SCRIPT}`,
    styleUri: `${CSP_SOURCE}/ext/dist/webview/${COMPARE_STYLE}`,
    nonce: 'BBBBBBBBBBBBBBBBBBBBBB==',
  };

  it('holds the same policy as the result page, its stylesheet, and only its script by nonce', () => {
    const page = buildPageHtml(opts);
    assert.ok(page.includes(`content="${escapeHtml(buildCsp(CSP_SOURCE, opts.nonce))}"`));
    assert.deepEqual(page.match(/<script\b[^>]*>/g), [`<script nonce="${opts.nonce}" src="${opts.scriptUri}">`]);
    assert.ok(page.includes(`<link rel="stylesheet" href="${opts.styleUri}">`));
    assert.match(page, /<body>\n<script /, 'an empty body: the page builds its frame');
    assert.doesNotMatch(page, /<style\b|\sstyle=|\son[a-z]+=/i);
  });

  it('refuses a bad nonce and escapes body data', () => {
    assert.throws(() => buildPageHtml({ ...opts, nonce: `x'; script-src *` }), /nonce/);
    const page = buildPageHtml(opts, { data: { key: `"><script>alert(1)</script>` } });
    assert.ok(page.includes('<body data-key="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">'));
  });

  it('names the files esbuild.js builds for the compare page', async function () {
    this.timeout(30_000);
    const outputs = await buildPages(buildOf('src/webview/compare/main.ts'));
    for (const file of [COMPARE_SCRIPT, COMPARE_STYLE]) {
      assert.ok([...WEBVIEW_DIR, file].join('/') in outputs, `${file} is built into ${WEBVIEW_DIR.join('/')}`);
    }
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters and nothing else', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&amp;</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
    assert.equal(escapeHtml('1.1.1.1 ✓ ü'), '1.1.1.1 ✓ ü');
  });
});
