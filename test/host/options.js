// Command-line options shared by the two integration runners (offline code-server and test-electron).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { PROJECT_ROOT } = require('./install');

const USAGE = `options:
  --tests <dir>          compiled suite folder with index.js exporting run() (default: out/test/integration)
  --extension <dir>      extension under development (default: the project root)
  --settings <file>      JSON file of user settings for the test profile
  --setting <key>=<json> one user setting (repeatable), e.g. --setting pingSweep.apiVersion='"v1"'
  --env <NAME>=<value>   environment for the extension host (repeatable)
  --grep <pattern>       run only the tests whose title matches (sets INTEGRATION_GREP)
  --timeout <seconds>    overall limit for the whole run (default: 600)
  --keep                 keep the temporary profile and logs
  --verbose              relay code-server's and the page's own logs too`;

class UsageError extends Error {}

function parseArgs(argv) {
  const opts = {
    tests: path.join(PROJECT_ROOT, 'out', 'test', 'integration'),
    extension: PROJECT_ROOT,
    settings: {},
    env: {},
    timeoutSec: 600,
    keep: false,
    verbose: false,
  };
  const take = (i, flag) => {
    if (i + 1 >= argv.length) throw new UsageError(`${flag} needs a value`);
    return argv[i + 1];
  };
  const pair = (value, flag) => {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} expects NAME=VALUE, got "${value}"`);
    return [value.slice(0, eq), value.slice(eq + 1)];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--tests':
        opts.tests = path.resolve(take(i++, a));
        break;
      case '--extension':
        opts.extension = path.resolve(take(i++, a));
        break;
      case '--settings': {
        const file = take(i++, a);
        try {
          Object.assign(opts.settings, JSON.parse(fs.readFileSync(file, 'utf8')));
        } catch (err) {
          throw new UsageError(`cannot read settings from ${file}: ${err.message}`);
        }
        break;
      }
      case '--setting': {
        const [key, raw] = pair(take(i++, a), a);
        try {
          opts.settings[key] = JSON.parse(raw);
        } catch {
          opts.settings[key] = raw; // a bare string is fine too
        }
        break;
      }
      case '--env': {
        const [name, value] = pair(take(i++, a), a);
        opts.env[name] = value;
        break;
      }
      case '--grep':
        opts.env.INTEGRATION_GREP = take(i++, a);
        break;
      case '--timeout':
        opts.timeoutSec = Number(take(i++, a));
        if (!(opts.timeoutSec > 0)) throw new UsageError('--timeout expects a number of seconds');
        break;
      case '--keep':
        opts.keep = true;
        break;
      case '--verbose':
        opts.verbose = true;
        break;
      case '-h':
      case '--help':
        throw new UsageError(USAGE);
      default:
        throw new UsageError(`unknown option ${a}\n${USAGE}`);
    }
  }
  return opts;
}

/** Refuses to start when the compiled suite or the bundled extension is missing, and says which command makes it. */
function checkBuilt(opts) {
  const index = path.join(opts.tests, 'index.js');
  if (!fs.existsSync(index)) {
    throw new UsageError(`${path.relative(process.cwd(), index)} does not exist: run \`npm run compile-tests\` first`);
  }
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(opts.extension, 'package.json'), 'utf8'));
  } catch (err) {
    throw new UsageError(`no readable package.json in ${opts.extension}: ${err.message}`);
  }
  if (manifest.main) {
    const main = path.resolve(opts.extension, manifest.main);
    const candidates = [main, `${main}.js`];
    if (!candidates.some((f) => fs.existsSync(f))) {
      throw new UsageError(
        `${path.relative(process.cwd(), main)} (the manifest's main) does not exist: run \`npm run build\` first`,
      );
    }
  }
}

module.exports = { parseArgs, checkBuilt, UsageError, USAGE };
