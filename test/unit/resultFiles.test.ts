import * as assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { resultFileName } from '../../src/core/storage/fileNames';
import { ResultFiles } from '../../src/core/storage/resultFiles';
import { sweepOutput } from './helpers/outputs';
import { makeReadOnly } from './helpers/readOnly';

const KEY = 'CN12345678/c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e';
const OTHER = 'CN87654321/0f9a3b2c-1d0e-4b7c-8d1e-c7a3f2d1e8a9';

describe('result files', () => {
  let root: string;
  let folder: string;
  let files: ResultFiles;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'ps-results-'));
    folder = path.join(root, 'results');
    files = new ResultFiles(folder, { now: () => 1_700_000_000_000 });
  });
  afterEach(async () => {
    await fs.chmod(root, 0o700).catch(() => undefined);
    await fs.rm(root, { recursive: true, force: true });
  });

  const fileOf = (key: string) => path.join(folder, resultFileName(key)!);
  const put = async (key: string, text: string | Buffer) => {
    await fs.mkdir(folder, { recursive: true });
    await fs.writeFile(fileOf(key), text);
  };
  const namesIn = async (dir = folder) => (await fs.readdir(dir)).sort();

  it('writes a result and reads it back whole, with when it was saved', async () => {
    const output = sweepOutput({ mtu: 1450 });
    output.asSent = { 'responses.0.replies.1.size': 'big' };
    const written = await files.write(KEY, output);
    assert.equal(written.kind, 'written');
    assert.equal(written.kind === 'written' && written.bytes, (await fs.stat(fileOf(KEY))).size);
    const read = await files.read(KEY);
    assert.equal(read.kind, 'ok');
    assert.deepEqual(read.kind === 'ok' && read.output, output);
    assert.equal(read.kind === 'ok' && read.savedAt, 1_700_000_000_000);
    assert.deepEqual(await namesIn(), [resultFileName(KEY)]);
  });

  it('says missing for a task without a file, and for a folder not made yet', async () => {
    assert.deepEqual(await files.read(KEY), { kind: 'missing' });
    assert.deepEqual(await files.list(), { kind: 'ok', keys: [] });
    assert.deepEqual(await files.delete(KEY), { kind: 'missing' });
  });

  it('keeps every hostile key inside its folder, lists exactly the keys, and deletes one', async () => {
    const keys = ['../../escape', '/abs/olute', '..', 'con', 'Ab', 'ab', 'ü/✓', 'nul\u0000', KEY];
    for (const key of keys) assert.equal((await files.write(key, sweepOutput())).kind, 'written', key);
    assert.deepEqual(await namesIn(root), ['results'], 'nothing was written beside the folder');
    for (const name of await namesIn()) assert.match(name, /^r-[a-z0-9_-]+\.json$/);
    for (const key of keys) assert.equal((await files.read(key)).kind, 'ok', key);
    assert.deepEqual(await files.list(), { kind: 'ok', keys: [...keys].sort() });
    assert.deepEqual(await files.delete('../../escape'), { kind: 'deleted' });
    assert.deepEqual(await files.read('../../escape'), { kind: 'missing' });
    assert.deepEqual(await files.list(), { kind: 'ok', keys: keys.filter((k) => k !== '../../escape').sort() });
  });

  it('refuses a key it cannot store, and an output that does not match, without writing anything', async () => {
    assert.deepEqual(await files.write('', sweepOutput()), {
      kind: 'failed',
      reason: 'a task key is needed (serial/taskId)',
    });
    const bad = { ...sweepOutput(), successRate: Number.NaN };
    const r = await files.write(KEY, bad);
    assert.equal(r.kind, 'failed');
    assert.match(r.kind === 'failed' ? r.reason : '', /successRate/);
    const small = new ResultFiles(folder, { maxBytes: 2048 });
    const big = await small.write(KEY, sweepOutput({ cycles: 20 }));
    assert.match(big.kind === 'failed' ? big.reason : '', /at most 2048/);
    assert.deepEqual(await files.list(), { kind: 'ok', keys: [] });
  });

  describe('hostile files', () => {
    const setAside = async (key: string) => {
      const read = await files.read(key);
      assert.equal(read.kind, 'corrupt', JSON.stringify(read));
      assert.equal(read.kind === 'corrupt' && read.movedTo, `${resultFileName(key)}.corrupt`);
      assert.deepEqual(await files.read(key), { kind: 'missing' }, 'set aside, never read again');
      return read.kind === 'corrupt' ? read.reason : '';
    };

    it('sets a truncated file aside, keeps it to look at, and takes a new result after', async () => {
      await files.write(KEY, sweepOutput());
      const whole = await fs.readFile(fileOf(KEY), 'utf8');
      await put(KEY, whole.slice(0, whole.length / 2));
      assert.match(await setAside(KEY), /not JSON/);
      assert.equal(await fs.readFile(`${fileOf(KEY)}.corrupt`, 'utf8'), whole.slice(0, whole.length / 2));
      assert.equal((await files.write(KEY, sweepOutput())).kind, 'written');
      assert.equal((await files.read(KEY)).kind, 'ok');
    });

    it('sets binary junk aside', async () => {
      await put(KEY, Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x81, 0xc3, 0x28, 0x7b]));
      assert.match(await setAside(KEY), /not UTF-8/);
    });

    it('refuses a 50 MB file without reading it', async () => {
      await fs.mkdir(folder, { recursive: true });
      const handle = await fs.open(fileOf(KEY), 'w');
      await handle.truncate(50 * 1024 * 1024);
      await handle.close();
      const t0 = Date.now();
      assert.match(await setAside(KEY), /50\.0 MB; results above 8\.0 MB are not read/);
      assert.ok(Date.now() - t0 < 1000, `${Date.now() - t0} ms`);
    });

    it('sets aside JSON that is not a result of this task, naming the field', async () => {
      for (const value of [null, [], 'text', 42, { format: 'something else', version: 1 }]) {
        await put(KEY, JSON.stringify(value));
        assert.match(await setAside(KEY), /not a stored result/, JSON.stringify(value));
      }
      await files.write(KEY, sweepOutput());
      const wrong = JSON.parse(await fs.readFile(fileOf(KEY), 'utf8'));
      wrong.output.responses[0].replies[1].size = 'big';
      await put(KEY, JSON.stringify(wrong));
      assert.match(await setAside(KEY), /output\.responses\.0\.replies\.1\.size: expected number, got string/);
      await files.write(OTHER, sweepOutput());
      await fs.copyFile(fileOf(OTHER), fileOf(KEY));
      assert.match(await setAside(KEY), /another task/);
    });

    it('leaves alone a file a newer version wrote', async () => {
      await put(KEY, JSON.stringify({ format: 'pingSweep.result', version: 2, key: KEY, shape: 'new' }));
      const read = await files.read(KEY);
      assert.deepEqual(read, { kind: 'failed', reason: 'a newer version of the extension wrote it (format 2)' });
      assert.deepEqual(await namesIn(), [resultFileName(KEY)]);
    });

    it('sets aside a folder standing where the file should be, and writes over one', async () => {
      await fs.mkdir(path.join(fileOf(KEY), 'inner'), { recursive: true });
      assert.match(await setAside(KEY), /a folder stands where the file should be/);
      await fs.mkdir(path.join(fileOf(OTHER), 'inner'), { recursive: true });
      assert.equal((await files.write(OTHER, sweepOutput())).kind, 'written');
      assert.equal((await files.read(OTHER)).kind, 'ok');
      assert.ok((await fs.stat(`${fileOf(OTHER)}.corrupt`)).isDirectory());
    });

    it('never follows a link, and leaves its target alone', async () => {
      const outside = new ResultFiles(path.join(root, 'elsewhere'));
      await outside.write(KEY, sweepOutput());
      const target = path.join(root, 'elsewhere', resultFileName(KEY)!);
      await fs.mkdir(folder, { recursive: true });
      await fs.symlink(target, fileOf(KEY));
      assert.match(await setAside(KEY), /link/);
      assert.equal((await outside.read(KEY)).kind, 'ok');
    });

    it('ignores files that are not results, and temporary files a crashed writer left', async () => {
      await files.write(KEY, sweepOutput());
      await fs.writeFile(path.join(folder, 'notes.txt'), 'x');
      await fs.writeFile(`${fileOf(OTHER)}.abcdef012345.tmp`, '{"half":');
      assert.deepEqual(await files.list(), { kind: 'ok', keys: [KEY] });
      const old = new Date(Date.now() - 3_600_000);
      await fs.utimes(`${fileOf(OTHER)}.abcdef012345.tmp`, old, old);
      await fs.writeFile(`${fileOf(KEY)}.fresh0000000.tmp`, '{');
      const cleaner = new ResultFiles(folder);
      assert.equal(await cleaner.removeStaleTemps(), 1);
      assert.deepEqual(
        await namesIn(),
        ['notes.txt', resultFileName(KEY), `${resultFileName(KEY)}.fresh0000000.tmp`].sort(),
      );
    });
  });

  describe('a disk that refuses', () => {
    it('reports a read-only folder in words, loses nothing stored, and leaves no temporary file', async function () {
      await files.write(KEY, sweepOutput());
      await put(OTHER, '{"trunc');
      if (!(await makeReadOnly(folder))) this.skip();
      try {
        const w = await files.write(KEY, sweepOutput({ mtu: 1 }));
        assert.equal(w.kind, 'failed');
        assert.match(w.kind === 'failed' ? w.reason : '', /permission denied|not permitted|read-only/);
        const read = await files.read(KEY);
        assert.equal(read.kind === 'ok' && read.output.receivedPacketsCount, 15, 'the earlier result is intact');
        const corrupt = await files.read(OTHER);
        assert.equal(corrupt.kind, 'corrupt');
        assert.equal(corrupt.kind === 'corrupt' && corrupt.movedTo, undefined);
        assert.match(corrupt.kind === 'corrupt' ? corrupt.reason : '', /not JSON.*could not be set aside/);
        assert.equal((await files.delete(KEY)).kind, 'failed');
      } finally {
        await makeReadOnly(folder, false);
      }
      assert.deepEqual(await namesIn(), [resultFileName(OTHER), resultFileName(KEY)].sort());
    });

    it('reports a storage folder that is a file', async () => {
      await fs.writeFile(folder, 'not a folder');
      const w = await files.write(KEY, sweepOutput());
      assert.match(w.kind === 'failed' ? w.reason : '', /not a folder|EEXIST|ENOTDIR/);
      assert.equal((await files.read(KEY)).kind, 'failed');
      assert.equal((await files.list()).kind, 'failed');
      assert.equal(await fs.readFile(folder, 'utf8'), 'not a folder');
    });
  });

  describe('two writers of one key', () => {
    const outputs = [
      sweepOutput({ destination: 'first', cycles: 40, sizes: Array.from({ length: 50 }, (_, i) => 1000 + i) }),
      sweepOutput({ destination: 'second', cycles: 7, mtu: 1400 }),
    ];

    it('end with one whole file, and every read between sees a whole one', async () => {
      const other = new ResultFiles(folder);
      const reads: Array<Promise<unknown>> = [];
      const writes: Array<Promise<unknown>> = [];
      for (let i = 0; i < 30; i++) {
        writes.push(files.write(KEY, outputs[0]), other.write(KEY, outputs[1]));
        reads.push(files.read(KEY), other.read(KEY));
      }
      for (const w of await Promise.all(writes)) assert.equal((w as { kind: string }).kind, 'written');
      for (const r of await Promise.all(reads)) {
        const read = r as Awaited<ReturnType<ResultFiles['read']>>;
        assert.ok(read.kind === 'ok' || read.kind === 'missing', JSON.stringify(read).slice(0, 200));
        if (read.kind === 'ok') assert.ok(outputs.some((o) => JSON.stringify(o) === JSON.stringify(read.output)));
      }
      assert.deepEqual(await namesIn(), [resultFileName(KEY)], 'no temporary file is left');
    });

    it('across two processes, as two windows', async function () {
      this.timeout(20_000);
      await files.write(KEY, outputs[1]);
      const script = path.join(__dirname, 'helpers', 'resultWriter.js');
      const child = fork(script, [folder, KEY, '60', '20'], { stdio: 'ignore' });
      const report = new Promise<{ written: number; failed: number }>((resolve) =>
        child.once('message', (m) => resolve(m as never)),
      );
      let whole = 0;
      let done = false;
      void report.then(() => (done = true));
      while (!done) {
        assert.equal((await files.write(KEY, outputs[1])).kind, 'written');
        const read = await files.read(KEY);
        assert.equal(read.kind, 'ok', JSON.stringify(read));
        whole++;
      }
      assert.deepEqual(await report, { written: 60, failed: 0 });
      assert.ok(whole > 0);
      const last = await files.read(KEY);
      assert.equal(last.kind, 'ok');
      assert.ok(['written-by-the-child', 'second'].includes(last.kind === 'ok' ? last.output.destination : ''));
      assert.deepEqual(await namesIn(), [resultFileName(KEY)]);
    });
  });
});
