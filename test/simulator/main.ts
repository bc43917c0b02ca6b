/**
 * Standalone simulator: `node out/test/simulator/main.js [--port 8787] [--host 127.0.0.1] [--demo]
 * [--token T] [--client-id ID --client-secret S] [--rate-limit N] [--duration-ms MS] [--paths FILE|demo]`.
 * `--demo` seeds gateways and tasks (one running, one completed with timeouts at large sizes, one failed,
 * one not a ping sweep) and prints what to paste into the extension.
 * `--paths` gives the network paths sweeps meet (see paths.ts): a JSON file of a `PathConfig`, or `demo` for
 * {@link DEMO_PATHS} (a path MTU to find, a lossy path, an unreachable and an ICMP-filtered destination).
 */
import * as fs from 'node:fs';
import type { PathConfig } from './paths';
import { Simulator, SimulatorOptions, startSimulator } from './server';

export const DEMO_SERIAL = 'CNDEMO0001';
export const DEMO_SERIAL_OFFLINE = 'CNDEMO0002';
export const DEMO_TASKS = {
  running: 'd3e0c001-0000-4000-8000-000000000001',
  completed: 'd3e0c001-0000-4000-8000-000000000002',
  failed: 'd3e0c001-0000-4000-8000-000000000003',
  traceroute: 'd3e0c001-0000-4000-8000-000000000004',
} as const;

/** The `--paths demo` preset: what Find Path MTU meets from any gateway, one destination per outcome. */
export const DEMO_PATHS: PathConfig = {
  seed: 7,
  destinations: {
    '10.1.1.1': { mtu: 1472 },
    '10.2.2.2': { mtu: 1400, loss: 0.2 },
    '192.0.2.1': { reach: 'unreachable' },
    '198.51.100.1': { reach: 'icmpFiltered', filteredAbove: 128 },
  },
};

/** The paths of `--paths`: the demo preset, or a JSON file holding an object. */
export function readPaths(value: string): PathConfig {
  if (value === 'demo') return DEMO_PATHS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(value, 'utf8'));
  } catch (err) {
    throw new Error(`--paths ${value}: expected "demo" or a readable JSON file (${(err as Error).message})`, {
      cause: err,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(`--paths ${value}: expected a JSON object such as {"destinations": {"10.1.1.1": {"mtu": 1472}}}`);
  return parsed as PathConfig;
}

interface Args {
  port: number;
  host: string;
  demo: boolean;
  token: string;
  clientId: string;
  clientSecret: string;
  rateLimit?: number;
  durationMs?: number;
  paths?: PathConfig;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    port: 8787,
    host: '127.0.0.1',
    demo: false,
    token: 'demo-token-0123456789abcdef',
    clientId: 'demo-client',
    clientSecret: 'demo-secret-0123456789',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--demo') args.demo = true;
    else if (flag === '--port') args.port = Number(value());
    else if (flag === '--host') args.host = value();
    else if (flag === '--token') args.token = value();
    else if (flag === '--client-id') args.clientId = value();
    else if (flag === '--client-secret') args.clientSecret = value();
    else if (flag === '--rate-limit') args.rateLimit = Number(value());
    else if (flag === '--duration-ms') args.durationMs = Number(value());
    else if (flag === '--paths') args.paths = readPaths(value());
    else throw new Error(`unknown option ${flag}`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error('--port must be 0..65535');
  return args;
}

/** Seeds the demo gateways and tasks relative to `now`. */
export function seedDemo(sim: Simulator, now: number): void {
  sim.addTask(DEMO_SERIAL, 'complete', {
    taskId: DEMO_TASKS.completed,
    startedAt: now - 10 * 60_000,
    durationMs: 40_000,
    timeoutFromSize: 1450,
    params: { destination: '10.20.30.1', startPacketSize: 1200, endPacketSize: 1500, sweepInterval: 50, count: 5 },
  });
  sim.addTask(DEMO_SERIAL, 'fail', {
    taskId: DEMO_TASKS.failed,
    startedAt: now - 5 * 60_000,
    durationMs: 15_000,
    failReason: 'Destination 192.0.2.55 is unreachable from the gateway',
    params: { destination: '192.0.2.55', startPacketSize: 100, endPacketSize: 1400, sweepInterval: 100, count: 5 },
  });
  sim.addTask(DEMO_SERIAL, 'complete', {
    taskId: DEMO_TASKS.traceroute,
    testName: 'traceroute',
    startedAt: now - 2 * 60_000,
  });
  sim.addTask(DEMO_SERIAL, 'complete', {
    taskId: DEMO_TASKS.running,
    startedAt: now,
    durationMs: 5 * 60_000,
    params: { destination: '8.8.8.8', startPacketSize: 500, endPacketSize: 1500, sweepInterval: 100, count: 5 },
  });
  sim.setGateway(DEMO_SERIAL_OFFLINE, 'offline');
  // Find Path MTU has a boundary to find: sweeps started towards these destinations meet these paths.
  sim.configurePaths(DEMO_PATHS);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const opts: SimulatorOptions = {
    port: args.port,
    host: args.host,
    tokens: [args.token],
    clients: [{ id: args.clientId, secret: args.clientSecret }],
  };
  if (args.rateLimit) opts.rateLimit = { perMinute: args.rateLimit };
  if (args.durationMs) opts.startScenario = { durationMs: args.durationMs };
  if (args.paths) opts.paths = args.paths;
  const sim = await startSimulator(opts);
  if (args.demo) seedDemo(sim, Date.now());
  const lines = [
    `Central simulator listening on ${sim.baseUrl}`,
    `  base URL       ${sim.baseUrl}`,
    `  access token   ${args.token}`,
    `  token URL      ${sim.tokenUrl}`,
    `  client id      ${args.clientId}`,
    `  client secret  ${args.clientSecret}`,
  ];
  if (args.paths)
    lines.push(`  paths          ${Object.keys(args.paths.destinations ?? {}).join(', ') || 'as configured'}`);
  if (args.demo) {
    lines.push(`  gateway        ${DEMO_SERIAL} (online), ${DEMO_SERIAL_OFFLINE} (offline: starts answer 409)`);
    for (const [name, id] of Object.entries(DEMO_TASKS)) {
      if (name === 'traceroute') continue;
      lines.push(
        `  ${name.padEnd(14)} ${sim.baseUrl}/network-troubleshooting/v1/gateways/${DEMO_SERIAL}/pingSweep/async-operations/${id}`,
      );
    }
  }
  // These are the simulator's own throwaway demo credentials, printed so they can be pasted.
  console.log(lines.join('\n'));
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
