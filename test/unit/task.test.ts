import { strict as assert } from 'node:assert';
import { isFinal, parseTaskKey, taskKey, type TaskState } from '../../src/core/task';

describe('task model', () => {
  it('keys a task by serial and task id', () => {
    assert.equal(taskKey({ serial: 'CN1234', taskId: 'abc-def' }), 'CN1234/abc-def');
  });

  it('parses a key back, and refuses what taskKey cannot have made', () => {
    assert.deepEqual(parseTaskKey('CN1234/abc-def'), { serial: 'CN1234', taskId: 'abc-def' });
    assert.equal(parseTaskKey('CN1234'), undefined);
    assert.equal(parseTaskKey('/abc'), undefined);
    assert.equal(parseTaskKey('CN1234/'), undefined);
  });

  it('treats COMPLETED, FAILED and NOT_FOUND as final', () => {
    const all: TaskState[] = ['PENDING', 'INITIATED', 'RUNNING', 'COMPLETED', 'FAILED', 'NOT_FOUND'];
    assert.deepEqual(all.filter(isFinal), ['COMPLETED', 'FAILED', 'NOT_FOUND']);
  });
});
