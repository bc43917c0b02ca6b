import * as vscode from 'vscode';
import { Clock, systemClock } from '../../core/clock';
import { Disposable } from '../platform/lifecycle';
import type { TrackedTask } from '../../core/task';
import type { ExtensionMessage, ResultState, WebviewMessage } from '../../shared/resultProtocol';
import { executeCommand } from '../platform/commands';
import { Logger } from '../platform/log';
import { TaskStore } from '../tasks/taskStore';
import { buildResultState, describeMessage, panelTitle, parseWebviewMessage } from './webviewProtocol';

/** The log tag of the result views. */
export const LOG = 'result';

export interface ResultActions {
  refresh(key: string): void;
  exportResult(key: string): void;
}

/** A reply table finished painting; `sinceOpenMs` is set for the first paint after the panel was opened. */
export interface ResultRenderEvent {
  key: string;
  rows: number;
  paintMs: number;
  sinceOpenMs?: number;
}

/** One open panel: knows whether its webview listens, and what it already holds; posts the task's state to it. */
export class ResultFeed extends Disposable {
  private ready = false;
  /** the last output seen, and the revision of its replies (bumped only when their content changes) */
  private output: TrackedTask['output'] | undefined;
  private revision = 0;
  /** the revision the live webview holds; 0 = none */
  private heldRevision = 0;
  private lastJson = '';
  /** when the panel was opened or restored; cleared by its first paint */
  private openedAt: number | undefined;

  constructor(
    readonly key: string,
    readonly panel: vscode.WebviewPanel,
    private readonly store: TaskStore,
    private readonly log: Logger,
    private readonly actions: ResultActions,
    private readonly rendered: (e: ResultRenderEvent) => void,
    private readonly clock: Clock = systemClock,
  ) {
    super();
    this.openedAt = clock.now();
    this._register(panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)));
    this._register(
      panel.onDidChangeViewState(() => {
        // Without retainContextWhenHidden a hidden webview is torn down; it says "ready" again when shown.
        if (!panel.visible) {
          this.forget();
        }
      }),
    );
  }

  /** Posts the task's current state, if the webview listens and something changed. */
  post(): void {
    const task = this.store.get(this.key);
    const title = panelTitle(this.key, task);
    if (this.panel.title !== title) {
      this.panel.title = title;
    }
    if (!this.ready) {
      return;
    }
    const output = task?.output;
    if (output && output !== this.output) {
      if (!sameJson(output, this.output)) {
        this.revision++;
      }
      this.output = output;
    }
    const includeReplies = output !== undefined && this.heldRevision !== this.revision;
    const state: ResultState = buildResultState(this.key, task, { includeReplies, repliesRevision: this.revision });
    // Without replies the state is small: skip posts that would repaint nothing.
    const json = includeReplies ? '' : JSON.stringify(state);
    if (!includeReplies && json === this.lastJson) {
      return;
    }
    const msg: ExtensionMessage = { type: 'state', state };
    this.panel.webview.postMessage(msg).then(
      (delivered) => {
        if (!delivered) {
          this.forget();
        }
      },
      (err: unknown) => this.log.error(LOG, `could not post to the result of ${this.key}`, err),
    );
    this.lastJson = json;
    if (includeReplies) {
      this.heldRevision = this.revision;
    }
  }

  private forget(): void {
    this.ready = false;
    this.heldRevision = 0;
    this.lastJson = '';
  }

  private onMessage(raw: unknown): void {
    const msg: WebviewMessage | undefined = parseWebviewMessage(raw);
    if (!msg) {
      this.log.warn(LOG, `ignored an unknown message from the result webview (${describeMessage(raw)})`);
      return;
    }
    switch (msg.type) {
      case 'ready':
        this.forget();
        this.ready = true;
        this.post();
        break;
      case 'refresh':
        this.actions.refresh(this.key);
        break;
      case 'export':
        this.actions.exportResult(this.key);
        break;
      case 'refine':
        // A path MTU investigation seeded with this sweep's answers (the command checks it shows a boundary).
        void executeCommand('pingSweep.refineBoundary', this.key);
        break;
      case 'rendered':
        this.onRendered(msg.rows, msg.paintMs);
        break;
      default: {
        // A message type added to the protocol does not compile until it is handled here.
        const unhandled: never = msg;
        return unhandled;
      }
    }
  }

  private onRendered(rows: number, paintMs: number): void {
    const sinceOpenMs = this.openedAt === undefined ? undefined : this.clock.now() - this.openedAt;
    this.openedAt = undefined;
    this.log.debug(
      LOG,
      `painted ${rows} replies of ${this.key} in ${Math.round(paintMs)} ms` +
        (sinceOpenMs === undefined ? '' : ` (${sinceOpenMs} ms after the panel opened)`),
    );
    this.rendered({ key: this.key, rows, paintMs, sinceOpenMs });
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
