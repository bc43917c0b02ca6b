// Entry point that VS Code loads as `extensionTestsPath` (compiled to out/test/integration/index.js):
// runs every out/test/integration/**/*.test.js with mocha inside the extension host.
// Both runners use it: test/host/runIntegration.js (offline, code-server) and test/host/runElectron.js.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      found.push(...findTests(full));
    } else if (entry.name.endsWith('.test.js')) {
      found.push(full);
    }
  }
  return found.sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    // The output is relayed line by line to a terminal or a CI log; colours only when asked for.
    color: process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0',
    timeout: Number(process.env.INTEGRATION_TIMEOUT_MS) || 20_000,
  });
  if (process.env.INTEGRATION_GREP) {
    mocha.grep(process.env.INTEGRATION_GREP);
  }
  const files = findTests(__dirname);
  if (files.length === 0) {
    return Promise.reject(new Error(`no *.test.js files under ${__dirname}: run \`npm run compile-tests\` first`));
  }
  for (const file of files) {
    mocha.addFile(file);
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, pending = 0 } = runner.stats ?? {};
      // A closing line that CI logs and people can both read.
      console.log(`integration: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
      if (failures > 0) {
        reject(new Error(`${failures} integration test(s) failed`));
      } else if (passes === 0) {
        reject(new Error('no integration test ran'));
      } else {
        resolve();
      }
    });
  });
}
