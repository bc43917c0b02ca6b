/**
 * The one message both the fleet and the compare page send besides `ready`: open a task's own result. Its
 * check is shared so each page's parser reads it the same way. Pure; no `vscode`, Node or DOM.
 */

/** Longest task key a message may carry; a real one (`serial/uuid`) is under 70 characters. */
export const MAX_MESSAGE_KEY = 200;

export interface OpenTaskMessage {
  type: 'openTask';
  /** `serial/taskId` of a tracked task; the extension checks that it is one before opening anything */
  key: string;
}

/** The fields of a posted message, or none for anything that is not an object. */
export function messageFields(data: unknown): Record<string, unknown> {
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}

/** An `openTask` message, or undefined. */
export function parseOpenTask(m: Record<string, unknown>): OpenTaskMessage | undefined {
  return m.type === 'openTask' && typeof m.key === 'string' && m.key.length > 0 && m.key.length <= MAX_MESSAGE_KEY
    ? { type: 'openTask', key: m.key }
    : undefined;
}
