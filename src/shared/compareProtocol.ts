/**
 * The compare view's protocol: the messages between the extension and the compare webview (two or more
 * completed sweeps side by side), the state the extension posts, and the state the page keeps. Both sides import
 * these types; the check of what the page sends is here too. Imports nothing that needs `vscode`, Node or the DOM.
 */
import type { Comparison } from '../core/compare';
import { MAX_MESSAGE_KEY, type OpenTaskMessage, messageFields, parseOpenTask } from './openTask';

export type { CompareCell, CompareColumn, CompareRow, Comparison } from '../core/compare';

// ---- extension -> webview -------------------------------------------------------------------------------

export interface CompareView {
  kind: 'comparison';
  /** e.g. `Compare 2 sweeps`, also the panel title */
  title: string;
  /** `compareSweeps()` of the tasks, oldest first */
  comparison: Comparison;
}

/** Nothing to compare: fewer than two of the tasks are still tracked and completed. */
export interface CompareErrorView {
  kind: 'error';
  title: string;
  message: string;
  /** the keys asked for, so that a restored panel keeps them */
  keys: string[];
}

export type ComparePageState = CompareView | CompareErrorView;

export type CompareExtensionMessage = { type: 'state'; state: ComparePageState };

// ---- webview -> extension -------------------------------------------------------------------------------

export type CompareWebviewMessage =
  /** the script listens: only now may the extension post */
  | { type: 'ready' }
  /** open one sweep's own result (`CompareColumn.key`) */
  | OpenTaskMessage;

/** A message from the compare page, or undefined for anything that is not one. */
export function parseCompareWebviewMessage(data: unknown): CompareWebviewMessage | undefined {
  const m = messageFields(data);
  return m.type === 'ready' ? { type: 'ready' } : parseOpenTask(m);
}

// ---- kept by the page -----------------------------------------------------------------------------------

/** Most sweeps a restored comparison takes back from its saved state. */
export const MAX_COMPARED = 50;

/** What the page keeps in the webview state: the compared tasks' keys, read by the serializer after a reload. */
export interface CompareSavedState {
  keys: string[];
}

/** The compared keys kept in the webview state (read by both sides): strings of a key's length, at most {@link MAX_COMPARED}. */
export function restoreCompareView(saved: unknown): CompareSavedState {
  const keys = (saved as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) return { keys: [] };
  return {
    keys: keys
      .filter((k): k is string => typeof k === 'string' && k.length > 0 && k.length <= MAX_MESSAGE_KEY)
      .slice(0, MAX_COMPARED),
  };
}
