/**
 * Message handling of the page (pure, no DOM): what the extension posts is checked for its shape before it is painted, and
 * each message type of the protocol has its handler (a type added to the protocol does not compile until it
 * is handled here).
 */
import type { ExtensionMessage } from '../shared/resultProtocol';

export type ExtensionMessageHandlers = {
  [T in ExtensionMessage['type']]: (message: Extract<ExtensionMessage, { type: T }>) => void;
};

/** A message from the extension, or undefined for anything that is not one. */
export function parseExtensionMessage(data: unknown): ExtensionMessage | undefined {
  if (typeof data !== 'object' || data === null) {
    return undefined;
  }
  const m = data as Record<string, unknown>;
  if (m.type !== 'state' || typeof m.state !== 'object' || m.state === null) {
    return undefined;
  }
  const kind = (m.state as Record<string, unknown>).kind;
  return kind === 'task' || kind === 'missing' ? (m as ExtensionMessage) : undefined;
}

/** Hands a message from the extension to its handler; anything else is ignored. */
export function handleExtensionMessage(data: unknown, handlers: ExtensionMessageHandlers): void {
  const message = parseExtensionMessage(data);
  if (message) {
    handlers[message.type](message);
  }
}
