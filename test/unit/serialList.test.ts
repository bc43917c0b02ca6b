import * as assert from 'node:assert/strict';
import {
  MAX_REFUSED_SHOWN,
  MAX_SERIALS,
  describeSerialList,
  parseSerialList,
  shownEntry,
} from '../../src/core/serialList';

describe('pasted list of gateway serials', () => {
  it('splits on commas, semicolons, spaces, tabs and new lines, upper-cases, and keeps the order', () => {
    const list = parseSerialList(
      ' cn0001aaaa, CN0002BBBB;CN0003CCCC\tcn0004dddd\r\nCN0005EEEE\n\n,,"CN0006FFFF" \'cn0007gggg\'',
    );
    assert.deepEqual(list.serials, [
      'CN0001AAAA',
      'CN0002BBBB',
      'CN0003CCCC',
      'CN0004DDDD',
      'CN0005EEEE',
      'CN0006FFFF',
      'CN0007GGGG',
    ]);
    assert.deepEqual(list.refused, []);
    assert.equal(describeSerialList(list), '7 gateways');
  });

  it('drops duplicates whatever their case, naming each once', () => {
    const list = parseSerialList('CN0001AAAA cn0001aaaa CN0001AAAA CN0002BBBB cn0002bbbb');
    assert.deepEqual(list.serials, ['CN0001AAAA', 'CN0002BBBB']);
    assert.deepEqual(list.duplicates, ['CN0001AAAA', 'CN0002BBBB']);
    assert.equal(describeSerialList(list), '2 gateways; 2 duplicates dropped');
  });

  it('names every refused entry with the reason, using the serial rules', () => {
    const list = parseSerialList('CN1 CN-0001 CN0001AAAA ' + 'X'.repeat(33) + ' ../etc');
    assert.deepEqual(list.serials, ['CN0001AAAA']);
    assert.deepEqual(
      list.refused.map((r) => r.text),
      ['CN1', 'CN-0001', 'X'.repeat(33), '../etc'],
    );
    assert.match(
      list.refused[0].reason,
      /^too short \(3 characters\): A gateway serial number has 4 to 32 letters and digits only/,
    );
    assert.match(list.refused[1].reason, /^contains "-": /);
    assert.match(list.refused[2].reason, /^too long \(33 characters\)/);
    assert.match(list.refused[3].reason, /^contains "\."/);
    assert.match(describeSerialList(list), /^1 gateway; 4 refused: "CN1" too short \(3 characters\)/);
  });

  it('shows look-alike, invisible and control characters by their code point', () => {
    const list = parseSerialList('\u0421N00001111 CN\u200b0001 CN\u202e0002 CN\u00000003');
    assert.deepEqual(list.serials, []);
    assert.deepEqual(
      list.refused.map((r) => r.text),
      ['<U+0421>N00001111', 'CN<U+200B>0001', 'CN<U+202E>0002', 'CN<U+0000>0003'],
    );
    assert.match(list.refused[0].reason, /contains "<U\+0421>"/);
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach the message
    for (const r of list.refused) assert.ok(!/[\u0000-\u001f\u200b\u202e]/.test(r.text + r.reason));
  });

  it('copes with hostile sizes: long tokens are cut, lists are bounded and counted', () => {
    assert.equal(shownEntry('A'.repeat(10_000)).length, 40);
    assert.ok(shownEntry('A'.repeat(10_000)).endsWith('…'));
    const many = Array.from({ length: MAX_SERIALS + 25 }, (_, i) => `CN${String(i).padStart(8, '0')}`).join('\n');
    const list = parseSerialList(many);
    assert.equal(list.serials.length, MAX_SERIALS);
    assert.equal(list.overLimit, 25);
    assert.match(describeSerialList(list), /25 left out \(at most 1000 at once\)/);
    const junk = parseSerialList(
      Array.from({ length: 5000 }, (_, i) => `bad-${i}`).join(' ') + ' ' + 'Z'.repeat(2_000_000),
    );
    assert.equal(junk.refused.length, MAX_REFUSED_SHOWN);
    assert.equal(junk.refusedCount, 5001);
    assert.match(describeSerialList(junk), /; and 4951 more$/);
  });

  it('gives an empty list for empty or blank text, and never throws on odd values', () => {
    for (const text of ['', '   \n\t', ',,;;'])
      assert.deepEqual(parseSerialList(text), {
        serials: [],
        refused: [],
        refusedCount: 0,
        duplicates: [],
        overLimit: 0,
      });
    assert.deepEqual(parseSerialList(undefined as unknown as string).serials, []);
    assert.equal(describeSerialList(parseSerialList('')), '0 gateways');
  });
});
