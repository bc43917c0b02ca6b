import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { idFragments, taskLabels } from '../../src/core/taskLabels';

const SERIAL = 'CN12345678';

/** Every label is different from every other. */
function assertUnique(labels: Iterable<string>): void {
  const all = [...labels];
  assert.equal(new Set(all).size, all.length, `duplicate labels in ${JSON.stringify(all)}`);
}

describe('task labels for the narrow tree', () => {
  it('shows the serial and the first 8 characters of a UUID, never the 36 of it', () => {
    const id = '6f1c2a9e-1b7d-4c3a-9e21-0a4b5c6d7e8f';
    const labels = taskLabels([{ serial: SERIAL, taskId: id }]);
    assert.equal(labels.get(`${SERIAL}/${id}`), 'CN12345678 · 6f1c2a9e…');
    assert.ok(labels.get(`${SERIAL}/${id}`)!.length <= 24, 'readable at the default sidebar width');
  });

  it('labels a task by its destination once known', () => {
    const id = '6f1c2a9e-1b7d-4c3a-9e21-0a4b5c6d7e8f';
    assert.equal(
      taskLabels([{ serial: SERIAL, taskId: id, destination: '10.1.2.3' }]).get(`${SERIAL}/${id}`),
      '10.1.2.3',
    );
  });

  it('lengthens the prefix only as far as two ids share it', () => {
    const a = 'abcdef01-0000-4000-8000-000000000000';
    const b = 'abcdef01-9999-4000-8000-000000000000';
    const c = '12345678-0000-4000-8000-000000000000';
    const f = idFragments([a, b, c]);
    assert.equal(f.get(a), 'abcdef01-0…');
    assert.equal(f.get(b), 'abcdef01-9…');
    assert.equal(f.get(c), '12345678…', 'an id that shares nothing keeps the short form');
  });

  it('tells apart ids that differ only at the end (sequential UUIDs) by their last characters', () => {
    const ids = [
      'd3e0c001-0000-4000-8000-000000000001',
      'd3e0c001-0000-4000-8000-000000000002',
      'd3e0c001-0000-4000-8000-000000000003',
    ];
    const f = idFragments(ids);
    assert.deepEqual(
      ids.map((id) => f.get(id)),
      ['d3e0c001…0001', 'd3e0c001…0002', 'd3e0c001…0003'],
    );
    const tail = ['d3e0c001-0000-4000-8000-000000010001', 'd3e0c001-0000-4000-8000-000000020001'];
    assert.deepEqual(
      tail.map((id) => idFragments(tail).get(id)),
      ['d3e0c001…10001', 'd3e0c001…20001'],
    );
  });

  it('shows short ids whole', () => {
    const f = idFragments(['42', 'task-7', 'abcdefghijklm']);
    assert.deepEqual([...f.values()], ['42', 'task-7', 'abcdefghijklm']);
  });

  it('is unique for the same id on two gateways and for a task with a destination among id-labelled ones', () => {
    const id = '6f1c2a9e-1b7d-4c3a-9e21-0a4b5c6d7e8f';
    const labels = taskLabels([
      { serial: 'CNA0000001', taskId: id },
      { serial: 'CNB0000002', taskId: id },
      { serial: 'CNA0000001', taskId: '6f1c2a9e-ffff-4c3a-9e21-0a4b5c6d7e8f', destination: '10.0.0.1' },
    ]);
    assert.deepEqual([...labels.values()], ['CNA0000001 · 6f1c2a9e-1…', 'CNB0000002 · 6f1c2a9e…', '10.0.0.1']);
  });

  it('stays unique for hostile sets: one id the prefix of another, near-identical ids, odd lengths', () => {
    const base = 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa';
    const ids = [
      base,
      base.slice(0, 14),
      base.slice(0, 20),
      `${base}a`,
      `${base.slice(0, -1)}b`,
      `${base.slice(0, 8)}b${base.slice(9)}`,
      'aaaaaaaab',
      'x'.repeat(300),
      `${'x'.repeat(299)}y`,
    ];
    const f = idFragments(ids);
    assert.equal(f.size, ids.length);
    assertUnique(f.values());
    for (const [id, fragment] of f) {
      assert.ok(fragment.length <= id.length + 1, `${fragment} is longer than ${id}`);
    }
    assert.ok(f.get('x'.repeat(300))!.length <= 14);
  });

  it('gives 500 random UUIDs on one gateway 500 different labels, nearly all of the short form', () => {
    const tasks = Array.from({ length: 500 }, () => ({ serial: SERIAL, taskId: randomUUID() }));
    const labels = taskLabels(tasks);
    assertUnique(labels.values());
    const long = [...labels.values()].filter((l) => l.length > 'CN12345678 · 12345678…'.length + 2);
    assert.ok(long.length < 10, `${long.length} long labels`);
  });

  it('keeps duplicates of one task to one label', () => {
    const id = '6f1c2a9e-1b7d-4c3a-9e21-0a4b5c6d7e8f';
    assert.equal(idFragments([id, id]).get(id), '6f1c2a9e…');
  });
});
