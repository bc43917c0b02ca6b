#!/usr/bin/env node
// The Marketplace and Open VSX icon, media/icon.png (128x128), made from the activity-bar artwork
// media/activity.svg: its strokes in white, four times the size, on a rounded blue square. Rendered by
// resvg (@resvg/resvg-js, a devDependency with prebuilt binaries), which gives the same bytes every time.
//
//   npm run icon            writes media/icon.png
//   npm run icon -- --check exits 1 when media/icon.png is not what the artwork gives (a stale icon)
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const ARTWORK = path.join(ROOT, 'media', 'activity.svg');
const ICON = path.join(ROOT, 'media', 'icon.png');
const SIZE = 128;

/** The icon as SVG: the artwork's elements and stroke style inside a 128x128 tile. */
function iconSvg(artwork = fs.readFileSync(ARTWORK, 'utf8')) {
  const root = /<svg\b([^>]*)>([\s\S]*)<\/svg>/.exec(artwork);
  if (!root) throw new Error(`${path.relative(ROOT, ARTWORK)} is not an <svg> document`);
  const [, attrs, inner] = root;
  const viewBox = /viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/.exec(attrs);
  if (!viewBox || viewBox[1] !== viewBox[2]) throw new Error('the artwork needs a square viewBox starting at 0 0');
  const style = ['stroke-width', 'stroke-linecap', 'stroke-linejoin']
    .map((name) => new RegExp(`${name}="([^"]+)"`).exec(attrs))
    .filter(Boolean)
    .map((m) => m[0])
    .join(' ');
  // The glyph fills 96 of the 128 pixels, centred.
  const scale = 96 / Number(viewBox[1]);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
  <defs>
    <linearGradient id="tile" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#1170c8"/>
      <stop offset="1" stop-color="#0b2f57"/>
    </linearGradient>
  </defs>
  <rect width="${SIZE}" height="${SIZE}" rx="24" fill="url(#tile)"/>
  <g transform="translate(16 16) scale(${scale})" fill="none" stroke="#ffffff" ${style}>${inner.replace(/currentColor/g, '#ffffff')}</g>
</svg>
`;
}

/** The PNG bytes of the icon. */
function renderIcon(artwork) {
  const { Resvg } = require('@resvg/resvg-js');
  const resvg = new Resvg(iconSvg(artwork), {
    fitTo: { mode: 'width', value: SIZE },
    font: { loadSystemFonts: false },
  });
  return Buffer.from(resvg.render().asPng());
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png) {
  if (png.length < 24 || png.toString('latin1', 1, 4) !== 'PNG' || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG file');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

module.exports = { iconSvg, renderIcon, pngSize, ICON, SIZE };

if (require.main === module) {
  const png = renderIcon();
  const rel = path.relative(process.cwd(), ICON);
  if (process.argv.includes('--check')) {
    const same = fs.existsSync(ICON) && fs.readFileSync(ICON).equals(png);
    process.stdout.write(same ? `${rel} is up to date\n` : `${rel} is stale: run \`npm run icon\`\n`);
    process.exit(same ? 0 : 1);
  }
  fs.writeFileSync(ICON, png);
  const { width, height } = pngSize(png);
  process.stdout.write(`wrote ${rel}: ${width}x${height}, ${png.length} bytes\n`);
}
