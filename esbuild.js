// Bundles the extension into one CommonJS file; type checking is `npm run typecheck`.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

async function main() {
  const ctx = await esbuild.context({
    // The result view loads on first use (src/editor/lazyResults.ts), so it is a bundle of its own.
    entryPoints: { extension: 'src/extension.ts', results: 'src/editor/resultPanel.ts' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node18',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    outdir: 'dist',
    external: ['vscode'],
    logLevel: 'warning',
    metafile: true,
  });
  if (watch) {
    await ctx.watch();
    return;
  }
  const result = await ctx.rebuild();
  await ctx.dispose();
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith('.js')) {
      console.log(`${file}: ${(output.bytes / 1024).toFixed(1)} KB${production ? ' (minified)' : ''}`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
