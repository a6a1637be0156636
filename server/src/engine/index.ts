// The engine's public surface: what the language server, the command line and the tests use.
export * from './types';
export { FORMATS, formatById, detectFormat } from './formats';
export type { LogFormat, Detection } from './formats';
export { analyzeText, analyzeFile, LogScanner, builtInRuleSet, formatDuration } from './analyze';
export type { AnalyzeOptions, FileAnalysis } from './analyze';
export { decodeLine, decodeText, DECODERS } from './decoders';
export { RuleSet } from './rules/ruleSet';
export { RuleError, validateRule } from './rules/ruleDefinition';
export type { RuleDefinition } from './rules/ruleDefinition';
export { builtInRules, parseRuleFile, runbookPath, findKnowledgeDir } from './knowledge';
export { LogInputError, readLogChunks } from './io/readLog';
export { listLogFiles } from './io/listLogFiles';
