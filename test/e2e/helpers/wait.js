// Waiting in the e2e flows: a pause, and a check retried until it holds.
'use strict';

const { sleep } = require('../../host/vscodeHost');

/**
 * Resolves with the first truthy value of `check`, retried until `timeoutMs`. `describe` tells what was seen
 * last, for the failure message.
 */
async function eventually(what, check, { timeoutMs = 30_000, intervalMs = 250, describe } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const seen = describe ? await describe().catch((e) => `(${e.message})`) : undefined;
      throw new Error(
        `timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}` +
          (seen !== undefined ? `; it showed ${typeof seen === 'string' ? seen : JSON.stringify(seen)}` : '') +
          (lastError ? `; last error: ${lastError.message}` : ''),
      );
    }
    await sleep(intervalMs);
  }
}

module.exports = { sleep, eventually };
