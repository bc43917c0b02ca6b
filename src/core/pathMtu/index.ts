/**
 * Path MTU investigation, pure core: plan the next sweep from the answers so far, or conclude
 * ({@link nextStep}); and run it ({@link PathMtuRunner}): start each planned stage through an injected function
 * (the editor starts an ordinary tracked task), await its answers, record them, pause on a failure, resume
 * from a saved state.
 */
export * from './types';
export { nextStep, checkSizeOf } from './planner';
export {
  abandonStage,
  addStage,
  createInvestigation,
  parseInvestigation,
  recordStage,
  toStartRequest,
  validateRange,
} from './investigation';
export type { PathMtuInput } from './investigation';
export { layoutSweep, lowerBoundSweeps, planSizes, retestCycles, sizesPerSweep } from './layout';
export { mergeStages, rangeEvidence, readBounds, requestsSent } from './evidence';
export type { Bounds, SizeEvidence } from './evidence';
export { IP_ICMP_HEADER_BYTES, sizeNote } from './conclusion';
export {
  MAX_KEPT_FAILURES,
  conclusionOf,
  createRunState,
  inFlight,
  investigationOf,
  parseRunState,
  stageNumber,
} from './runState';
export type { PathMtuRunState, RunPause, RunPhase, RunStage, RunStageStatus } from './runTypes';
export { PathMtuRunner } from './runner';
export type { PathMtuRunnerOptions, RunChange, RunChangeKind, StageResult, StageStart } from './runTypes';
export { answerText, currentStage, headline, runDescription, runLabel, runTooltip, stoppedSentence } from './runText';
export type { StageProgress } from './runText';
export { buildInvestigationView, isStageTask, missingInvestigationView, parsePathMtuWebviewMessage } from './view';
export type { TaskLookup } from './view';
