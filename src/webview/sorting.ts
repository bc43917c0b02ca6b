/** Sorting by a column header, shared by the pages' tables: which way a click turns, and a sort read back. */

export type SortDirection = 'ascending' | 'descending';

export interface ColumnSort<C extends string> {
  column: C;
  direction: SortDirection;
}

/** A click on a column's header: ascending first, then the other way each time it is clicked again. */
export function nextColumnSort<C extends string>(current: ColumnSort<C> | null, column: C): ColumnSort<C> {
  if (current && current.column === column) {
    return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  }
  return { column, direction: 'ascending' };
}

/** A sort read back from saved webview state; null unless its column is one of `columns`. */
export function validColumnSort<C extends string>(s: unknown, columns: readonly C[]): ColumnSort<C> | null {
  if (typeof s !== 'object' || s === null) {
    return null;
  }
  const { column, direction } = s as Record<string, unknown>;
  const known = (columns as readonly unknown[]).includes(column);
  return known && (direction === 'ascending' || direction === 'descending') ? { column: column as C, direction } : null;
}
