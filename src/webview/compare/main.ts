/**
 * Entry point of the compare webview's page, bundled for the browser into dist/webview/compare.js. The page
 * says "ready" once it listens; the extension then posts the comparison.
 */
import type { ComparePageState, CompareSavedState, CompareWebviewMessage } from '../../shared/compareProtocol';
import { runPage } from '../runPage';
import { parseCompareMessage } from './compareCells';
import { ComparePage } from './comparePage';

runPage<CompareWebviewMessage, CompareSavedState, ComparePageState>({
  parse: parseCompareMessage,
  create: (api) => new ComparePage(api),
  ready: { type: 'ready' },
});
