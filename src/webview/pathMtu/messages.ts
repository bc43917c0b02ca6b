/**
 * What the investigation page receives and keeps (pure, no DOM): a message from the extension is checked for
 * its shape before it is painted, and the saved view state is read back field by field.
 */
import type { PathMtuExtensionMessage, PathMtuSavedState } from '../../shared/pathMtuProtocol';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A message from the extension, or undefined for anything that is not one. */
export function parsePathMtuMessage(data: unknown): PathMtuExtensionMessage | undefined {
  if (!isObject(data) || data.type !== 'state' || !isObject(data.state)) return undefined;
  const s = data.state;
  if (typeof s.id !== 'string' || typeof s.title !== 'string') return undefined;
  if (s.kind === 'missing') return typeof s.message === 'string' ? (data as PathMtuExtensionMessage) : undefined;
  const painted =
    s.kind === 'investigation' && typeof s.headline === 'string' && Array.isArray(s.stages) && Array.isArray(s.answers);
  return painted ? (data as PathMtuExtensionMessage) : undefined;
}

/** The investigation's id: the page's own (from its HTML) first, else the one an earlier page saved. */
export function restoreSaved(saved: unknown, fromPage: string | undefined): PathMtuSavedState {
  const id = fromPage || (isObject(saved) && typeof saved.id === 'string' ? saved.id.slice(0, 200) : '');
  return { id };
}
