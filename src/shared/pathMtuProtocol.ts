/**
 * The path MTU result view's protocol: every message between the extension and the investigation's page, the
 * state the extension posts, and what the page keeps across hide and show. Both sides import these types (the
 * extension under Node, the page under the DOM lib). Imports nothing but types, and nothing that needs
 * `vscode` or Node.
 */
import type { PathMtuConclusion, StagePurpose, SweepPlan } from '../core/pathMtu/types';
import type { PathMtuRunState, RunStageStatus } from '../core/pathMtu/runTypes';
import type { TaskState } from '../core/task';

// ---- extension -> webview -------------------------------------------------------------------------------

/** Replies of one size over every stage that tested it. */
export interface SizeAnswers {
  size: number;
  sent: number;
  answered: number;
}

/** One stage of the investigation, failed attempts included. */
export interface StageView {
  /** Its number as shown: a failed attempt and its retry share one. */
  number: number;
  purpose: StagePurpose;
  /** The planner's reason, e.g. `Coarse sweep: 49 sizes from 576 to 1500 bytes, 19 apart.` */
  why: string;
  plan: SweepPlan;
  status: RunStageStatus;
  /** The stage's tracked task (`serial/taskId`), which `openStage` opens; null before it is known. */
  task: string | null;
  /** The task's state and progress as the extension tracks it; null when it does not (any more). */
  taskState: TaskState | null;
  progressPercent: number | null;
  /** Why it failed, in words. */
  reason: string | null;
  /** Sizes answered / tried in this stage; null until it completed. */
  answeredSizes: number | null;
  testedSizes: number | null;
}

/** The run's question (gateway, destination, sizes, cycles) and phase, as the record has them. */
export interface InvestigationView extends Pick<
  PathMtuRunState,
  'id' | 'serial' | 'destination' | 'start' | 'end' | 'cycles' | 'phase'
> {
  kind: 'investigation';
  /** `Path MTU to <destination>`, also the panel title */
  title: string;
  /** The conclusion's sentence, else what the run is doing or found so far. Shown first. */
  headline: string;
  conclusion: PathMtuConclusion | null;
  /** What the API's size means (with this result's numbers when there is one). */
  sizeNote: string;
  pause: { reason: string; cause: string } | null;
  /** Every size tested by a completed stage, ascending, merged over the stages. */
  answers: SizeAnswers[];
  stages: StageView[];
  canRetry: boolean;
  canStop: boolean;
}

/** The panel's investigation is gone (removed, or a restored panel whose investigation no longer exists). */
export interface MissingInvestigationView {
  kind: 'missing';
  id: string;
  title: string;
  message: string;
}

export type PathMtuPageState = InvestigationView | MissingInvestigationView;

export type PathMtuExtensionMessage = { type: 'state'; state: PathMtuPageState };

// ---- webview -> extension -------------------------------------------------------------------------------

export type PathMtuWebviewMessage =
  /** the script is loaded and listening: only now may the extension post */
  | { type: 'ready' }
  /** open the result view of a stage's task */
  | { type: 'openStage'; task: string }
  | { type: 'retry' }
  | { type: 'stop' };

// ---- kept by the page -----------------------------------------------------------------------------------

/** What the page keeps in the webview state: the investigation's id, read (and checked) by the serializer. */
export interface PathMtuSavedState {
  id: string;
}
