// mocha's spec reporter plus one closing line in the plain `N passed, N failed` form.
'use strict';

const Mocha = require('mocha');

class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes = 0, failures = 0, pending = 0 } = runner.stats || {};
      Mocha.reporters.Base.consoleLog(
        `e2e: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`,
      );
    });
  }
}

module.exports = SpecWithSummary;
