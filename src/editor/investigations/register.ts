import * as vscode from 'vscode';
import { lazyKind } from '../groups/lazyKind';
import { PATH_MTU_VIEW_TYPE } from '../platform/constants';
import type { Services } from '../services';

/**
 * Registers what investigations need before anything loads their code (a bundle of its own, see
 * `Services.pathMtu`): the investigation kind of task group, and the serializer that hands the pages
 * back after a reload. Called from the composition root before the groups start.
 */
export function registerInvestigations(s: Services): vscode.Disposable[] {
  s.groups.register(
    'investigation',
    lazyKind(() => s.pathMtu().driver),
  );
  return [
    vscode.window.registerWebviewPanelSerializer(PATH_MTU_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => s.pathMtu().restore(panel, state),
    }),
  ];
}
