/**
 * Entry point of the path MTU investigation page, bundled for the browser into dist/webview/pathMtu.js. The
 * page says "ready" once it listens; the extension then posts the investigation's state, and again whenever
 * it changes.
 */
import type { PathMtuSavedState, PathMtuWebviewMessage } from '../../shared/pathMtuProtocol';
import { acquireApi } from '../vscodeApi';
import { parsePathMtuMessage } from './messages';
import { PathMtuPage } from './page';

const api = acquireApi<PathMtuWebviewMessage, PathMtuSavedState>();
if (api) {
  const page = new PathMtuPage(api);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = parsePathMtuMessage(event.data);
    if (message) page.render(message.state);
  });
  api.postMessage({ type: 'ready' });
}
