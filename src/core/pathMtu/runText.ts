/**
 * The words of a run for the tree and the result view: the item's label, its description (the stage while it
 * runs, the answer once it is done), its tooltip, and a sentence for a run stopped before a conclusion. Pure.
 */
import type { TaskState } from '../task';
import { rangeEvidence, readBounds } from './evidence';
import { PathMtuRunState, conclusionOf, investigationOf, stageNumber } from './runState';
import type { PathMtuConclusion } from './types';

/** What the editor knows of the task of the stage in flight (its tracked task's state and progress). */
export interface StageProgress {
  state: TaskState;
  progressPercent: number;
}

/** `Path MTU to <destination>`. */
export function runLabel(state: Pick<PathMtuRunState, 'destination'>): string {
  return `Path MTU to ${state.destination}`;
}

/** The answer in a few words: `1472 bytes`, `at least 1500 bytes`, `no answer`… */
export function answerText(c: PathMtuConclusion): string {
  switch (c.kind) {
    case 'exact':
      return `${c.largest} bytes`;
    case 'allAnswer':
      return `at least ${c.largest} bytes`;
    case 'noneAnswer':
      return c.looksLike === 'largeDropped'
        ? `large packets dropped (${c.checkSize} bytes answer)`
        : 'no answer: unreachable or filtered';
    case 'lossy':
      return c.estimate === null ? 'too lossy to tell' : `about ${c.estimate} bytes (lossy)`;
  }
}

/** The number of the stage the run is at: the one in flight, the one that failed, or the next one. */
export function currentStage(state: PathMtuRunState): number {
  const last = state.stages.length - 1;
  if (last < 0) return 1;
  const s = state.stages[last];
  return s.status === 'completed' ? stageNumber(state, last) + 1 : stageNumber(state, last);
}

/**
 * The item's description: `stage 2 · RUNNING 40%` while a stage runs (with `progress` of its task when the
 * editor has it), `stage 2 · paused` on a pause, the answer when done (`1472 bytes`), `stopped` (after the
 * answer, when the answers allow one) when stopped.
 */
export function runDescription(state: PathMtuRunState, progress?: StageProgress): string {
  const conclusion = conclusionOf(state);
  switch (state.phase) {
    case 'done':
      return conclusion ? answerText(conclusion) : 'done';
    case 'stopped':
      return conclusion ? `${answerText(conclusion)} · stopped` : 'stopped';
    case 'paused':
      return `stage ${currentStage(state)} · paused`;
    default:
      return `stage ${currentStage(state)} · ${stageWords(state, progress)}`;
  }
}

function stageWords(state: PathMtuRunState, progress?: StageProgress): string {
  const last = state.stages[state.stages.length - 1];
  if (!last || last.status !== 'running') return 'starting';
  if (!progress) return 'PENDING';
  if (progress.state !== 'RUNNING' && progress.state !== 'INITIATED')
    return progress.state === 'NOT_FOUND' ? 'NOT FOUND' : progress.state;
  const p = Number.isFinite(progress.progressPercent)
    ? Math.min(100, Math.max(0, Math.round(progress.progressPercent)))
    : 0;
  return `${progress.state} ${p}%`;
}

/**
 * What a stopped run found, in one sentence, when the planner could not conclude: the sizes known to answer
 * and not to, and that the boundary lies between.
 */
export function stoppedSentence(state: PathMtuRunState): string {
  const inv = investigationOf(state);
  const answered = inv.stages.filter((s) => s.sizes).length;
  const sweeps = `${answered} ${answered === 1 ? 'sweep' : 'sweeps'}`;
  if (answered === 0) return `Stopped before any sweep answered; nothing was measured towards ${state.destination}.`;
  const b = readBounds(rangeEvidence(inv), inv.start, inv.end);
  const head = `Stopped after ${sweeps}, before a conclusion`;
  if (b.largest < inv.start) return `${head}: no size tried got an answer from ${state.destination}.`;
  if (b.firstSilent > inv.end) return `${head}: every size tried answered, up to ${b.largest} bytes.`;
  return `${head}: ${b.largest} bytes got an answer and ${b.firstSilent} did not, so the largest size that gets through is between them.`;
}

/** The conclusion's sentence, or what the run is doing, in one line (the result view's headline). */
export function headline(state: PathMtuRunState): string {
  const conclusion = conclusionOf(state);
  if (conclusion) return conclusion.sentence;
  if (state.phase === 'stopped') return stoppedSentence(state);
  // The reason is shown beside it (the view's banner, the item's tooltip).
  if (state.phase === 'paused')
    return `Paused at stage ${currentStage(state)}: Retry goes on from there; Stop keeps what was found.`;
  return `Looking for the largest size that reaches ${state.destination} from ${state.serial}: stage ${currentStage(state)}.`;
}

/** Plain-text tooltip of the item: nothing in it is read as markdown. */
export function runTooltip(state: PathMtuRunState, progress?: StageProgress): string {
  const lines = [
    `Gateway: ${state.serial}`,
    `Destination: ${state.destination}`,
    `Sizes: ${state.start}–${state.end} bytes, ${state.cycles} ${state.cycles === 1 ? 'cycle' : 'cycles'} per size`,
    `Status: ${runDescription(state, progress)}`,
  ];
  const conclusion = conclusionOf(state);
  if (conclusion) lines.push(conclusion.sentence);
  else if (state.phase === 'stopped') lines.push(stoppedSentence(state));
  if (state.pause) lines.push(`Paused: ${state.pause.reason}`);
  return lines.join('\n');
}
