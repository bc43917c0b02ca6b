/** Prints the path MTU part of the bench and returns its figures and targets. */
import { runPathMtuBench } from './pathMtuBench';

type Table = (head: string[], rows: string[][]) => string;

const one = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** Part 5 of `npm run bench`: needs no VS Code, so it also runs with `--skip-ui`. */
export function pathMtuPart(say: (line: string) => void, table: Table) {
  const { cases, noisy } = runPathMtuBench();
  say('\n## 5. Path MTU planner: sweeps (ICMP requests) to a byte-exact answer, every boundary position\n');
  say(
    table(
      ['range', 'cycles', 'lower bound', 'planner worst', 'planner mean', 'by hand worst', 'by hand mean', 'all exact'],
      cases.map((c) => [
        c.range,
        String(c.cycles),
        `${c.lowerBound} sweeps`,
        `${c.planner.worstSweeps} (${c.planner.worstRequests})`,
        `${one(c.planner.meanSweeps)} (${Math.round(c.planner.meanRequests)})`,
        `${c.byHand.worstSweeps} (${c.byHand.worstRequests})`,
        `${one(c.byHand.meanSweeps)} (${Math.round(c.byHand.meanRequests)})`,
        c.allExact ? 'yes' : 'NO',
      ]),
    ),
  );
  say(
    '\nBy hand: every 10th size from the start, split to fit the cap and run until a sweep shows a silent size, then every size between.',
  );
  say('\nWith random loss (576-1500, 2 cycles, boundaries spread over the range, seeded):\n');
  say(
    table(
      ['loss', 'runs', 'exact and right', 'exact but wrong', 'said lossy', 'sweeps mean', 'sweeps worst'],
      noisy.map((n) => [
        `${n.loss * 100}%`,
        String(n.runs),
        String(n.exactRight),
        String(n.exactWrong),
        String(n.lossy),
        n.meanSweeps.toFixed(2),
        String(n.worstSweeps),
      ]),
    ),
  );
  const targets = {
    pathMtuWithinOneSweepOfLowerBound: cases.every((c) => c.planner.worstSweeps <= c.lowerBound + 1),
    pathMtuAlwaysExactOnCleanPaths: cases.every((c) => c.allExact),
    pathMtuNeverWrongUnderLoss: noisy.every((n) => n.exactWrong === 0),
  };
  return { figures: { cases, noisy }, targets };
}
