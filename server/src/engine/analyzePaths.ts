import type { AnalyzeOptions, FileAnalysis } from './analyze';
import { AnalysisCancelled, analyzeFile } from './analyze';
import { LogInputError } from './io/readLog';
import type { ListedPath } from './io/listLogFiles';
import { listLogFiles } from './io/listLogFiles';
import type { UnreadableFile } from './report';
import type { CorrelateOptions, CorrelationResult } from './correlate';
import { correlateAnalyses } from './correlate';

export interface PathsAnalysis {
  files: FileAnalysis[];
  unreadable: UnreadableFile[];
}

export interface AnalyzePathsHooks {
  /** Called once the files are listed, with their number. */
  onListed?(count: number): void;
  /** Called after each file, analysed or not. */
  onFile?(result: FileOutcome, index: number): void | Promise<void>;
  /** Called after cross-file correlation when it related findings across files (`changed`) or found clocks disagreeing (`hints`). */
  onCorrelated?(result: CorrelationResult): void | Promise<void>;
}

export type FileOutcome = { analysis?: FileAnalysis; unreadable?: UnreadableFile };

/** The files to analyse for these inputs: the one place inputs are expanded (folders, and bundles later). */
export function listInputs(inputs: string[]): Promise<ListedPath[]> {
  return listLogFiles(inputs);
}

/** One listed file analysed, or the reason it was not: a bug met on one file costs that file only. */
export async function analyzeEntry(entry: ListedPath, options: AnalyzeOptions = {}): Promise<FileOutcome> {
  if (entry.error) return { unreadable: { path: entry.path, reason: entry.error, ...(entry.skipped ? { skipped: true } : {}) } };
  try {
    return { analysis: await analyzeFile(entry.path, options) };
  } catch (e) {
    if (e instanceof AnalysisCancelled) throw e;
    if (e instanceof LogInputError) return { unreadable: { path: entry.path, reason: e.reason, ...(e.skipped ? { skipped: true } : {}) } };
    return { unreadable: { path: entry.path, reason: `analysis failed (${String((e as Error)?.message ?? e).split('\n')[0]})` } };
  }
}

/**
 * Files and folders (recursively) analysed one after another, each streamed from disk. A file
 * that cannot be read is listed with its reason and the others go on: nothing is lost to one bad file.
 */
export async function analyzePaths(inputs: string[], options: AnalyzeOptions & CorrelateOptions = {}, hooks: AnalyzePathsHooks = {}): Promise<PathsAnalysis> {
  const listed = await listInputs(inputs);
  hooks.onListed?.(listed.length);
  const result: PathsAnalysis = { files: [], unreadable: [] };
  for (const [index, entry] of listed.entries()) {
    const outcome = await analyzeEntry(entry, options);
    if (outcome.analysis) result.files.push(outcome.analysis);
    if (outcome.unreadable) result.unreadable.push(outcome.unreadable);
    await hooks.onFile?.(outcome, index);
  }
  // findings that cite evidence in another of these files (a NetBackup job's two hosts, a VMSS run's SMlog)
  const correlated = await correlateAnalyses(result.files, options);
  if (correlated.changed.length || correlated.hints.length) await hooks.onCorrelated?.(correlated);
  return result;
}
