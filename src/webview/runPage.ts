/**
 * Starts a page (the fleet's, the comparison's): makes it with the host's API, hands it each state the
 * extension posts once the page's parser has checked it, and only then says "ready", so that nothing posted is
 * missed. Outside a VS Code webview it does nothing.
 */
import { acquireApi, type VsCodeApi } from './vscodeApi';

export interface PageDefinition<Out, Saved, State> {
  /** the state a message carries, or undefined for anything that is not a message of this page */
  parse(data: unknown): { state: State } | undefined;
  create(api: VsCodeApi<Out, Saved>): { render(state: State): void };
  /** the page's "ready" message */
  ready: Out;
}

export function runPage<Out, Saved, State>(page: PageDefinition<Out, Saved, State>): void {
  const api = acquireApi<Out, Saved>();
  if (!api) return;
  const view = page.create(api);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = page.parse(event.data);
    if (message) view.render(message.state);
  });
  api.postMessage(page.ready);
}
