import * as assert from 'node:assert/strict';
import { keyOfFileName, resultFileName } from '../../src/core/storage/fileNames';

const KEY = 'CN12345678/c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e';

describe('result files: keys as file names', () => {
  const hostile = [
    KEY,
    '../../etc/passwd',
    '/etc/shadow',
    '..',
    '.',
    'a/../../b',
    '..\\..\\windows\\system32',
    'C:\\x',
    'con',
    'NUL',
    'Ab',
    'ab',
    'AB',
    'with space',
    'tab\tand\nnewline',
    'nul\u0000byte',
    'ü/✓/😀',
    '_41',
    'r-x.json',
    '%2e%2e%2f',
  ];

  it('gives every key a name of a-z, 0-9, _ and - only, one per key, read back as the key', () => {
    const names = new Set<string>();
    for (const key of hostile) {
      const name = resultFileName(key);
      assert.ok(name, JSON.stringify(key));
      assert.match(name, /^r-[a-z0-9_-]+\.json$/, JSON.stringify(key));
      assert.equal(keyOfFileName(name), key);
      names.add(name);
    }
    assert.equal(names.size, hostile.length, 'no two keys share a name, even on a case-insensitive disk');
    assert.equal(resultFileName('cn1/abc'), 'r-cn1_2fabc.json');
  });

  it('refuses keys that cannot be stored: empty, huge, not valid text', () => {
    for (const key of [
      '',
      'x'.repeat(10_000),
      '\u00e9'.repeat(60),
      'lone\ud800surrogate',
      undefined as unknown as string,
    ]) {
      assert.equal(resultFileName(key), undefined, JSON.stringify(key)?.slice(0, 40));
    }
  });

  it('reads back only names it made', () => {
    for (const name of [
      'r-_61.json',
      'r-A.json',
      'r-.json',
      'r-_ff.json',
      'r-_c3.json',
      'r-x.json.corrupt',
      'r-x.json.1a2b.tmp',
      'x.json',
      'r-x_2.json',
      'r-../x.json',
    ]) {
      assert.equal(keyOfFileName(name), undefined, name);
    }
  });
});
