/**
 * Path MTU investigation, pure core: plan the next sweep from the answers so far, or conclude. The editor
 * starts each planned stage as an ordinary tracked task and records its answers with {@link recordStage}.
 */
export * from './types';
export { nextStep, checkSizeOf } from './planner';
export { abandonStage, addStage, createInvestigation, parseInvestigation, recordStage, toStartRequest, validateRange } from './investigation';
export type { PathMtuInput } from './investigation';
export { layoutSweep, lowerBoundSweeps, planSizes, retestCycles, sizesPerSweep } from './layout';
export { mergeStages, rangeEvidence, readBounds, requestsSent } from './evidence';
export type { Bounds, SizeEvidence } from './evidence';
export { IP_ICMP_HEADER_BYTES, sizeNote } from './conclusion';
