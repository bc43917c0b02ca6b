import * as vscode from 'vscode';
import { RESULT_VIEW_TYPE } from '../platform/constants';
import type { ResultPanels } from './resultPanel';

/** What commands need of the result views. */
export interface ResultViews {
  open(key: string): void;
}

/** The panels of one view type, as the lazy loaders below need them. */
interface RestorablePanels extends vscode.Disposable {
  restore(panel: vscode.WebviewPanel, state: unknown): void;
}

/**
 * Panels whose code is bundled apart and loaded on first use (most sessions never open one). Only the
 * serializer is registered up front: VS Code needs it to hand back panels after a reload.
 */
export class LazyPanels<P extends RestorablePanels> implements vscode.Disposable {
  private loaded: P | undefined;
  private readonly serializer: vscode.Disposable;

  constructor(
    viewType: string,
    private readonly load: () => P,
  ) {
    this.serializer = vscode.window.registerWebviewPanelSerializer(viewType, {
      deserializeWebviewPanel: async (panel, state: unknown) => this.panels().restore(panel, state),
    });
  }

  dispose(): void {
    this.serializer.dispose();
    this.loaded?.dispose();
  }

  protected panels(): P {
    this.loaded ??= this.load();
    return this.loaded;
  }
}

/**
 * The result view's code is a sizeable part of the extension: it is loaded on the first Open Result or
 * restored panel.
 */
export class LazyResultPanels extends LazyPanels<ResultPanels> implements ResultViews {
  constructor(load: () => ResultPanels) {
    super(RESULT_VIEW_TYPE, load);
  }

  open(key: string): void {
    this.panels().open(key);
  }
}
