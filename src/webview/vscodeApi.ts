/** The part of the webview host's API the pages use, typed by a page's protocol (the result page's by default). */
import type { SavedViewState, WebviewMessage } from '../shared/resultProtocol';

export interface VsCodeApi<Message = WebviewMessage, Saved = SavedViewState> {
  postMessage(message: Message): void;
  /** whatever an earlier page of this panel saved; check it before use */
  getState(): unknown;
  setState(state: Saved): void;
}

/** Provided by the VS Code webview host only, and only once per page. */
declare function acquireVsCodeApi(): VsCodeApi<unknown, unknown>;

/** The host's API, or undefined outside a VS Code webview. */
export function acquireApi<Message = WebviewMessage, Saved = SavedViewState>(): VsCodeApi<Message, Saved> | undefined {
  return typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
}
