import * as vscode from 'vscode';
import { RESULT_VIEW_TYPE } from '../platform/constants';
import type { ResultPanels } from './resultPanel';

/** What commands need of the result views. */
export interface ResultViews {
  open(key: string): void;
}

/**
 * The result view's code is a sizeable part of the extension and most sessions never open a result, so it is
 * bundled apart and loaded on the first Open Result or restored panel. Only the serializer is registered up
 * front: VS Code needs it to hand back panels after a reload.
 */
export class LazyResultPanels implements ResultViews, vscode.Disposable {
  private loaded: ResultPanels | undefined;
  private readonly serializer: vscode.Disposable;

  constructor(private readonly load: () => ResultPanels) {
    this.serializer = vscode.window.registerWebviewPanelSerializer(RESULT_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => this.panels().restore(panel, state),
    });
  }

  open(key: string): void {
    this.panels().open(key);
  }

  dispose(): void {
    this.serializer.dispose();
    this.loaded?.dispose();
  }

  private panels(): ResultPanels {
    this.loaded ??= this.load();
    return this.loaded;
  }
}
