import * as vscode from 'vscode';
import { Clock, systemClock } from '../../core/clock';
import { Disposable } from '../platform/lifecycle';
import { isValidTaskKey } from '../../core/task';
import type { ExtensionMessage, SavedViewState } from '../../shared/resultProtocol';
import { RESULT_VIEW_TYPE } from '../platform/constants';
import { Logger } from '../platform/log';
import { LOG, ResultActions, ResultFeed, ResultRenderEvent } from './resultFeed';
import { TaskStore } from '../tasks/taskStore';
import { buildResultHtml, RESULT_SCRIPT, RESULT_STYLE } from './webviewHtml';
import { pageAssets, pageIcon, pageOptions } from './webviewPage';
import { missingState, panelTitle, parseWebviewMessage } from './webviewProtocol';

/**
 * The result webviews: one panel per task, revealed when opened again, restored after a window reload.
 * Bundled apart from the extension's main file and loaded on first use (see lazyResults.ts).
 * Each panel renders from the store and repaints by message when its task changes; the HTML is set once.
 */
export class ResultPanels extends Disposable {
  private readonly panels = new Map<string, ResultFeed>();
  /** restored panels whose task could not be told */
  private readonly orphans = new Set<vscode.WebviewPanel>();
  private readonly _onDidRender = this._register(new vscode.EventEmitter<ResultRenderEvent>());
  /** Fires when a panel's reply table is painted (for the bench and the tests; also logged at debug level). */
  readonly onDidRender = this._onDidRender.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: TaskStore,
    private readonly log: Logger,
    private readonly actions: ResultActions,
    private readonly clock: Clock = systemClock,
  ) {
    super();
    this._register(
      store.onDidChange((e) => {
        for (const key of [...e.changed, ...e.removed]) {
          this.panels.get(key)?.post();
        }
      }),
    );
  }

  /** Shows the result of a task: reveals its panel if one is open, else opens one in the active column. */
  open(key: string): void {
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal();
      return;
    }
    this.closeUnrevivedTabs(key);
    const panel = vscode.window.createWebviewPanel(
      RESULT_VIEW_TYPE,
      panelTitle(key, this.store.get(key)),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { ...this.webviewOptions(), enableFindWidget: true, retainContextWhenHidden: false },
    );
    this.log.info(LOG, `opened result of ${key}`);
    this.adopt(key, panel);
  }

  /**
   * After a reload VS Code brings a background result tab back only when it is first shown, so its panel is
   * not known yet. Opening that task again would add a second tab beside it: close the stale one first.
   * A tab whose title a live panel also has (two tasks to one destination) is left alone.
   */
  private closeUnrevivedTabs(key: string): void {
    const title = panelTitle(key, this.store.get(key));
    if ([...this.panels.values()].some((p) => p.panel.title === title)) {
      return;
    }
    const stale = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter(
        (tab) =>
          tab.input instanceof vscode.TabInputWebview &&
          tab.input.viewType.endsWith(RESULT_VIEW_TYPE) &&
          tab.label === title,
      );
    if (stale.length > 0) {
      void vscode.window.tabGroups.close(stale, true);
    }
  }

  /** True while a panel for that task is open (tests and commands may ask). */
  has(key: string): boolean {
    return this.panels.has(key);
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) {
      p.panel.dispose();
    }
    for (const panel of [...this.orphans]) {
      panel.dispose();
    }
    this.panels.clear();
    this.orphans.clear();
    super.dispose();
  }

  /** Takes over a panel that VS Code restored after a reload (the serializer is registered by the caller). */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    // Options are not kept across a reload: set them again before any HTML.
    panel.webview.options = this.webviewOptions();
    const key = restoredKey(state);
    if (!key) {
      this.log.warn(LOG, 'a result panel could not be restored: its saved state has no task key');
      panel.title = 'Ping Sweep';
      panel.webview.html = this.html(panel.webview, '');
      const listener = panel.webview.onDidReceiveMessage((raw: unknown) => {
        if (parseWebviewMessage(raw)?.type === 'ready') {
          const msg: ExtensionMessage = { type: 'state', state: missingState('', 'unrestorable') };
          void panel.webview.postMessage(msg);
        }
      });
      this.orphans.add(panel);
      panel.onDidDispose(() => {
        listener.dispose();
        this.orphans.delete(panel);
      });
      return;
    }
    if (this.panels.has(key)) {
      // Two restored panels for one task (e.g. a split editor before the reload): keep the first.
      panel.dispose();
      return;
    }
    this.log.info(LOG, `restored result of ${key}${this.store.get(key) ? '' : ' (no longer tracked)'}`);
    this.adopt(key, panel);
  }

  private adopt(key: string, panel: vscode.WebviewPanel): void {
    panel.iconPath = pageIcon(this.extensionUri);
    const entry = new ResultFeed(
      key,
      panel,
      this.store,
      this.log,
      this.actions,
      (e) => this._onDidRender.fire(e),
      this.clock,
    );
    this.panels.set(key, entry);
    panel.onDidDispose(() => {
      entry.dispose();
      if (this.panels.get(key) === entry) {
        this.panels.delete(key);
      }
    });
    panel.webview.html = this.html(panel.webview, key);
    entry.post();
  }

  private webviewOptions(): vscode.WebviewOptions {
    return pageOptions(this.extensionUri);
  }

  private html(webview: vscode.Webview, key: string): string {
    const files = { script: RESULT_SCRIPT, style: RESULT_STYLE };
    return buildResultHtml({ ...pageAssets(webview, this.extensionUri, files), taskKey: key });
  }
}

function restoredKey(state: unknown): string | undefined {
  if (typeof state !== 'object' || state === null) {
    return undefined;
  }
  // What the page saved (the serializer relies on `key` only).
  const key = (state as Partial<SavedViewState>).key;
  if (typeof key !== 'string') {
    return undefined;
  }
  // The state comes back from the webview: accept only a key `taskKey()` could have made.
  return isValidTaskKey(key) ? key : undefined;
}
