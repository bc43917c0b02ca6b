import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MINIMAL, MINIMAL_EXTENSION } from '../bench/firstOpen';

describe('bench: the minimal extension beside ours', () => {
  it('is an extension whose tree item the bench can click, in the view it looks in', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(MINIMAL_EXTENSION, 'package.json'), 'utf8'));
    assert.ok(fs.existsSync(path.join(MINIMAL_EXTENSION, manifest.main)));
    assert.equal(manifest.contributes.views.pingSweep[0].name, MINIMAL.view);
    assert.match(
      fs.readFileSync(path.join(MINIMAL_EXTENSION, manifest.main), 'utf8'),
      new RegExp(`TreeItem\\('${MINIMAL.label}'\\)`),
    );
  });
});
