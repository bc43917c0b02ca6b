import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildPages } from './helpers/webviewBuild';

/** The fleet and compare pages as built: browser code only, text never markup, theme colours only. */
describe('the fleet and compare pages', () => {
  const root = path.resolve(__dirname, '../../..');

  function sourcesUnder(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      return e.isDirectory() ? sourcesUnder(full) : e.name.endsWith('.ts') ? [full] : [];
    });
  }

  it('never write markup from data, in any folder of src/webview or src/shared', () => {
    const files = [
      ...sourcesUnder(path.join(root, 'src', 'webview')),
      ...sourcesUnder(path.join(root, 'src', 'shared')),
    ];
    assert.ok(files.some((f) => f.endsWith(path.join('fleet', 'fleetTable.ts'))));
    for (const file of files) {
      const code = fs.readFileSync(file, 'utf8');
      const name = path.relative(root, file);
      assert.doesNotMatch(code, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/, name);
      assert.doesNotMatch(
        code,
        /setAttribute\(\s*['"](style|on\w+|href|src)['"]/,
        `${name}: inline style, handler or link`,
      );
    }
  });

  it('take their colours from the theme only', () => {
    for (const name of ['base.css', 'tables.css', 'fleet.css', 'compare.css']) {
      const css = fs.readFileSync(path.join(root, 'media', name), 'utf8');
      assert.doesNotMatch(css, /#[0-9a-f]{3,8}\b|\brgba?\(|\bhsla?\(/i, name);
      assert.match(css, /var\(--vscode-/, name);
    }
  });

  it('are bundled for the browser beside the result page, a script and a whole stylesheet each', async function () {
    this.timeout(30_000);
    const outputs = await buildPages((b) => b.platform === 'browser');
    for (const name of ['fleet.js', 'fleet.css', 'compare.js', 'compare.css'])
      assert.ok(`dist/webview/${name}` in outputs, name);
    assert.ok(
      Object.keys(outputs).every((f) => f.startsWith('dist/webview/')),
      'every page in the one folder panels load from',
    );
    for (const page of ['fleet', 'compare']) {
      const script = outputs[`dist/webview/${page}.js`];
      assert.match(script, /acquireVsCodeApi/);
      assert.doesNotMatch(script, /\brequire\(|innerHTML|insertAdjacentHTML|\beval\(/, page);
      const css = outputs[`dist/webview/${page}.css`];
      assert.doesNotMatch(css, /@import/, `${page}.css takes base.css in`);
      assert.match(css, /\.button\b/, `${page}.css has the shared rules`);
      assert.match(css, /\.sort\b/);
    }
  });
});
