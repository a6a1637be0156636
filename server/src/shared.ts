// What the client (client/src) uses of the engine, and nothing else: the engine stays free to change
// behind this line, and a test (clientBoundary.test.ts) holds the client to it. All of it is plain
// TypeScript without editor imports; the messages between the two sides are in ./protocol.ts.
export type { BundleSummary } from './engine/bundle/summary';
export { bundleSummaryLines } from './engine/bundle/summary';
export { isArchiveName, MEMBER_SEPARATOR, splitMemberPath, withoutTrailingSlashes } from './engine/io/archive/memberPath';
export type { ArchiveIndex } from './engine/io/archive/openMember';
export { indexArchive, readMemberBytes } from './engine/io/archive/openMember';
export { readLineWindow } from './engine/io/lineWindow';
export { LogInputError, readLogChunks } from './engine/io/readLog';
export { plainText } from './engine/markdown';
export { fillRunbookMarkdown } from './engine/runbookValues';
export { splitTimelineLine } from './engine/timeline/render';
export { clamped, DEFAULT_GZIP_OPEN_MEGABYTES, SETTING_LIMITS } from './features/settings';
