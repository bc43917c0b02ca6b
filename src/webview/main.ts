/**
 * Entry point of the result webview's page, bundled for the browser into dist/webview/result.js. The page
 * says "ready" once it listens; the extension then posts the task's state, and again whenever it changes.
 */
import { handleExtensionMessage, type ExtensionMessageHandlers } from './messages';
import { ResultPage } from './page';
import { markStart } from './startMarks';
import { acquireApi } from './vscodeApi';

const api = acquireApi();
if (api) {
  // "ready" goes out before the page is built, so that the extension's answer is on its way meanwhile: no
  // message is handled before this script has run to its end, by which time the page exists.
  let page: ResultPage | undefined;
  const handlers: ExtensionMessageHandlers = {
    state: (message) => {
      markStart('state');
      page?.render(message.state);
      markStart('rendered');
    },
  };
  window.addEventListener('message', (event: MessageEvent<unknown>) => handleExtensionMessage(event.data, handlers));
  markStart('ready');
  api.postMessage({ type: 'ready' });
  page = new ResultPage(api);
}
