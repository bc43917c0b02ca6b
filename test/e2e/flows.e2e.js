// End-to-end flows: a real VS Code (code-server) in headless Chromium with the extension loaded from the
// source folder, driven the way a person drives it (F1 palette, input boxes, quick picks, the Tracked Tasks
// tree, the status bar, the result webview) against the Central simulator started here, in the mocha process.
// Every flow saves screenshots to test-results/screenshots/flows-*.png. The flows are in test/e2e/flows/,
// one file each, the page helpers in test/e2e/helpers/.
//
// One VS Code serves every flow (startup is slow). The flows build on each other the way a person's
// session does (credentials first, then tasks); a flow whose prerequisite failed is skipped with the reason,
// so one failure does not cascade into a list of confusing ones.
//
// Run: npm run build && npm run compile-tests && npx mocha --config test/e2e/mocharc.json
'use strict';

const { flowSession } = require('./helpers/session');

describe('e2e flows: a person using Ping Sweep against the simulator', function () {
  this.timeout(240_000);
  const s = flowSession();

  require('./flows/credentials')(s);
  require('./flows/tracking')(s);
  require('./flows/results')(s);
  require('./flows/reload')(s);
  require('./flows/startAndImport')(s);
  require('./flows/fleet')(s);
  require('./flows/pathMtu')(s);
  require('./flows/compare')(s);
});
