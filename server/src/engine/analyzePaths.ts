import type { AnalyzeOptions, FileAnalysis } from './analyze';
import { AnalysisCancelled, analyzeFile } from './analyze';
import { LogInputError } from './io/readLog';
import { listLogFiles } from './io/listLogFiles';
import type { LogSource, WalkOptions } from './io/archive/walk';
import { archiveKindOf, walkArchive } from './io/archive/walk';
import type { UnreadableFile } from './report';
import type { CorrelateOptions, CorrelationResult } from './correlate';
import { correlateAnalyses } from './correlate';
import type { BundleSummary } from './bundle/summary';
import { BundleObserver } from './bundle/summary';

export interface PathsAnalysis {
  files: FileAnalysis[];
  unreadable: UnreadableFile[];
  /** One per input folder or archive: its layout, product, hosts, time range and file counts. */
  bundles: BundleSummary[];
}

export interface AnalyzePathsHooks {
  /** Called once the files are listed, with their number (an archive counts as one until it is walked). */
  onListed?(count: number): void;
  /** Called before a file or archive member is read, with its size when known. */
  onReading?(path: string, bytes: number | undefined): void;
  /** Called after each file, analysed or not. */
  onFile?(result: { analysis?: FileAnalysis; unreadable?: UnreadableFile }, index: number): void | Promise<void>;
  /** Called after cross-file correlation when it related findings across files (`changed`) or found clocks disagreeing (`hints`). */
  onCorrelated?(result: CorrelationResult): void | Promise<void>;
}

type Outcome = { analysis?: FileAnalysis; unreadable?: UnreadableFile };

async function analyzeOne(path: string, options: AnalyzeOptions, source?: LogSource): Promise<Outcome> {
  try {
    return { analysis: await analyzeFile(path, options, source) };
  } catch (e) {
    if (e instanceof AnalysisCancelled) throw e;
    // a bug met on one file costs that file, not the folder: it is listed with the error
    const reason = e instanceof LogInputError ? e.reason : `analysis failed (${String((e as Error)?.message ?? e).split('\n')[0]})`;
    return { unreadable: { path, reason } };
  }
}

/**
 * Files, folders (recursively) and archives (tar, compressed tar, zip, nested; io/archive)
 * analysed one after another, each streamed: an archive in one pass, never unpacked to disk.
 * A file or member that cannot be read is listed with its reason and the others go on.
 */
export async function analyzePaths(inputs: string[], options: AnalyzeOptions & CorrelateOptions & WalkOptions = {}, hooks: AnalyzePathsHooks = {}): Promise<PathsAnalysis> {
  const listed = await listLogFiles(inputs);
  hooks.onListed?.(listed.length);
  const result: PathsAnalysis = { files: [], unreadable: [], bundles: [] };
  const observer = new BundleObserver(inputs);
  let index = 0;
  const settle = async (outcome: Outcome) => {
    if (outcome.analysis) result.files.push(outcome.analysis);
    if (outcome.unreadable) result.unreadable.push(outcome.unreadable);
    observer.add(outcome);
    await hooks.onFile?.(outcome, index++);
  };
  for (const entry of listed) {
    if (entry.error) {
      await settle({ unreadable: { path: entry.path, reason: entry.error } });
      continue;
    }
    if (!(await archiveKindOf(entry.path))) {
      hooks.onReading?.(entry.path, undefined);
      await settle(await analyzeOne(entry.path, options));
      continue;
    }
    const notes = await walkArchive(
      entry.path,
      async (member) => {
        if (options.isCancelled?.()) throw new AnalysisCancelled();
        if (!member.source) return settle({ unreadable: { path: member.path, reason: member.skipped ?? 'not read' } });
        hooks.onReading?.(member.path, member.size);
        await settle(await analyzeOne(member.path, options, observer.watch(member.path, member.source)));
      },
      { maxBundleBytes: options.maxBundleBytes },
    );
    for (const note of notes) await settle({ unreadable: note });
  }
  result.bundles = await observer.summaries();
  // findings that cite evidence in another of these files (a NetBackup job's two hosts, a VMSS run's SMlog)
  const correlated = await correlateAnalyses(result.files, options);
  if (correlated.changed.length || correlated.hints.length) await hooks.onCorrelated?.(correlated);
  return result;
}
