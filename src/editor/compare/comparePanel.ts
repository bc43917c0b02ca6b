import * as vscode from 'vscode';
import {
  type CompareExtensionMessage,
  type ComparePageState,
  parseCompareWebviewMessage,
} from '../../shared/compareProtocol';
import { executeCommand } from '../platform/commands';
import { COMPARE_VIEW_TYPE } from '../platform/constants';
import { Disposable } from '../platform/lifecycle';
import { Logger } from '../platform/log';
import { buildPageHtml, COMPARE_SCRIPT, COMPARE_STYLE } from '../results/webviewHtml';
import { pageAssets, pageIcon, pageOptions } from '../results/webviewPage';
import { TaskStore } from '../tasks/taskStore';
import { compareState, restoredKeys } from './compareState';

const LOG = 'compare';

/** One open comparison: its tasks' keys, and whether its page listens; posts the comparison to it. */
class CompareFeed extends Disposable {
  private ready = false;

  constructor(
    readonly keys: readonly string[],
    readonly panel: vscode.WebviewPanel,
    private readonly store: TaskStore,
    private readonly log: Logger,
  ) {
    super();
    this._register(panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)));
    this._register(
      panel.onDidChangeViewState(() => {
        // Without retainContextWhenHidden a hidden page is torn down; it says "ready" again when shown.
        if (!panel.visible) this.ready = false;
      }),
    );
  }

  /** The page's state now; sets the tab's title, and posts it when the page listens. */
  post(): ComparePageState {
    const state = compareState(this.keys, (key) => this.store.get(key));
    this.panel.title = state.title;
    if (this.ready) {
      const message: CompareExtensionMessage = { type: 'state', state };
      void this.panel.webview.postMessage(message);
    }
    return state;
  }

  /** True when the change touches one of the compared tasks. */
  concerns(keys: readonly string[]): boolean {
    return keys.some((key) => this.keys.includes(key));
  }

  private onMessage(raw: unknown): void {
    const message = parseCompareWebviewMessage(raw);
    if (message?.type === 'ready') {
      this.ready = true;
      this.post();
    } else if (message?.type === 'openTask') {
      // Only a task of this comparison that is still tracked: the page's word is not enough.
      if (this.keys.includes(message.key) && this.store.has(message.key)) {
        void executeCommand('pingSweep.openResult', message.key);
      } else {
        this.log.warn(LOG, 'the compare page asked to open a task it does not compare');
        void vscode.window.showWarningMessage('Ping Sweep: that sweep is no longer tracked.');
      }
    }
  }
}

/**
 * The compare webviews: one panel per set of compared tasks, revealed when the same set is compared again,
 * repainted when one of its tasks changes or is removed, restored after a window reload from the keys its
 * page kept. Bundled with the commands loaded on first use (see later.ts); the serializer is registered up
 * front (see lazyCompare.ts).
 */
export class ComparePanels extends Disposable {
  private readonly feeds = new Set<CompareFeed>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: TaskStore,
    private readonly log: Logger,
  ) {
    super();
    this._register(
      store.onDidChange(({ changed, removed }) => {
        const touched = [...changed, ...removed];
        for (const feed of this.feeds) if (feed.concerns(touched)) feed.post();
      }),
    );
  }

  /** Shows the comparison of these tasks (an open one of the same tasks is revealed) and returns its state. */
  open(keys: readonly string[]): ComparePageState {
    const same = [...this.feeds].find((f) => f.keys.length === keys.length && keys.every((k) => f.keys.includes(k)));
    if (same) {
      same.panel.reveal();
      return same.post();
    }
    const panel = vscode.window.createWebviewPanel(
      COMPARE_VIEW_TYPE,
      'Compare Results',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { ...pageOptions(this.extensionUri), enableFindWidget: true, retainContextWhenHidden: false },
    );
    this.log.info(LOG, `comparing ${keys.join(', ')}`);
    return this.adopt(keys, panel);
  }

  /** Takes over a panel VS Code restored after a reload, from the keys its page kept. */
  restore(panel: vscode.WebviewPanel, saved: unknown): void {
    // Options are not kept across a reload: set them again before any HTML.
    panel.webview.options = pageOptions(this.extensionUri);
    const keys = restoredKeys(saved);
    this.log.info(LOG, `restored the comparison of ${keys.length} sweep(s)`);
    this.adopt(keys, panel);
  }

  /** The open comparisons' tasks (for tests and commands). */
  openKeys(): string[][] {
    return [...this.feeds].map((f) => [...f.keys]);
  }

  dispose(): void {
    for (const feed of [...this.feeds]) feed.panel.dispose();
    this.feeds.clear();
    super.dispose();
  }

  private adopt(keys: readonly string[], panel: vscode.WebviewPanel): ComparePageState {
    panel.iconPath = pageIcon(this.extensionUri);
    const feed = new CompareFeed([...keys], panel, this.store, this.log);
    this.feeds.add(feed);
    panel.onDidDispose(() => {
      feed.dispose();
      this.feeds.delete(feed);
    });
    panel.webview.html = buildPageHtml(
      pageAssets(panel.webview, this.extensionUri, { script: COMPARE_SCRIPT, style: COMPARE_STYLE }),
    );
    return feed.post();
  }
}
