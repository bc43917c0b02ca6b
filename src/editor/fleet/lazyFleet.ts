import * as path from 'path';
import * as vscode from 'vscode';
import { FLEET_VIEW_TYPE } from '../platform/constants';
import { lazyKind } from '../groups/lazyKind';
import type { GroupKindHandler } from '../groups/types';
import type { Services } from '../services';
import type { LoadedFleets } from './fleetBundle';

/**
 * Fleets, loaded on first use: the fleet kind's handler, its pages and its details are bundled apart (see
 * esbuild.js) and required once a fleet is shown, driven or opened; a session without fleets never loads them.
 * The page's serializer is registered up front: VS Code needs it to hand back panels after a reload.
 */
export class LazyFleets implements vscode.Disposable {
  private loaded: LoadedFleets | undefined;
  private readonly serializer: vscode.Disposable;

  /** The fleet kind of group (the tree shows a fleet at startup: its code loads then, with the first one). */
  readonly handler: GroupKindHandler = lazyKind(() => this.load().handler);

  constructor(private readonly services: () => Services) {
    this.serializer = vscode.window.registerWebviewPanelSerializer(FLEET_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => this.load().panels.restore(panel, state),
    });
  }

  /** Shows a fleet's page. */
  open(id: string): void {
    this.load().panels.open(id);
  }

  dispose(): void {
    this.serializer.dispose();
    this.loaded?.dispose();
  }

  private load(): LoadedFleets {
    // A separate bundle (see esbuild.js): required by path so that it is not folded into this one.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle of its own, loaded on first use
    this.loaded ??= (require(path.join(__dirname, 'fleets.js')) as typeof import('./fleetBundle')).loadFleets(
      this.services(),
    );
    return this.loaded;
  }
}
