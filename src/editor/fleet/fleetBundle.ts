/**
 * The fleet's code that only fleets need: the group kind's handler (tree item, status bar, driver), the fleet
 * pages and the read-only document of Show Details. Bundled apart (see esbuild.js) and loaded by lazyFleet.ts
 * once a fleet is there to show or drive, so a session without fleets never loads it.
 */
import * as vscode from 'vscode';
import { fleetStartDetails } from '../../core/fleet';
import { executeCommand } from '../platform/commands';
import type { GroupKindHandler } from '../groups/types';
import type { Services } from '../services';
import { fleetElement } from './fleetElement';
import { DETAILS_SCHEME } from './fleetDrive';
import { FleetGroups } from './fleetGroup';
import { readFleet } from './fleetModel';
import { FleetPanels } from './fleetPanel';

export interface LoadedFleets extends vscode.Disposable {
  handler: GroupKindHandler;
  panels: FleetPanels;
}

/** The fleet kind's handler and pages, and the provider of the details documents. */
export function loadFleets(s: Services): LoadedFleets {
  const actions = {
    openTask: (key: string) => void executeCommand('pingSweep.openResult', key),
    exportFleet: (id: string) => void executeCommand('pingSweep.exportResult', fleetElement(id)),
  };
  const panels = new FleetPanels(s.context.extensionUri, s.store, s.groups, s.log, actions, s.clock);
  const details = vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, {
    provideTextDocumentContent: (uri) => {
      const state = readFleet(s.groups.get(uri.path.split('/')[1] ?? '')?.state);
      return state ? fleetStartDetails(state) : 'This fleet is no longer kept.';
    },
  });
  return {
    handler: new FleetGroups(s),
    panels,
    dispose: () => {
      details.dispose();
      panels.dispose();
    },
  };
}
