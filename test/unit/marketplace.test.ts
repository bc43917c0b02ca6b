// What the Marketplace and Open VSX read from the manifest: the icon (made from the activity-bar artwork by
// scripts/icon.js, and not stale), where the extension runs, and what a network engineer searches for.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const icon = require(path.join(root, 'scripts', 'icon.js')) as {
  renderIcon(artwork?: string): Buffer;
  pngSize(png: Buffer): { width: number; height: number };
  iconSvg(artwork?: string): string;
};

/** The categories VS Code and the Marketplace know. */
const KNOWN_CATEGORIES = [
  'AI',
  'Azure',
  'Chat',
  'Data Science',
  'Debuggers',
  'Education',
  'Extension Packs',
  'Formatters',
  'Keymaps',
  'Language Packs',
  'Linters',
  'Machine Learning',
  'Notebooks',
  'Other',
  'Programming Languages',
  'SCM Providers',
  'Snippets',
  'Testing',
  'Themes',
  'Visualization',
];

describe('Marketplace and Open VSX readiness', () => {
  it('has a 128x128 PNG icon that scripts/icon.js makes from media/activity.svg', function () {
    this.timeout(20_000);
    assert.equal(pkg.icon, 'media/icon.png');
    const committed = fs.readFileSync(path.join(root, pkg.icon));
    assert.deepEqual(icon.pngSize(committed), { width: 128, height: 128 });
    assert.ok(icon.renderIcon().equals(committed), 'media/icon.png is stale: run `npm run icon`');
  });

  it('draws the artwork itself: another artwork gives another icon, and a broken one is refused', () => {
    const artwork = fs.readFileSync(path.join(root, 'media', 'activity.svg'), 'utf8');
    assert.ok(icon.iconSvg(artwork).includes('<circle cx="4" cy="12" r="2"/>'));
    const other = artwork.replace('<circle cx="4" cy="12" r="2"/>', '<circle cx="4" cy="12" r="3.5"/>');
    assert.ok(!icon.renderIcon(other).equals(icon.renderIcon(artwork)));
    assert.throws(() => icon.iconSvg('<html></html>'), /not an <svg> document/);
    assert.throws(() => icon.iconSvg('<svg viewBox="0 0 24 12"></svg>'), /square viewBox/);
  });

  it('runs on the machine a person sits at, and on the remote side where there is none', () => {
    assert.deepEqual(pkg.extensionKind, ['ui', 'workspace']);
    assert.equal(pkg.browser, undefined, 'no web worker bundle: in a browser-only window it runs on the remote side');
  });

  it('is found by what a network engineer searches for', () => {
    for (const c of pkg.categories) assert.ok(KNOWN_CATEGORIES.includes(c), `unknown category ${c}`);
    assert.ok(pkg.keywords.length <= 30, 'the Marketplace takes at most 30 keywords');
    for (const word of ['aruba', 'hpe', 'ping sweep', 'mtu', 'icmp', 'troubleshooting']) {
      assert.ok(pkg.keywords.includes(word), `keyword ${word} is missing`);
    }
    assert.equal(new Set(pkg.keywords).size, pkg.keywords.length, 'a keyword is repeated');
  });
});
