import * as vscode from 'vscode';
import type { Clock } from '../../core/clock';
import { Disposable } from '../platform/lifecycle';
import type { Logger } from '../platform/log';
import type { TaskStore } from '../tasks/taskStore';
import type { FleetExtensionMessage, FleetPageState, FleetSavedState } from '../../shared/fleetProtocol';
import { parseFleetWebviewMessage } from '../../shared/fleetProtocol';
import { buildShellHtml, createNonce, WEBVIEW_DIR } from '../results/webviewShell';
import { FLEET_SCRIPT, FLEET_STYLE } from '../results/webviewHtml';
import { FLEET_VIEW_TYPE } from '../platform/constants';
import type { Groups } from '../groups/groups';
import { fleetTaskKeys, fleetView, readFleet } from './fleetModel';

/** What the fleet page's buttons and links do. */
export interface FleetActions {
  openTask(key: string): void;
  exportFleet(id: string): void;
}

const LOG = 'fleet';
/** Changes that come close together (a poll of every gateway) repaint the page once. */
const COALESCE_MS = 150;

/**
 * The fleet pages: one panel per fleet, revealed when opened again, restored after a window reload. Each shows
 * one row per gateway and repaints by message when the fleet or one of its tasks changes; the HTML is set once.
 * Bundled apart from the extension's main file and loaded on first use (see lazyFleet.ts).
 */
export class FleetPanels extends Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  private readonly ready = new Set<string>();
  private readonly due = new Map<string, unknown>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: TaskStore,
    private readonly groups: Pick<Groups, 'get' | 'onDidChange'>,
    private readonly log: Logger,
    private readonly actions: FleetActions,
    private readonly clock: Clock,
  ) {
    super();
    this._register(groups.onDidChange((e) => [...e.changed, ...e.removed].forEach((id) => this.schedule(id))));
    this._register(
      store.onDidChange((e) => {
        const touched = new Set([...e.changed, ...e.removed]);
        for (const id of this.panels.keys()) {
          const state = readFleet(groups.get(id)?.state);
          if (state && fleetTaskKeys(state).some((k) => touched.has(k))) this.schedule(id);
        }
      }),
    );
  }

  /** Shows a fleet's page: reveals its panel if one is open, else opens one beside the editor. */
  open(id: string): void {
    const existing = this.panels.get(id);
    if (existing) {
      existing.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      FLEET_VIEW_TYPE,
      this.title(id),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { ...this.options(), enableFindWidget: true, retainContextWhenHidden: false },
    );
    this.log.info(LOG, `opened fleet ${id}`);
    this.adopt(id, panel);
  }

  /** True while a panel for that fleet is open. */
  has(id: string): boolean {
    return this.panels.has(id);
  }

  /** Takes over a panel that VS Code restored after a reload; its saved state names the fleet. */
  restore(panel: vscode.WebviewPanel, saved: unknown): void {
    panel.webview.options = this.options();
    const id = (saved as Partial<FleetSavedState> | null)?.id;
    if (typeof id !== 'string' || !id || id.length > 200 || this.panels.has(id)) {
      this.log.warn(LOG, 'a fleet panel could not be restored: its saved state names no fleet');
      panel.dispose();
      return;
    }
    this.log.info(LOG, `restored fleet ${id}`);
    this.adopt(id, panel);
  }

  dispose(): void {
    [...this.panels.values()].forEach((p) => p.dispose());
    this.due.forEach((timer) => this.clock.clearTimeout(timer));
    super.dispose();
  }

  private adopt(id: string, panel: vscode.WebviewPanel): void {
    this.panels.set(id, panel);
    panel.iconPath = {
      light: vscode.Uri.joinPath(this.extensionUri, 'media', 'resultIcon-light.svg'),
      dark: vscode.Uri.joinPath(this.extensionUri, 'media', 'resultIcon-dark.svg'),
    };
    const listener = panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(id, raw));
    const visibility = panel.onDidChangeViewState(() => !panel.visible && this.ready.delete(id));
    panel.onDidDispose(() => {
      listener.dispose();
      visibility.dispose();
      this.ready.delete(id);
      if (this.panels.get(id) === panel) this.panels.delete(id);
    });
    const page = (name: string) =>
      panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...WEBVIEW_DIR, name)).toString();
    panel.webview.html = buildShellHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: page(FLEET_SCRIPT),
      styleUri: page(FLEET_STYLE),
      nonce: createNonce(),
      title: 'Fleet sweep',
      data: { 'fleet-id': id },
      // The page builds its own frame (src/webview/fleet).
      body: '',
    });
  }

  private onMessage(id: string, raw: unknown): void {
    const message = parseFleetWebviewMessage(raw);
    if (message?.type === 'ready') {
      this.ready.add(id);
      this.post(id);
    } else if (message?.type === 'export') this.actions.exportFleet(id);
    else if (message?.type === 'openTask') {
      const state = readFleet(this.groups.get(id)?.state);
      // Only a task of this fleet: the page is not trusted to name any other.
      if (state && fleetTaskKeys(state).includes(message.key)) this.actions.openTask(message.key);
    }
  }

  private schedule(id: string): void {
    if (!this.panels.has(id) || this.due.has(id)) return;
    this.due.set(
      id,
      this.clock.setTimeout(() => {
        this.due.delete(id);
        this.post(id);
      }, COALESCE_MS),
    );
  }

  private post(id: string): void {
    const panel = this.panels.get(id);
    if (!panel) return;
    const state = this.pageState(id);
    panel.title = state.title;
    if (this.ready.has(id)) {
      const message: FleetExtensionMessage = { type: 'state', state };
      void panel.webview.postMessage(message);
    }
  }

  private pageState(id: string): FleetPageState {
    const state = readFleet(this.groups.get(id)?.state);
    if (state) return fleetView(state, (key) => this.store.get(key));
    return {
      kind: 'missing',
      id,
      title: 'Fleet sweep',
      message: 'This fleet is no longer kept: it was removed, or saved in a form this version cannot read.',
    };
  }

  private title(id: string): string {
    const state = readFleet(this.groups.get(id)?.state);
    return state ? fleetView(state, (key) => this.store.get(key)).title : 'Fleet sweep';
  }

  private options(): vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, ...WEBVIEW_DIR)],
    };
  }
}
