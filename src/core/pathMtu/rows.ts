/** Which rows of a sweep's answers can be planned from. Pure, and light: the result view uses it too. */
import { MAX_PACKET_SIZE } from '../startParams';
import type { SizeRow } from '../sweep';

const whole = (n: number, min: number) => Number.isInteger(n) && n >= min;

/** The rows of a sweep's answers that can be planned from, copied with only their four fields. */
export function usableRows(sizes: readonly SizeRow[]): SizeRow[] {
  return sizes
    .filter(
      (r) =>
        whole(r.size, 1) &&
        r.size <= MAX_PACKET_SIZE &&
        whole(r.answered, 0) &&
        whole(r.timedOut, 0) &&
        r.sent === r.answered + r.timedOut,
    )
    .map((r) => ({ size: r.size, sent: r.sent, answered: r.answered, timedOut: r.timedOut }));
}
