import * as vscode from 'vscode';
import {
  buildInvestigationView,
  isStageTask,
  missingInvestigationView,
  parsePathMtuWebviewMessage,
} from '../../core/pathMtu';
import type { PathMtuExtensionMessage, PathMtuSavedState } from '../../shared/pathMtuProtocol';
import { executeCommand } from '../platform/commands';
import { PATH_MTU_VIEW_TYPE } from '../platform/constants';
import { Disposable } from '../platform/lifecycle';
import type { Logger } from '../platform/log';
import { buildPageHtml } from '../results/webviewHtml';
import { pageAssets, pageOptions } from '../results/webviewPage';
import type { TaskStore } from '../tasks/taskStore';
import { runStateOf } from './driver';
import type { InvestigationGroups } from './types';

const LOG = 'pathMtu';
const ID_RE = /^[A-Za-z0-9._:-]{1,100}$/;

/** What the page's buttons do. */
export interface PageActions {
  retry(id: string): void;
  stop(id: string): void;
}

/** One open page: posts the investigation's state once the page listens, and again on every change. */
class PathMtuPage extends Disposable {
  private ready = false;
  private lastJson = '';

  constructor(
    readonly id: string,
    readonly panel: vscode.WebviewPanel,
    private readonly groups: InvestigationGroups,
    private readonly store: TaskStore,
    private readonly actions: PageActions,
    private readonly log: Logger,
  ) {
    super();
    this._register(panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)));
    this._register(
      panel.onDidChangeViewState(() => {
        // Not retained when hidden: the page says "ready" again when shown.
        if (!panel.visible) this.forget();
      }),
    );
  }

  post(): void {
    const state = runStateOf(this.groups.get(this.id));
    const view = state
      ? buildInvestigationView(state, (key) => {
          const t = this.store.get(key);
          return t && { state: t.state, progressPercent: t.progressPercent };
        })
      : missingInvestigationView(this.id);
    if (this.panel.title !== view.title) this.panel.title = view.title;
    if (!this.ready) return;
    const msg: PathMtuExtensionMessage = { type: 'state', state: view };
    const json = JSON.stringify(msg);
    if (json === this.lastJson) return;
    this.lastJson = json;
    this.panel.webview.postMessage(msg).then(
      (delivered) => delivered || this.forget(),
      (err: unknown) => this.log.error(LOG, `could not post to the page of ${this.id}`, err),
    );
  }

  private forget(): void {
    this.ready = false;
    this.lastJson = '';
  }

  private onMessage(raw: unknown): void {
    const msg = parsePathMtuWebviewMessage(raw);
    if (!msg) {
      this.log.warn(LOG, 'ignored an unknown message from an investigation page');
      return;
    }
    switch (msg.type) {
      case 'ready':
        this.forget();
        this.ready = true;
        this.post();
        break;
      case 'retry':
        this.actions.retry(this.id);
        break;
      case 'stop':
        this.actions.stop(this.id);
        break;
      case 'openStage': {
        // Only the tasks of this investigation's stages: the page's word is not trusted further.
        const state = runStateOf(this.groups.get(this.id));
        if (state && isStageTask(state, msg.task)) void executeCommand('pingSweep.openResult', msg.task);
        break;
      }
    }
  }
}

/** The investigations' pages: one per investigation, revealed when opened again, restored after a reload. */
export class PathMtuPanels extends Disposable {
  private readonly pages = new Map<string, PathMtuPage>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly groups: InvestigationGroups,
    private readonly store: TaskStore,
    private readonly actions: PageActions,
    private readonly log: Logger,
  ) {
    super();
    this._register(groups.onDidChange((e) => [...e.changed, ...e.removed].forEach((id) => this.pages.get(id)?.post())));
    // A stage's progress shows on the page: repaint the pages (their posts are skipped when nothing changed).
    this._register(store.onDidChange(() => this.pages.forEach((p) => p.post())));
  }

  open(id: string, preserveFocus = false): void {
    const existing = this.pages.get(id);
    if (existing) {
      existing.panel.reveal(undefined, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      PATH_MTU_VIEW_TYPE,
      'Path MTU',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus },
      { ...this.webviewOptions(), enableFindWidget: true, retainContextWhenHidden: false },
    );
    this.adopt(id, panel);
  }

  has(id: string): boolean {
    return this.pages.has(id);
  }

  /** Takes over a page VS Code restored after a reload. */
  restore(panel: vscode.WebviewPanel, saved: unknown): void {
    panel.webview.options = this.webviewOptions();
    const raw = (saved as Partial<PathMtuSavedState> | undefined)?.id;
    const id = typeof raw === 'string' && ID_RE.test(raw) ? raw : '';
    if (!id || this.pages.has(id)) {
      if (id) panel.dispose();
      else this.adopt('unknown', panel);
      return;
    }
    this.log.info(LOG, `restored the page of ${id}`);
    this.adopt(id, panel);
  }

  dispose(): void {
    [...this.pages.values()].forEach((p) => p.panel.dispose());
    this.pages.clear();
    super.dispose();
  }

  private adopt(id: string, panel: vscode.WebviewPanel): void {
    const page = new PathMtuPage(id, panel, this.groups, this.store, this.actions, this.log);
    this.pages.set(id, page);
    panel.onDidDispose(() => {
      page.dispose();
      if (this.pages.get(id) === page) this.pages.delete(id);
    });
    panel.webview.html = this.html(panel.webview, id);
    page.post();
  }

  private webviewOptions(): vscode.WebviewOptions {
    return pageOptions(this.extensionUri);
  }

  private html(webview: vscode.Webview, id: string): string {
    const assets = pageAssets(webview, this.extensionUri, { script: 'pathMtu.js', style: 'pathMtu.css' });
    return buildPageHtml(assets, { title: 'Path MTU', data: { 'investigation-id': id } });
  }
}
