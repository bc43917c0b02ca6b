/**
 * A second writer in a process of its own, as a second VS Code window would be: writes one key's result over
 * and over, then reports how many writes it made and how many failed. Run with `folder key rounds cycles`.
 */
import { ResultFiles } from '../../../src/core/storage/resultFiles';
import { sweepOutput } from './outputs';

async function main(): Promise<void> {
  const [folder, key, rounds, cycles] = process.argv.slice(2);
  const files = new ResultFiles(folder);
  const output = sweepOutput({
    destination: 'written-by-the-child',
    cycles: Number(cycles),
    sizes: [1000, 1100, 1200, 1300, 1400],
  });
  let failed = 0;
  for (let i = 0; i < Number(rounds); i++) {
    const r = await files.write(key, output);
    if (r.kind !== 'written') failed++;
  }
  process.send?.({ written: Number(rounds) - failed, failed });
}

void main();
