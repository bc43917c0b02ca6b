import { strict as assert } from 'node:assert';
import { ApiError, describeError, isAbort } from '../../src/core/errors';
import { describeStartFailure } from '../../src/core/startParams';

/**
 * The lazily loaded bundles (dist/later.js, dist/results.js) carry their own copy of the core modules, so an
 * error thrown by the main bundle's Central access meets another copy of the ApiError class there.
 */
function otherCopyOfErrors(): typeof import('../../src/core/errors') {
  const id = require.resolve('../../src/core/errors');
  const cached = require.cache[id];
  delete require.cache[id];
  try {
    return require(id);
  } finally {
    require.cache[id] = cached;
  }
}

describe('errors thrown by another bundle', () => {
  const other = otherCopyOfErrors();

  it('are a second class, as in the bundles', () => {
    assert.notEqual(other.ApiError, ApiError);
  });

  it('are still recognised as ApiError, and no other error is', () => {
    const err = new other.ApiError('conflict', 'Gateway offline (409)', { status: 409 });
    assert.ok(err instanceof ApiError);
    assert.ok(new ApiError('timeout', 't') instanceof other.ApiError);
    assert.ok(!(new Error('plain') instanceof ApiError));
    assert.ok(!({ kind: 'conflict', message: 'x' } instanceof ApiError));
    assert.ok(![null, undefined, 'ApiError', 409].some((v: unknown) => v instanceof ApiError));
  });

  it('get the same words as this copy gives its own', () => {
    const mine = new ApiError('conflict', 'Gateway offline (409)', { status: 409 });
    const theirs = new other.ApiError('conflict', 'Gateway offline (409)', { status: 409 });
    assert.equal(describeStartFailure(theirs, 'CN1'), describeStartFailure(mine, 'CN1'));
    assert.equal(describeError(theirs), describeError(mine));
    assert.equal(isAbort(new other.ApiError('aborted', 'cancelled')), true);
  });
});
