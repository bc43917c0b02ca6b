/**
 * Entry point of the result webview's page, bundled for the browser into dist/webview/result.js. The page
 * says "ready" once it listens; the extension then posts the task's state, and again whenever it changes.
 */
import { handleExtensionMessage, type ExtensionMessageHandlers } from './messages';
import { ResultPage } from './page';
import { acquireApi } from './vscodeApi';

const api = acquireApi();
if (api) {
  const page = new ResultPage(api);
  const handlers: ExtensionMessageHandlers = { state: (message) => page.render(message.state) };
  window.addEventListener('message', (event: MessageEvent<unknown>) => handleExtensionMessage(event.data, handlers));
  api.postMessage({ type: 'ready' });
}
