// Bundles the extension (Node, CommonJS) and the webviews' pages (browser, one IIFE and one stylesheet each).
// Type checking is `npm run typecheck`.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  metafile: true,
};

/**
 * The pages run in webviews: the only folder their panels may load from is dist/webview.
 * @type {import('esbuild').BuildOptions}
 */
const page = {
  format: 'iife',
  platform: 'browser',
  // VS Code 1.90 runs webviews in Chromium 122.
  target: ['chrome120'],
  outdir: 'dist/webview',
};

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    ...common,
    // The result view (src/editor/results/lazyResults.ts), the fleet view (src/editor/fleet/lazyFleet.ts), the
    // path MTU investigations (Services.pathMtu in src/extension.ts) and the commands a session may never use
    // (src/editor/commands/later.ts) load on first use, so each is a bundle of its own; so are the result files
    // (src/editor/tasks/lazyResults.ts), loaded just after activation.
    entryPoints: {
      extension: 'src/extension.ts',
      results: 'src/editor/results/resultPanel.ts',
      later: 'src/editor/commands/later.ts',
      investigations: 'src/editor/investigations/controller.ts',
      // What drives investigations and fleets (src/editor/groups/groups.ts loads it once one needs driving).
      groupDrives: 'src/editor/groups/groupDrives.ts',
      storage: 'src/editor/tasks/storageBundle.ts',
      // The Central client (src/editor/tasks/central.ts loads it on the first request, after activation).
      clientBundle: 'src/editor/tasks/clientBundle.ts',
      fleets: 'src/editor/fleet/fleetBundle.ts',
    },
    format: 'cjs',
    platform: 'node',
    target: 'node18',
    outdir: 'dist',
    external: ['vscode'],
  },
  {
    ...common,
    ...page,
    entryPoints: [
      { in: 'src/webview/main.ts', out: 'result' },
      { in: 'media/result.css', out: 'result' },
    ],
  },
  {
    ...common,
    ...page,
    // The path MTU investigation's page; its stylesheet bundles the result page's base.
    entryPoints: [
      { in: 'src/webview/pathMtu/main.ts', out: 'pathMtu' },
      { in: 'media/pathMtu.css', out: 'pathMtu' },
    ],
  },
  {
    ...common,
    ...page,
    // The fleet and compare views: a script and a stylesheet each.
    entryPoints: [
      { in: 'src/webview/fleet/main.ts', out: 'fleet' },
      { in: 'media/fleet.css', out: 'fleet' },
      { in: 'src/webview/compare/main.ts', out: 'compare' },
      { in: 'media/compare.css', out: 'compare' },
    ],
  },
];

async function main() {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return;
  }
  for (const ctx of contexts) {
    const result = await ctx.rebuild();
    await ctx.dispose();
    for (const [file, output] of Object.entries(result.metafile.outputs)) {
      if (/\.(js|css)$/.test(file)) {
        console.log(`${file}: ${(output.bytes / 1024).toFixed(1)} KB${production ? ' (minified)' : ''}`);
      }
    }
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

// The unit tests build the page with these options.
module.exports = { builds };
