/** The part of the webview host's API the page uses, typed by the protocol. */
import type { SavedViewState, WebviewMessage } from '../shared/resultProtocol';

export interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  /** whatever an earlier page of this panel saved; check it before use */
  getState(): unknown;
  setState(state: SavedViewState): void;
}

/** Provided by the VS Code webview host only, and only once per page. */
declare function acquireVsCodeApi(): VsCodeApi;

/** The host's API, or undefined outside a VS Code webview. */
export function acquireApi(): VsCodeApi | undefined {
  return typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
}
