// e2e flow: credentials: the welcome, the palette and the password box. Part of the session of flows.e2e.js.
'use strict';

const assert = require('node:assert/strict');
const { TOKEN } = require('../helpers/fixture');
const { eventually } = require('../helpers/wait');

/** @param {ReturnType<import('../helpers/session').flowSession>} s */
module.exports = (s) => {
  const { done, shot, showTasksView, welcomeText, box, pickLabels, refused } = s;
  describe('Credentials: the welcome, the palette and the password box', () => {
    it('sets an access token through the palette: Access Token, password box, Enter', async () => {
      await showTasksView();
      const before = await eventually(
        'the welcome of a view without credentials',
        async () => {
          const text = await welcomeText();
          return /needs credentials/.test(text) && text;
        },
        { describe: welcomeText },
      );
      assert.match(before, /Set Credentials/);
      await shot('no-credentials-welcome');

      await s.ui.runCommand('Ping Sweep: Set Credentials…');
      await box('Set Credentials');
      await s.ui.quickRow('Access Token').waitFor({ state: 'visible', timeout: 10_000 });
      assert.deepEqual(await pickLabels(), ['Access Token', 'Client Credentials']);
      await shot('credentials-kind-pick');
      await s.ui.pickQuickItem('Access Token');

      const title = 'Set Credentials: Access Token';
      await box(title);
      assert.equal(
        await s.ui.quickInput().getAttribute('type'),
        'password',
        'the token box does not mask what is typed',
      );
      await refused(title, `Bearer ${TOKEN}`, /without the "Bearer " prefix/);
      await refused(title, 'abc123', /too short/);
      await s.ui.typeInQuickInput(TOKEN, { enter: false });
      await eventually('the refusal to clear', async () => !/too short|Bearer/.test(await s.ui.quickInputMessage()));
      await shot('credentials-token-box');
      await s.ui.quickInput().press('Enter');
      await s.ui.quickInput().waitFor({ state: 'hidden', timeout: 15_000 });

      const after = await eventually(
        'the welcome of a view with credentials and no tasks',
        async () => {
          const text = await welcomeText();
          return /No ping sweeps are tracked yet/.test(text) && text;
        },
        { describe: welcomeText },
      );
      assert.match(after, /Track Task/);
      const notes = await s.ui.readNotifications();
      assert.ok(
        notes.some((n) => /credentials saved in the secret store/.test(n)),
        `no confirmation among ${JSON.stringify(notes)}`,
      );
      assert.ok(!notes.some((n) => n.includes(TOKEN)), 'a notification shows the token');
      await shot('credentials-set');
      done.credentials = true;
    });
  });
};
