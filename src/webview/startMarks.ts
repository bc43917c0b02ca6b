/**
 * Marks the page's start on the performance timeline, once per step: the script ran and said "ready", the
 * first state arrived, and it was rendered. Devtools show them; `npm run bench` reads them to tell which part
 * of opening a result is the page's own.
 */
const marked = new Set<string>();

export type StartStep = 'ready' | 'state' | 'rendered';

export function markStart(step: StartStep): void {
  if (!marked.has(step)) {
    marked.add(step);
    performance.mark(`pingSweep/${step}`);
  }
}
