import { strict as assert } from 'node:assert';
import { patchFromStatus } from '../../src/core/taskUpdate';
import type { StatusResponse } from '../../src/core/schemas';
import type { TrackedTask } from '../../src/core/task';
import { versionsToTry, parseVersionSetting } from '../../src/core/versions';

function task(over: Partial<TrackedTask> = {}): TrackedTask {
  return {
    serial: 'CN12345678',
    taskId: 'c7a3f2d1-e8a9-4b7c-8d1e-0f9a3b2c1d0e',
    baseUrl: 'http://127.0.0.1:1',
    state: 'PENDING',
    progressPercent: 0,
    addedAt: 1,
    updatedAt: 1,
    ...over,
  };
}

function status(over: Partial<StatusResponse> = {}): StatusResponse {
  return {
    status: 'RUNNING',
    progressPercent: 40,
    startTime: '2025-09-18T10:00:01Z',
    endTime: null,
    failReason: null,
    output: null,
    ...over,
  };
}

describe('patchFromStatus', () => {
  it('takes state, progress and times from a running answer and clears a past problem', () => {
    const patch = patchFromStatus(task({ problem: 'HTTP 503' }), status());
    assert.equal(patch.state, 'RUNNING');
    assert.equal(patch.progressPercent, 40);
    assert.equal(patch.startTime, '2025-09-18T10:00:01Z');
    assert.equal(patch.problem, undefined);
    assert.ok('problem' in patch);
  });

  it('never lowers progress on a late answer', () => {
    const patch = patchFromStatus(task({ state: 'RUNNING', progressPercent: 70 }), status({ progressPercent: 30 }));
    assert.equal(patch.progressPercent, 70);
  });

  it('keeps RUNNING when an answer says INITIATED again', () => {
    const patch = patchFromStatus(
      task({ state: 'RUNNING', progressPercent: 50 }),
      status({ status: 'INITIATED', progressPercent: 0 }),
    );
    assert.equal(patch.state, 'RUNNING');
    assert.equal(patch.progressPercent, 50);
  });

  it('does not reopen a finished task and says why', () => {
    const patch = patchFromStatus(task({ state: 'COMPLETED', progressPercent: 100 }), status());
    assert.equal(patch.state, undefined);
    assert.match(patch.problem ?? '', /RUNNING after COMPLETED/);
  });

  it('does not turn a completed task into a failed one, or back, and keeps its result', () => {
    const failed = patchFromStatus(
      task({ state: 'COMPLETED', progressPercent: 100 }),
      status({ status: 'FAILED', failReason: 'late' }),
    );
    assert.deepEqual(Object.keys(failed), ['problem']);
    assert.match(failed.problem ?? '', /FAILED after COMPLETED; keeping COMPLETED/);
    const completed = patchFromStatus(
      task({ state: 'FAILED', progressPercent: 40 }),
      status({ status: 'COMPLETED', progressPercent: 100 }),
    );
    assert.deepEqual(Object.keys(completed), ['problem']);
  });

  it('takes the destination and output of a completed answer, at 100%', () => {
    const output = {
      destination: '10.0.0.1',
      successRate: 100,
      transmittedPacketsCount: 1,
      receivedPacketsCount: 1,
      minimumRoundTripTimeMilliseconds: 1,
      averageRoundTripTimeMilliseconds: 1,
      maximumRoundTripTimeMilliseconds: 1,
      responses: [{ count: 1, replies: [{ requestId: 1, size: 10, timedOut: false }] }],
    };
    const patch = patchFromStatus(
      task({ state: 'RUNNING' }),
      status({ status: 'COMPLETED', progressPercent: 99, output }),
    );
    assert.equal(patch.state, 'COMPLETED');
    assert.equal(patch.progressPercent, 100);
    assert.equal(patch.destination, '10.0.0.1');
    assert.deepEqual(patch.output, output);
  });

  it('carries a failure reason', () => {
    const patch = patchFromStatus(task({ state: 'RUNNING' }), status({ status: 'FAILED', failReason: 'gateway busy' }));
    assert.equal(patch.state, 'FAILED');
    assert.equal(patch.failReason, 'gateway busy');
  });
});

describe('versionsToTry', () => {
  it('auto starts with the remembered version and falls back to the other', () => {
    assert.deepEqual(versionsToTry('auto', undefined), ['v1', 'v1alpha1']);
    assert.deepEqual(versionsToTry('auto', 'v1alpha1'), ['v1alpha1', 'v1']);
  });
  it('a fixed setting tries only itself', () => {
    assert.deepEqual(versionsToTry('v1alpha1', 'v1'), ['v1alpha1']);
    assert.deepEqual(versionsToTry('v1', undefined), ['v1']);
  });
  it('reads unknown settings as auto', () => {
    assert.equal(parseVersionSetting('v2'), 'auto');
    assert.equal(parseVersionSetting(undefined), 'auto');
    assert.equal(parseVersionSetting('v1alpha1'), 'v1alpha1');
  });
});
