/** The webview pages as esbuild.js builds them, built in memory for the tests that look at what ships. */
import * as path from 'node:path';
import type { BuildOptions } from 'esbuild';

/** The repository's root, from out/test/unit/helpers. */
export const ROOT = path.resolve(__dirname, '../../../..');

/**
 * Builds every entry of esbuild.js whose options `pick` takes, unminified and unwritten; the text of each output
 * by its path from the root with forward slashes (e.g. `dist/webview/fleet.js`). None picked: none built.
 */
export async function buildPages(pick: (options: BuildOptions) => boolean): Promise<Record<string, string>> {
  const esbuild = require('esbuild') as typeof import('esbuild');
  const { builds } = require(path.join(ROOT, 'esbuild.js')) as { builds: BuildOptions[] };
  const outputs: Record<string, string> = {};
  for (const options of builds.filter(pick)) {
    const out = await esbuild.build({
      ...options,
      absWorkingDir: ROOT,
      write: false,
      minify: false,
      sourcemap: false,
      logLevel: 'silent',
    });
    for (const f of out.outputFiles) outputs[path.relative(ROOT, f.path).split(path.sep).join('/')] = f.text;
  }
  return outputs;
}

/** True for the build whose entry points name `entry` (e.g. `src/webview/main.ts`). */
export const buildOf = (entry: string) => (options: BuildOptions) =>
  JSON.stringify(options.entryPoints).includes(entry);
