// The first-run path of the offline VS Code host: the environment its nested `npm install` gets, and the
// check of the system packages it needs, with a fake probe of what the machine has.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
// Plain JS modules of the test host, loaded as the runners load them.
const install = require(path.join(ROOT, 'test/host/install.js')) as {
  cleanInstallEnv(
    env: Record<string, string | undefined>,
    opts?: { extraPath?: string; extra?: Record<string, string> },
  ): Record<string, string>;
};
const system = require(path.join(ROOT, 'test/host/system.js')) as {
  INSTALL_COMMAND: string;
  HostError: new (m: string) => Error;
  missingPackages(needs: string[], probe: Probe): Array<{ name: string }>;
  requireSystemPackages(
    needs: string[],
    opts: {
      probe: Probe;
      isRoot: boolean;
      interactive: boolean;
      install?: (names: string[]) => void;
      log?: (l: string) => void;
    },
  ): void;
};

interface Probe {
  env: Record<string, string | undefined>;
  executable(file: string): boolean;
  file(file: string): boolean;
  onPath(exe: string): boolean;
}

/** A machine that has exactly `have` (package names) installed. */
function machine(have: string[], env: Record<string, string> = {}): Probe & { have: Set<string> } {
  const has = new Set(have);
  return {
    have: has,
    env,
    executable: (file) => file === (env.CHROMIUM_PATH ?? '/usr/bin/chromium') && has.has('chromium'),
    file: (file) => file === '/usr/include/gssapi/gssapi.h' && has.has('libkrb5-dev'),
    onPath: (exe) => has.has(exe),
  };
}

const ALL = ['chromium', 'libkrb5-dev', 'g++', 'make', 'python3', 'apt-get'];

/** What `npm test` exports to its scripts (npm 11 on Node 20), as seen in `npm run env`. */
const NPM_RUN_ENV = {
  HOME: '/home/dev',
  LANG: 'C.UTF-8',
  https_proxy: 'http://proxy.example:3128',
  NO_PROXY: 'localhost',
  NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt',
  PATH: [
    '/src/project/node_modules/.bin',
    '/src/node_modules/.bin',
    '/node_modules/.bin',
    '/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin',
    '/home/dev/.local/bin',
    '/usr/bin',
  ].join(path.delimiter),
  NODE: '/usr/bin/node',
  NODE_OPTIONS: '--max-old-space-size=128',
  INIT_CWD: '/src/project',
  npm_node_execpath: '/usr/bin/node',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
  npm_config_nodedir: '/usr',
  npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  npm_config_local_prefix: '/src/project',
  npm_config_prefix: '/usr',
  npm_config_registry: 'https://registry.mirror.example/',
  npm_config_cafile: '/etc/ssl/certs/ca-certificates.crt',
  npm_config_userconfig: '/home/dev/.npmrc',
  npm_lifecycle_event: 'test',
  npm_lifecycle_script: 'node test/host/runIntegration.js',
  npm_package_name: 'aruba-central-ping-sweep',
  npm_command: 'test',
  FORCE_NODE_VERSION: '20',
};

describe('offline host install: the nested npm install', () => {
  it('inherits nothing of the outer npm: no Node of its own, no npm_config_* naming Node 20 or the project', () => {
    const env = install.cleanInstallEnv(NPM_RUN_ENV, {
      extraPath: '/cache/node/bin',
      extra: { npm_config_nodedir: '/cache/node' },
    });
    for (const name of Object.keys(env).filter((n) => n !== 'npm_config_nodedir')) {
      assert.doesNotMatch(
        name,
        /^(npm_(?!config_(registry|cafile|userconfig)$)|NODE$|NODE_OPTIONS$|INIT_CWD$|FORCE_NODE_VERSION$)/,
        `${name} went through`,
      );
    }
    assert.equal(env.npm_config_user_agent, undefined);
    assert.equal(env.npm_config_local_prefix, undefined);
    assert.equal(env.npm_config_nodedir, '/cache/node', 'only the nodedir the install sets itself');
    assert.deepEqual(env.PATH.split(path.delimiter), ['/cache/node/bin', '/home/dev/.local/bin', '/usr/bin']);
  });

  it('keeps what reaches the registry and what a shell holds', () => {
    const env = install.cleanInstallEnv(NPM_RUN_ENV);
    assert.equal(env.HOME, '/home/dev');
    assert.equal(env.LANG, 'C.UTF-8');
    assert.equal(env.https_proxy, 'http://proxy.example:3128');
    assert.equal(env.NO_PROXY, 'localhost');
    assert.equal(env.NODE_EXTRA_CA_CERTS, '/etc/ssl/certs/ca-certificates.crt');
    assert.equal(env.npm_config_registry, 'https://registry.mirror.example/');
    assert.equal(env.npm_config_cafile, '/etc/ssl/certs/ca-certificates.crt');
    assert.deepEqual(env.PATH.split(path.delimiter), ['/home/dev/.local/bin', '/usr/bin']);
  });

  it('copes with an environment without PATH and with undefined values', () => {
    const env = install.cleanInstallEnv({ HOME: '/h', TERM: undefined }, { extraPath: '/n' });
    assert.deepEqual(env, { HOME: '/h', PATH: '/n' });
  });
});

describe('offline host install: system packages', () => {
  const quiet = () => undefined;

  it('finds nothing missing on a machine with every package', () => {
    assert.deepEqual(system.missingPackages(['browser', 'build'], machine(ALL)), []);
  });

  it('names each missing package, in the order of the install command, and only those the run needs', () => {
    const probe = machine(['chromium', 'make']);
    assert.deepEqual(
      system.missingPackages(['browser', 'build'], probe).map((p) => p.name),
      ['libkrb5-dev', 'g++', 'python3'],
    );
    assert.deepEqual(
      system.missingPackages(['browser'], probe),
      [],
      'build tools matter only while code-server is to be installed',
    );
    assert.deepEqual(
      system.missingPackages(['browser'], machine([])).map((p) => p.name),
      ['chromium'],
    );
  });

  it('looks for Chromium where CHROMIUM_PATH says', () => {
    const probe = machine(['chromium'], { CHROMIUM_PATH: '/opt/chrome/chrome' });
    assert.deepEqual(system.missingPackages(['browser'], probe), []);
    probe.executable = (file) => file === '/usr/bin/chromium';
    assert.deepEqual(
      system.missingPackages(['browser'], probe).map((p) => p.name),
      ['chromium'],
    );
  });

  it('tells a person the one command that installs them, and installs nothing', () => {
    let installed = false;
    assert.throws(
      () =>
        system.requireSystemPackages(['browser', 'build'], {
          probe: machine(ALL.filter((p) => p !== 'libkrb5-dev' && p !== 'chromium')),
          isRoot: true,
          interactive: true,
          install: () => (installed = true),
          log: quiet,
        }),
      (err: Error) => {
        assert.ok(err instanceof system.HostError);
        assert.match(err.message, /^Missing system packages: chromium \(.+\), libkrb5-dev \(.+\)\./);
        assert.ok(err.message.includes(`\n  ${system.INSTALL_COMMAND}\n`), err.message);
        return true;
      },
    );
    assert.equal(installed, false, 'a person at a terminal is asked, never installed for');
    assert.equal(system.INSTALL_COMMAND, 'sudo apt-get install -y chromium libkrb5-dev g++ make python3');
  });

  it('installs what is missing only as root without a terminal, where apt-get exists, then checks again', () => {
    const probe = machine(ALL.filter((p) => p !== 'g++'));
    const calls: string[][] = [];
    const install = (names: string[]) => {
      calls.push(names);
      names.forEach((n) => probe.have.add(n));
    };
    system.requireSystemPackages(['build'], { probe, isRoot: true, interactive: false, install, log: quiet });
    assert.deepEqual(calls, [['g++']]);

    const notRoot = machine(ALL.filter((p) => p !== 'g++'));
    assert.throws(
      () =>
        system.requireSystemPackages(['build'], {
          probe: notRoot,
          isRoot: false,
          interactive: false,
          install,
          log: quiet,
        }),
      /g\+\+/,
    );
    const noApt = machine(ALL.filter((p) => p !== 'g++' && p !== 'apt-get'));
    assert.throws(
      () =>
        system.requireSystemPackages(['build'], {
          probe: noApt,
          isRoot: true,
          interactive: false,
          install,
          log: quiet,
        }),
      /g\+\+/,
    );
    assert.equal(calls.length, 1);
  });

  it('still fails with the message when the install did not bring the package', () => {
    const probe = machine(ALL.filter((p) => p !== 'python3'));
    assert.throws(
      () =>
        system.requireSystemPackages(['build'], {
          probe,
          isRoot: true,
          interactive: false,
          install: () => undefined,
          log: quiet,
        }),
      /Missing system packages: python3/,
    );
  });

  it('PINGSWEEP_PRETEND_MISSING makes the real check fail with the message (and never installs)', () => {
    const res = spawnSync(process.execPath, [path.join(ROOT, 'test/host/system.js')], {
      encoding: 'utf8',
      env: { ...process.env, PINGSWEEP_PRETEND_MISSING: 'chromium' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    assert.equal(res.status, 1, res.stderr);
    assert.match(res.stderr, /Missing system packages: chromium/);
    assert.ok(res.stderr.includes(system.INSTALL_COMMAND));
  });
});
