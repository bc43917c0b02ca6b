/**
 * The extension's half of the path MTU result view: the state it posts (built from a run's record and what
 * the editor knows of each stage's task) and the check of what the page posts back. Pure; the types are the
 * protocol's (src/shared/pathMtuProtocol.ts), shared with the page.
 */
import type {
  InvestigationView,
  MissingInvestigationView,
  PathMtuWebviewMessage,
  StageView,
} from '../../shared/pathMtuProtocol';
import { parseTaskKey } from '../task';
import { sizeNote } from './conclusion';
import { mergeStages } from './evidence';
import { conclusionOf, investigationOf, stageNumber } from './runState';
import type { PathMtuRunState, RunStage } from './runTypes';
import { StageProgress, headline, runLabel } from './runText';

/** What the editor knows of a stage's task, by its key; undefined when it tracks no such task. */
export type TaskLookup = (task: string) => StageProgress | undefined;

/** The state the page shows for a run. */
export function buildInvestigationView(
  state: PathMtuRunState,
  taskOf: TaskLookup = () => undefined,
): InvestigationView {
  const conclusion = conclusionOf(state) ?? null;
  const answers = mergeStages(investigationOf(state).stages).map(({ size, sent, answered }) => ({
    size,
    sent,
    answered,
  }));
  return {
    kind: 'investigation',
    id: state.id,
    title: runLabel(state),
    serial: state.serial,
    destination: state.destination,
    start: state.start,
    end: state.end,
    cycles: state.cycles,
    phase: state.phase,
    headline: headline(state),
    conclusion,
    sizeNote: conclusion?.sizeNote ?? sizeNote(),
    pause: state.pause ? { reason: state.pause.reason, cause: state.pause.cause } : null,
    answers,
    stages: state.stages.map((s, i) => stageView(s, stageNumber(state, i), taskOf)),
    canRetry: state.phase === 'paused',
    canStop: state.phase === 'running' || state.phase === 'paused',
  };
}

function stageView(s: RunStage, number: number, taskOf: TaskLookup): StageView {
  const task = s.task === undefined ? undefined : taskOf(s.task);
  return {
    number,
    purpose: s.purpose,
    why: s.why,
    plan: s.plan,
    status: s.status,
    task: s.task ?? null,
    taskState: task?.state ?? null,
    progressPercent: task ? task.progressPercent : null,
    reason: s.reason ?? null,
    answeredSizes: s.sizes ? s.sizes.filter((r) => r.answered > 0).length : null,
    testedSizes: s.sizes ? s.sizes.length : null,
  };
}

/** The state of a panel whose investigation is gone. */
export function missingInvestigationView(id: string): MissingInvestigationView {
  return {
    kind: 'missing',
    id,
    title: 'Path MTU',
    message:
      'This investigation is no longer kept: it was removed, or this panel outlived it. Its stages may still be tracked tasks.',
  };
}

const MAX_TASK_KEY = 200;

/** A message from the page, with only its known fields; undefined for anything else. */
export function parsePathMtuWebviewMessage(data: unknown): PathMtuWebviewMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'retry':
    case 'stop':
      return { type: m.type };
    case 'openStage':
      return typeof m.task === 'string' && m.task.length <= MAX_TASK_KEY && parseTaskKey(m.task)
        ? { type: 'openStage', task: m.task }
        : undefined;
    default:
      return undefined;
  }
}

/** True when `task` is the task of one of the run's stages: the only ones `openStage` may open. */
export function isStageTask(state: PathMtuRunState, task: string): boolean {
  return state.stages.some((s) => s.task === task);
}
