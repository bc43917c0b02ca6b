/**
 * What a task's progress samples say about its end. Pure functions, used by the poll timing.
 *
 * Two estimates are made. The *earliest* plausible end bounds the long waits: it assumes the remaining work
 * goes at most a few times as fast as the task's average so far (closer to the average once the pace has
 * been seen to be steady), and that the reported value may lag the real progress by one reporting step.
 * The *expected* end is the central estimate; a poll is aimed at it when the pace is steady.
 */

/** One observation of a task's progress: what the server reported when it read the task at `at`. */
export interface ProgressSample {
  at: number;
  percent: number;
}

/** The assumptions of {@link estimateEnd}. */
export interface EstimateOptions {
  /** How much faster than its average so far a task's remaining progress may go. */
  maxSpeedup: number;
  /** The same, once progress has been seen going at one pace ({@link isSteady}). */
  steadySpeedup: number;
  /** A later-half pace above this multiple of the average pace means speeding up, not steady. */
  steadyTrend: number;
}

/** Defaults, chosen with the virtual-time bench over both its scenario sets. */
export const DEFAULT_ESTIMATE_OPTIONS: Readonly<EstimateOptions> = Object.freeze({
  maxSpeedup: 2,
  steadySpeedup: 1.25,
  steadyTrend: 1.1,
});

/**
 * Appends an observation, keeping progress non-decreasing (a late or replayed answer must not make the task
 * look slower) and keeping only the first and last sample of each progress value, which is all the
 * estimate needs; the list therefore stays short however long a task runs.
 */
export function addSample(samples: readonly ProgressSample[], at: number, percent: number): ProgressSample[] {
  const last = samples[samples.length - 1];
  const next = { at, percent: Math.max(percent, last?.percent ?? 0) };
  const out = samples.slice();
  const prev = out[out.length - 2];
  if (last && prev && last.percent === next.percent && prev.percent === next.percent) out[out.length - 1] = next;
  else out.push(next);
  // Fractional progress could make many distinct values; the oldest middle ones matter least.
  while (out.length > 256) out.splice(2, 1);
  return out;
}

/** What the samples say about the end of a task. Times are local epoch ms. */
export interface EndEstimate {
  /**
   * The earliest plausible end, assuming the remaining work goes at most `maxSpeedup` times as fast as the
   * average so far; long waits are bounded by it. Undefined until progress has been seen twice.
   */
  earliest?: number;
  /** The central estimate, from the rate between sightings of progress values; polls are aimed at it. */
  expected?: number;
  /** Progress has gone at one pace ({@link isSteady}), so `earliest` is a close bound. */
  steady?: boolean;
}

/**
 * Estimates the end of a task from its progress samples. A reported value may lag the task's real progress
 * by up to the reporting {@link granularity}; where it matters, it is taken as that much further (the safe
 * side).
 */
export function estimateEnd(
  samples: readonly ProgressSample[],
  startedAt: number | undefined,
  o: EstimateOptions = DEFAULT_ESTIMATE_OPTIONS,
): EndEstimate {
  const f = samples.findIndex((s) => s.percent > 0);
  if (f < 0) return {};
  const latest = samples[samples.length - 1];
  if (latest.percent >= 100) return { earliest: latest.at, expected: latest.at };
  // Progress left 0 after the last zero sighting (or after the API's start time when first seen running).
  const rise = f > 0 ? samples[f - 1].at : startedAt !== undefined && startedAt < samples[f].at ? startedAt : undefined;
  const out: EndEstimate = {};
  // Progress began before its first sighting, so (latest + hidden) / (time since the first sighting) bounds
  // the task's average rate since it began, jumps included, wherever exactly it began. With one sighting
  // only, progress may have begun an instant before it: no bound yet.
  const first = samples[f];
  if (latest.at > first.at) {
    const done = Math.min(100, latest.percent + granularity(samples, f));
    const pace = (latest.percent + 1 - first.percent) / (latest.at - first.at);
    const recent = recentPace(samples, f);
    // A pace that keeps rising (the later half faster by more than the rounding explains) is no steady pace.
    out.steady =
      isSteady(samples, f) && recent <= o.steadyTrend * ((latest.percent - 1 - first.percent) / (latest.at - first.at));
    // Once the pace is known to be steady, the progress made before the first sighting no longer needs to
    // be counted in: the pace since then is the better bound.
    const fastest = out.steady
      ? o.steadySpeedup * Math.max(pace, recent)
      : (o.maxSpeedup * done) / (latest.at - first.at);
    out.earliest = latest.at + (100 - done) / fastest;
  }
  out.expected = expectedEnd(samples, f, rise);
  return out;
}

/**
 * True when progress since its first sighting went at one pace: it covers at least 10 percent over three
 * or more readings, and every interval long enough to show 3 percent at the average pace showed between
 * 0.6 and 1.6 times that (give or take the whole-percent rounding). A stall, a jump or a change of pace
 * fails it.
 */
export function isSteady(samples: readonly ProgressSample[], f: number): boolean {
  const first = samples[f];
  const latest = samples[samples.length - 1];
  const span = latest.percent - first.percent;
  if (span < 10 || samples.length - f < 3) return false;
  const pace = span / (latest.at - first.at);
  for (let i = f + 1; i < samples.length; i++) {
    const expected = pace * (samples[i].at - samples[i - 1].at);
    if (expected < 3) continue;
    const seen = samples[i].percent - samples[i - 1].percent;
    if (seen + 1 < 0.6 * expected || seen - 1 > 1.6 * expected) return false;
  }
  return true;
}

/**
 * How much progress may be done but not yet reported: 1 for a task reporting whole percents as it goes, or
 * the largest jump seen (the rise between two readings beyond what the average pace explains) for a task
 * that reports in steps, such as once per ping cycle.
 */
export function granularity(samples: readonly ProgressSample[], f: number): number {
  const first = samples[f];
  const latest = samples[samples.length - 1];
  const pace = latest.at > first.at ? (latest.percent - first.percent) / (latest.at - first.at) : 0;
  let jump = 1;
  for (let i = Math.max(1, f); i < samples.length; i++) {
    const rise = samples[i].percent - samples[i - 1].percent;
    jump = Math.max(jump, rise - pace * (samples[i].at - samples[i - 1].at));
  }
  return jump;
}

/** Pace over the later half of the span since the first sighting (rounded up), so a speed-up counts. */
function recentPace(samples: readonly ProgressSample[], f: number): number {
  const latest = samples[samples.length - 1];
  const midTime = (samples[f].at + latest.at) / 2;
  let m = f;
  while (m + 1 < samples.length - 1 && samples[m + 1].at <= midTime) m++;
  return (latest.percent + 1 - samples[m].percent) / (latest.at - samples[m].at);
}

/**
 * The rate is measured up to the first sighting of the current value, not to the latest sample, so a stall
 * makes the expected end overdue rather than pushing it later.
 */
function expectedEnd(samples: readonly ProgressSample[], f: number, rise: number | undefined): number | undefined {
  const latest = samples[samples.length - 1];
  let c = samples.length - 1;
  while (c > f && samples[c - 1].percent === latest.percent) c--;
  const change = samples[c];
  const first = samples[f];
  // Two sightings far enough apart give a rate free of the unknown moment progress left 0; closer ones
  // are dominated by the rounding of the reported value.
  const anchor =
    c > f && change.percent - first.percent >= 3 ? first : rise !== undefined ? { at: rise, percent: 0 } : undefined;
  if (!anchor || change.at <= anchor.at) return undefined;
  const rate = (change.percent - anchor.percent) / (change.at - anchor.at);
  // A reported whole percent is on average half a percent behind the task.
  return rate > 0 ? change.at + (99.5 - change.percent) / rate : undefined;
}
