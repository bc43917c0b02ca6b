/**
 * Geometry of the answer-rate chart (pure, no DOM): one point per size tested, x by size, y by the share of
 * its replies that came back; axis ticks at round numbers; a marker on the boundary. All in the units of the
 * SVG's viewBox, which the stylesheet scales to the page's width.
 */
import type { SizeAnswers } from '../../shared/pathMtuProtocol';

export type Tone = 'good' | 'warn' | 'bad';

/** The drawing area: the viewBox's size and the margins left for the axes. */
export interface ChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const CHART_BOX: ChartBox = { width: 640, height: 200, left: 42, right: 14, top: 14, bottom: 34 };

export interface ChartPoint {
  size: number;
  x: number;
  y: number;
  tone: Tone;
  /** e.g. `1472 bytes: 4 of 4 answered (100%)` */
  label: string;
}

export interface ChartTick {
  value: number;
  /** x for the size axis, y for the rate axis */
  at: number;
  label: string;
}

export interface ChartGeometry {
  box: ChartBox;
  /** Sizes shown, inclusive. */
  from: number;
  to: number;
  points: ChartPoint[];
  xTicks: ChartTick[];
  yTicks: ChartTick[];
  /** A vertical line between the largest size that answers and the next, when the chart has a boundary. */
  marker: { x: number; label: string } | null;
}

/** Round numbers from `lo` to `hi` (inclusive), about `count` of them: steps of 1, 2 or 5 times a power of ten. */
export function niceTicks(lo: number, hi: number, count = 6): number[] {
  if (!(Number.isFinite(lo) && Number.isFinite(hi)) || hi < lo) return [];
  if (hi === lo) return [lo];
  const rough = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const whole = Math.max(1, Math.round(step));
  const out: number[] = [];
  for (let v = Math.ceil(lo / whole) * whole; v <= hi && out.length < 50; v += whole) out.push(v);
  return out;
}

function toneOf(rate: number): Tone {
  return rate >= 1 ? 'good' : rate <= 0 ? 'bad' : 'warn';
}

function percent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}

/**
 * The chart of `answers` between `from` and `to` (sizes outside are left out), with a marker after `boundary`
 * (the largest size that answers) when given and inside. A size without replies sent is left out too.
 */
export function chartGeometry(
  answers: readonly SizeAnswers[],
  from: number,
  to: number,
  boundary: number | null,
  box: ChartBox = CHART_BOX,
): ChartGeometry {
  const lo = Math.min(from, to);
  const hi = Math.max(from, to) === lo ? lo + 1 : Math.max(from, to);
  const plotW = box.width - box.left - box.right;
  const plotH = box.height - box.top - box.bottom;
  const xOf = (size: number) => round(box.left + ((size - lo) / (hi - lo)) * plotW);
  const yOf = (rate: number) => round(box.top + (1 - rate) * plotH);
  const points: ChartPoint[] = [];
  for (const a of answers) {
    if (!(a.sent > 0) || a.size < lo || a.size > hi) continue;
    const rate = Math.min(1, Math.max(0, a.answered / a.sent));
    points.push({
      size: a.size,
      x: xOf(a.size),
      y: yOf(rate),
      tone: toneOf(rate),
      label: `${a.size} bytes: ${a.answered} of ${a.sent} answered (${percent(rate)})`,
    });
  }
  const ticksWanted = Math.max(2, Math.floor(plotW / 90));
  const xTicks = niceTicks(lo, hi, ticksWanted).map((v) => ({ value: v, at: xOf(v), label: String(v) }));
  const yTicks = [0, 0.5, 1].map((r) => ({ value: r, at: yOf(r), label: percent(r) }));
  const inside = boundary !== null && boundary >= lo && boundary < hi;
  const marker = inside ? { x: xOf(boundary + 0.5), label: `${boundary} | ${boundary + 1}` } : null;
  return { box, from: lo, to: hi, points, xTicks, yTicks, marker };
}

/**
 * The sizes around the boundary worth a second, zoomed chart, or null when the whole range already shows them
 * apart: a window of about 12 bytes each side of it, when the range is much wider and at least two sizes
 * inside were tested.
 */
export function zoomWindow(
  answers: readonly SizeAnswers[],
  from: number,
  to: number,
  boundary: number | null,
): { from: number; to: number } | null {
  if (boundary === null || to - from <= 60) return null;
  const lo = Math.max(from, boundary - 12);
  const hi = Math.min(to, boundary + 13);
  const tested = answers.filter((a) => a.sent > 0 && a.size >= lo && a.size <= hi).length;
  return tested >= 2 ? { from: lo, to: hi } : null;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
