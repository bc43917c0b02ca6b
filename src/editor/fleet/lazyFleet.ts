import * as path from 'path';
import * as vscode from 'vscode';
import { FLEET_VIEW_TYPE } from '../platform/constants';
import { lazyKind } from '../groups/lazyKind';
import type { GroupKindHandler } from '../groups/types';
import type { Services } from '../services';
import type { LoadedFleets } from './fleetBundle';

/** Fleets as the main bundle knows them: their kind of group, and opening a fleet's page. */
export interface LazyFleets extends vscode.Disposable {
  /** The fleet kind of group (the tree shows a fleet at startup: its code loads then, with the first one). */
  readonly handler: GroupKindHandler;
  /** Shows a fleet's page. */
  open(id: string): void;
}

/**
 * Fleets, loaded on first use: the fleet kind's handler, its pages and its details are bundled apart (see
 * esbuild.js) and required once a fleet is shown, driven or opened; a session without fleets never loads them.
 * The page's serializer is registered up front: VS Code needs it to hand back panels after a reload.
 */
export function lazyFleets(services: () => Services): LazyFleets {
  let loaded: LoadedFleets | undefined;
  // A separate bundle (see esbuild.js): required by path so that it is not folded into this one.
  const load = () =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle of its own, loaded on first use
    (loaded ??= (require(path.join(__dirname, 'fleets.js')) as typeof import('./fleetBundle')).loadFleets(services()));
  const serializer = vscode.window.registerWebviewPanelSerializer(FLEET_VIEW_TYPE, {
    deserializeWebviewPanel: async (panel, state: unknown) => load().panels.restore(panel, state),
  });
  return {
    handler: lazyKind(() => load().handler),
    open: (id) => load().panels.open(id),
    dispose: () => {
      serializer.dispose();
      loaded?.dispose();
    },
  };
}
