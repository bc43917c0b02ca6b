import type { Services } from '../services';

/**
 * Registers the fleet kind of task group (tree item, status bar, driver), whose code loads once a fleet is
 * there (see lazyFleet.ts). Called once from the composition root.
 */
export function registerFleets(s: Services): void {
  s.groups.register('fleet', s.fleets.handler);
}
