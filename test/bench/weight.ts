/**
 * Extension weight: the bundles' raw and gzip sizes, the `.vsix` that `vsce` packs and
 * what it holds, and the `activate()` times the extension logged for itself in real extension hosts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

export interface BundleSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** Every bundle in `dist/` and the webview's page in `dist/webview/` (source maps left out), the main one first. */
export function bundleSizes(root = ROOT): BundleSize[] {
  const list = (dir: string) =>
    fs.existsSync(path.join(root, dir))
      ? fs
          .readdirSync(path.join(root, dir))
          .filter((f) => /\.(js|css)$/.test(f))
          .map((f) => `${dir}/${f}`)
      : [];
  const files = [...list('dist'), ...list('dist/webview')];
  files.sort((a, b) => (a === 'dist/extension.js' ? -1 : b === 'dist/extension.js' ? 1 : a.localeCompare(b)));
  return files.map((file) => {
    const data = fs.readFileSync(path.join(root, file));
    return { file, bytes: data.length, gzipBytes: gzipSync(data, { level: 9 }).length };
  });
}

export interface VsixReport {
  bytes: number;
  files: string[];
  /** Entries outside what may ship: dist bundles, media, README, CHANGELOG, LICENSE, package.json. */
  unexpected: string[];
  seconds: number;
}

/** What a packed extension may hold, as paths inside the .vsix. */
function allowedInVsix(name: string): boolean {
  if (name === 'extension.vsixmanifest' || name === '[Content_Types].xml') return true;
  if (!name.startsWith('extension/')) return false;
  const p = name.slice('extension/'.length);
  return (
    /^dist\/[^/]+\.js$/.test(p) ||
    /^dist\/webview\/[^/]+\.(js|css)$/.test(p) ||
    p.startsWith('media/') ||
    // vsce writes README and CHANGELOG in lower case.
    /^(package\.json|readme\.md|changelog\.md)$/i.test(p) ||
    /^LICENSE(\.(md|txt))?$/i.test(p)
  );
}

/** Packs the extension in `folder` into `out` with the project's `vsce package --no-dependencies`. */
export function vscePackage(folder: string, out: string, extraArgs: readonly string[] = []): void {
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const res = spawnSync(
    process.execPath,
    [vsce, 'package', '--no-dependencies', '--allow-missing-repository', ...extraArgs, '-o', out],
    {
      cwd: folder,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  if (res.status !== 0 || !fs.existsSync(out)) {
    throw new Error(`vsce package of ${folder} failed (${res.status ?? res.signal}):\n${res.stdout}\n${res.stderr}`);
  }
}

/** Packs the extension into a temporary folder and lists the result. */
export function packageVsix(root = ROOT): VsixReport {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pingsweep-bench-'));
  const out = path.join(dir, 'bench.vsix');
  const started = Date.now();
  try {
    vscePackage(root, out, ['--no-rewrite-relative-links']);
    const data = fs.readFileSync(out);
    const files = zipEntries(data);
    return {
      bytes: data.length,
      files,
      unexpected: files.filter((f) => !allowedInVsix(f)),
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Names in a zip file, from its central directory. */
export function zipEntries(zip: Buffer): string[] {
  // The end-of-central-directory record sits in the last 22 bytes plus a comment of at most 64 KB.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('broken zip central directory');
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

export interface Activation {
  /** The extension host's log folder (exthost1, exthost2, ... one per window load). */
  host: string;
  ms: number;
  trackedTasks: number;
}

const ACTIVATED = /\[activate\] activated in ([\d.]+) ms with (\d+) tracked task/;

/**
 * The `activated in X ms` lines the extension wrote to its LogOutputChannel, from every extension host log
 * folder under a profile's `logs/` (VS Code keeps one file per channel per extension host).
 */
export function activationTimes(userDataDir: string): Activation[] {
  const out: Activation[] = [];
  const logs = path.join(userDataDir, 'logs');
  if (!fs.existsSync(logs)) return out;
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && entry.name === 'Ping Sweep.log') {
        for (const line of fs.readFileSync(p, 'utf8').split('\n')) {
          const m = ACTIVATED.exec(line);
          if (m)
            out.push({
              host: path.relative(logs, path.dirname(path.dirname(p))),
              ms: Number(m[1]),
              trackedTasks: Number(m[2]),
            });
        }
      }
    }
  };
  walk(logs);
  return out.sort((a, b) => a.host.localeCompare(b.host, 'en', { numeric: true }));
}

/** The median of a list of numbers (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Runs the integration suites once in the offline host with `--keep` (about 100 s here) and reads the
 * activations they caused: the extension is activated again in the same extension host between suites, so
 * most of these are warm (code loaded and compiled), unlike a window load. Removes the kept profile after.
 */
export function integrationActivations(root = ROOT): { activations: Activation[]; passed: boolean; seconds: number } {
  const started = Date.now();
  const res = spawnSync(process.execPath, [path.join(root, 'test', 'host', 'runIntegration.js'), '--keep'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 600_000,
  });
  const kept = /profile kept in (\S+)/.exec(res.stdout ?? '');
  if (!kept)
    throw new Error(
      `the integration run kept no profile (exit ${res.status ?? res.signal}):\n${(res.stdout ?? '').slice(-2000)}${res.stderr ?? ''}`,
    );
  try {
    return {
      activations: activationTimes(path.join(kept[1], 'user-data')),
      passed: res.status === 0,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    fs.rmSync(kept[1], { recursive: true, force: true });
  }
}
