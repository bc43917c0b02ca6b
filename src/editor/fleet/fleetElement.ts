import { groupElement, groupIdOf } from '../groups/elements';
import type { Services } from '../services';

// What the main bundle needs of fleets without loading their code (see lazyFleet.ts).

/** The element of a fleet in the tree (`group:<id>`): what its item's commands are given. */
export const fleetElement = groupElement;

/** The fleet a command was given (its tree element), or undefined for anything else. */
export function fleetIdOf(s: Services, arg: unknown): string | undefined {
  const id = groupIdOf(arg);
  return id !== undefined && s.groups.get(id)?.kind === 'fleet' ? id : undefined;
}
