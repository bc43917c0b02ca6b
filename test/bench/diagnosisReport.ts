/** Parts 5 and 6 of `npm run bench`, which need no VS Code: the path MTU planner and the fleet pacing. */
import { fleetPart } from './fleetReport';
import { pathMtuPart } from './pathMtuReport';

type Table = (head: string[], rows: string[][]) => string;

/** Prints both parts; their figures go into the JSON line and their targets into the targets table. */
export async function diagnosisParts(say: (line: string) => void, table: Table, progress: (line: string) => void) {
  progress('part 5: path MTU planner');
  const pathMtu = pathMtuPart(say, table);
  progress('part 6: fleet sweep in virtual time');
  const fleet = await fleetPart(say, table);
  return {
    figures: { pathMtu: pathMtu.figures, fleet: fleet.figures },
    targets: { ...pathMtu.targets, ...fleet.targets },
  };
}
