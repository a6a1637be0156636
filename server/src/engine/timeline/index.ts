// The merged timeline: several logs in one time order, clock offsets, gap markers.
export { parseDuration, formatOffset, formatDuration, parseTimeBound, placeBound, isoTime } from './duration';
export type { TimeBound } from './duration';
export { offsetFor, offsetRulesFromSeconds, parseOffsetArgument, globMatchesPath } from './offsets';
export type { ClockOffsetRule } from './offsets';
export { dateRulesFromSettings, parseDateArgument, parseDay } from './dates';
export type { DateRule } from './dates';
export { TimeResolver, timeKind } from './timeResolver';
export type { TimeResolverOptions, TimeKind } from './timeResolver';
export { sourceTags, GAP_TAG, CLOCK_TAG } from './tags';
export { FileSource, NEED_MORE } from './fileSource';
export type { TimelineRecord, TimelineSourceInfo, FileSourceOptions } from './fileSource';
export { mergeTimeline, timelineSources, DEFAULT_GAP_MS } from './merge';
export type { ClockStep, TimelineEntry, TimelineOptions, TimelineSink, TimelineSummary } from './merge';
export { TimelineRenderer, splitTimelineLine, TIME_WIDTH } from './render';
export type { RenderedLine, TimelineLineParts } from './render';
export { findIdleGaps } from './idleGaps';
export type { IdleGap } from './idleGaps';
export { genericLineTime } from './genericTime';
