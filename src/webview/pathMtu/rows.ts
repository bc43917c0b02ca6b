/**
 * The words of the investigation page (pure, no DOM): the badge, each stage's row, and the boundary the chart
 * marks. Everything here is tested under Node.
 */
import type { InvestigationView, StageView } from '../../shared/pathMtuProtocol';

export type RowTone = 'good' | 'warn' | 'bad' | 'running' | 'neutral';

export interface StageRow {
  /** `Stage 2 · finer sweep` */
  title: string;
  /** `25 sizes from 1400 to 1496 bytes, 4 apart · 2 cycles` */
  plan: string;
  /** `answered at 18 of 25 sizes`, `RUNNING 40%`, the reason it failed… */
  status: string;
  tone: RowTone;
  why: string;
  /** The task `openStage` opens; null when the stage has none. */
  task: string | null;
}

const PURPOSE: Record<StageView['purpose'], string> = {
  coarse: 'coarse sweep',
  refine: 'finer sweep',
  retest: 'retest of the boundary',
  check: 'check at a small size',
  seed: 'the sweep it started from',
};

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The sizes and cycles of a sweep in words. */
export function planText(plan: StageView['plan']): string {
  const { startPacketSize: a, endPacketSize: b, sweepInterval: step, count } = plan;
  const n = step > 0 && b >= a ? Math.floor((b - a) / step) + 1 : 0;
  const sizes =
    n <= 1
      ? `${a} bytes`
      : step === 1
        ? `every size from ${a} to ${b} bytes`
        : `${n} sizes from ${a} to ${a + (n - 1) * step} bytes, ${step} apart`;
  return `${sizes} · ${plural(count, 'cycle')}`;
}

function statusOf(s: StageView): { status: string; tone: RowTone } {
  switch (s.status) {
    case 'completed': {
      const answered = s.answeredSizes ?? 0;
      const tested = s.testedSizes ?? 0;
      // Silent sizes are what a search for the boundary looks for, not a fault of the stage.
      return {
        status: tested === 0 ? 'no answers recorded' : `answered at ${answered} of ${plural(tested, 'size')}`,
        tone: tested === 0 ? 'neutral' : 'good',
      };
    }
    case 'running':
      if (s.taskState === 'RUNNING' || s.taskState === 'INITIATED') {
        return { status: `${s.taskState} ${Math.round(Number(s.progressPercent) || 0)}%`, tone: 'running' };
      }
      return { status: s.taskState ? s.taskState.replace('_', ' ') : 'started', tone: 'running' };
    case 'starting':
      return { status: 'starting…', tone: 'running' };
    case 'failed':
      return { status: s.reason ?? 'failed', tone: 'bad' };
    default:
      return { status: 'stopped before its answers came', tone: 'neutral' };
  }
}

/** One row per stage, oldest first. */
export function stageRows(stages: readonly StageView[]): StageRow[] {
  return stages.map((s) => ({
    title: `Stage ${s.number} · ${PURPOSE[s.purpose] ?? s.purpose}`,
    plan: planText(s.plan),
    ...statusOf(s),
    why: s.why,
    task: s.task,
  }));
}

/** The largest size that answers, as the conclusion has it, for the chart's marker; null without one. */
export function boundaryOf(view: Pick<InvestigationView, 'conclusion'>): number | null {
  const c = view.conclusion;
  if (!c) return null;
  if (c.kind === 'exact') return c.largest;
  if (c.kind === 'lossy' && c.firstSilent !== null) return c.estimate;
  return null;
}

/** The badge next to the title. */
export function badgeOf(view: Pick<InvestigationView, 'phase' | 'conclusion'>): { text: string; tone: RowTone } {
  switch (view.phase) {
    case 'running':
      return { text: 'RUNNING', tone: 'running' };
    case 'paused':
      return { text: 'PAUSED', tone: 'warn' };
    case 'stopped':
      return { text: 'STOPPED', tone: 'neutral' };
    default:
      return { text: 'DONE', tone: view.conclusion && view.conclusion.kind !== 'lossy' ? 'good' : 'warn' };
  }
}
