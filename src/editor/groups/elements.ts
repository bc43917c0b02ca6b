/** Tree elements: a task is its key (`SERIAL/id`), a group `group:<id>`. */
const ELEMENT_PREFIX = 'group:';

/** The tree element of a group. Task keys (`SERIAL/id`) never start with it: serials have no colon. */
export function groupElement(id: string): string {
  return ELEMENT_PREFIX + id;
}

/** The group id of a tree element, or undefined for a task key. */
export function groupIdOf(element: unknown): string | undefined {
  return typeof element === 'string' && element.startsWith(ELEMENT_PREFIX)
    ? element.slice(ELEMENT_PREFIX.length)
    : undefined;
}
