/** Prints the fleet part of the bench (no VS Code) and returns its figures and target. */
import { runFleet, type FleetRun, type FleetRunOptions } from './fleetSim';

type Table = (head: string[], rows: string[][]) => string;

const VARIANTS: Array<[string, FleetRunOptions]> = [
  ['200 gateways, 60/min, sweeps 20-60 s (the target)', {}],
  ['200 gateways, 30/min', { requestsPerMinute: 30 }],
  ['500 gateways, 60/min', { gateways: 500 }],
  ['200 gateways, 60/min, sweeps 2-5 min', { sweepMs: [120_000, 300_000] }],
];

const s = (ms: number) => `${(ms / 1000).toFixed(0)} s`;

/** Part 6 of `npm run bench`: a fleet's starts paced inside the shared budget, in virtual time. */
export async function fleetPart(say: (line: string) => void, table: Table) {
  const runs: Array<{ variant: string } & FleetRun> = [];
  for (const [variant, o] of VARIANTS) runs.push({ variant, ...(await runFleet(o)) });
  say('\n## 6. Fleet sweep: starts paced inside the shared budget, polled by the poll scheduler (virtual time)\n');
  say(
    table(
      [
        'setup',
        'refused',
        'requests',
        'busiest minute',
        '429s',
        'all started',
        'first result',
        'all known',
        'lower bound',
        'over bound',
      ],
      runs.map((r) => [
        r.variant,
        String(r.refused),
        `${r.starts} starts + ${r.polls} polls`,
        `${r.busiestMinute} of ${r.budgetPerMinute}`,
        String(r.rateLimited),
        s(r.startsDoneMs),
        s(r.firstResultMs),
        s(r.finishedMs),
        s(r.lowerBoundMs),
        `${((r.finishedMs / r.lowerBoundMs - 1) * 100).toFixed(1)}%`,
      ]),
    ),
  );
  say(
    '\nLower bound: every start and one poll per accepted sweep at the budget (its burst, then its pace), or the last start plus the shortest sweep.',
  );
  const target = runs[0];
  return {
    figures: runs,
    targets: {
      fleetNeverOverBudget: runs.every((r) => r.busiestMinute <= r.budgetPerMinute && r.rateLimited === 0),
      fleet200Within10PercentOfBound: target.unfinished === 0 && target.finishedMs <= 1.1 * target.lowerBoundMs,
    },
  };
}
