/**
 * Labels of tracked tasks for a narrow list (the Tracked Tasks view): the destination once a result names it,
 * until then the gateway serial and as little of the task id as keeps the label unique. A task id is usually a
 * 36-character UUID, which crowds a sidebar; the full id stays in the tooltip.
 */

/** Ids this long or shorter are shown whole. */
const SHOWN_WHOLE = 13;
/** The shortest part of an id shown, and the longest before the label switches to `head…tail`. */
const HEAD = 8;
const LONGEST_HEAD = 12;
const SHORTEST_TAIL = 4;
const ELLIPSIS = '…';

export interface LabelledTask {
  serial: string;
  taskId: string;
  destination?: string;
}

/**
 * For each id, the shortest fragment that no other id of the list shares: the id itself when short; else its
 * first 8 characters, lengthened up to 12 while another id starts the same; else (ids that differ only near
 * the end, like sequential UUIDs) its first 8 and as many last characters as tell it apart: `d3e0c001…0003`.
 * Fragments of different ids always differ.
 */
export function idFragments(ids: readonly string[]): Map<string, string> {
  const unique = [...new Set(ids)];
  const out = new Map<string, string>();
  for (const id of unique) {
    out.set(
      id,
      fragmentOf(
        id,
        unique.filter((other) => other !== id),
      ),
    );
  }
  return out;
}

function fragmentOf(id: string, others: readonly string[]): string {
  if (id.length <= SHOWN_WHOLE) {
    return id;
  }
  for (let n = HEAD; n <= LONGEST_HEAD; n++) {
    const head = id.slice(0, n);
    if (!others.some((o) => o.startsWith(head))) {
      return `${head}${ELLIPSIS}`;
    }
  }
  const head = id.slice(0, HEAD);
  const sameHead = others.filter((o) => o.startsWith(head));
  for (let k = SHORTEST_TAIL; k < id.length - HEAD; k++) {
    const tail = id.slice(-k);
    if (!sameHead.some((o) => o.endsWith(tail))) {
      return `${head}${ELLIPSIS}${tail}`;
    }
  }
  return id;
}

/**
 * The label of every task, by `${serial}/${taskId}`: its destination when known, else `SERIAL · fragment` with
 * the fragment unique among the tasks of the same gateway (all of them, with or without a destination, so
 * that a label does not change when another task's destination arrives).
 */
export function taskLabels(tasks: readonly LabelledTask[]): Map<string, string> {
  const idsBySerial = new Map<string, string[]>();
  for (const t of tasks) {
    const ids = idsBySerial.get(t.serial) ?? [];
    ids.push(t.taskId);
    idsBySerial.set(t.serial, ids);
  }
  const fragments = new Map([...idsBySerial].map(([serial, ids]) => [serial, idFragments(ids)]));
  const labels = new Map<string, string>();
  for (const t of tasks) {
    const fragment = fragments.get(t.serial)?.get(t.taskId) ?? t.taskId;
    labels.set(`${t.serial}/${t.taskId}`, t.destination || `${t.serial} · ${fragment}`);
  }
  return labels;
}
