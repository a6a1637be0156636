import type { AnalyzeOptions, FileAnalysis } from './analyze';
import { AnalysisCancelled, analyzeFile } from './analyze';
import { LogInputError } from './io/readLog';
import type { ListedPath } from './io/listLogFiles';
import { listLogFiles } from './io/listLogFiles';
import type { ArchiveNote, LogSource, WalkOptions } from './io/archive/walk';
import { archiveKindOf, walkArchive } from './io/archive/walk';
import type { UnreadableFile } from './report';
import type { CorrelateOptions, CorrelationResult } from './correlate';
import { correlateAnalyses, readAheadForCorrelation, ReadAheadBudget } from './correlate';
import type { ArchiveSpill, SpillOptions } from './timeline/archiveSpill';
import type { ReadAgain } from './correlate/needs';
import { keepWhatCorrelationReads } from './correlate/needs';
import { KeptBytes } from './io/archive/keptBytes';
import { makeTempDir } from './io/tempDir';
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
  /** Called after each file, analyzed or not. */
  onFile?(result: FileOutcome, index: number): void | Promise<void>;
  /** Called after cross-file correlation when it related findings across files (`changed`) or found clocks disagreeing (`hints`). */
  onCorrelated?(result: CorrelationResult): void | Promise<void>;
}

export type FileOutcome = { analysis?: FileAnalysis; unreadable?: UnreadableFile };

/** The files to analyze for these inputs: the one place inputs are expanded (folders; archives are walked by analyzeArchive). */
export function listInputs(inputs: string[]): Promise<ListedPath[]> {
  return listLogFiles(inputs);
}

/**
 * One listed file (or archive member, with its `source` or the `textFile` a spill wrote of it)
 * analyzed, or the reason it was not: a bug met on one file costs that file only.
 */
export async function analyzeEntry(entry: ListedPath, options: AnalyzeOptions = {}, source?: LogSource, textFile?: string): Promise<FileOutcome> {
  if (entry.error) return { unreadable: { path: entry.path, reason: entry.error, ...(entry.skipped ? { skipped: true } : {}) } };
  try {
    return { analysis: await analyzeFile(entry.path, options, source, textFile) };
  } catch (e) {
    if (e instanceof AnalysisCancelled) throw e;
    if (e instanceof LogInputError) return { unreadable: { path: entry.path, reason: e.reason, ...(e.skipped ? { skipped: true } : {}) } };
    return { unreadable: { path: entry.path, reason: `analysis failed (${String((e as Error)?.message ?? e).split('\n')[0]})` } };
  }
}

/**
 * Every member of an archive (tar, compressed tar, zip, nested; io/archive) analyzed in one
 * streamed pass, never unpacked to disk; members not read and the archive's own problems
 * (truncated, the bundle cap) come as unreadable outcomes. With an analysis comes `again`, the
 * member's bytes once more (for readAheadForCorrelation), good until `onOutcome` returns.
 */
export async function analyzeArchive(
  path: string,
  options: AnalyzeOptions & WalkOptions,
  onOutcome: (outcome: FileOutcome, again?: ReadAgain) => void | Promise<void>,
  hooks: { onReading?(path: string, bytes: number | undefined): void; watch?(path: string, source: LogSource): LogSource } = {},
): Promise<void> {
  // a member too big to keep in memory is kept on disk, here, while its outcome is handled
  const keptDir = await makeTempDir('logtriage-kept-');
  try {
    const notes: ArchiveNote[] = await walkArchive(
      path,
      async (member) => {
        if (options.isCancelled?.()) throw new AnalysisCancelled();
        if (!member.source) return onOutcome({ unreadable: { path: member.path, reason: member.skipped ?? 'not read' } });
        hooks.onReading?.(member.path, member.size);
        // what the correlation reads of the member again is read from what is kept, not from a new walk
        const kept = new KeptBytes(member.source.compressed, keptDir.path);
        try {
          const source = KeptBytes.watch(hooks.watch ? hooks.watch(member.path, member.source) : member.source, kept);
          await onOutcome(await analyzeEntry({ path: member.path }, { ...options, onFormat: keepWhatCorrelationReads(kept) }, source), kept.again());
        } finally {
          kept.dispose();
        }
      },
      { maxBundleBytes: options.maxBundleBytes },
    );
    for (const note of notes) await onOutcome({ unreadable: note });
  } finally {
    await keptDir.remove();
  }
}

/**
 * An archive's members analyzed from the text `spill` wrote of them in its one walk of the archive
 * (a merged timeline then reads the same spill); what the correlation may read of them is read
 * there too, into `readAhead`. A member past the spill's cap is read from the archive.
 */
async function analyzeSpilled(
  archive: string,
  spill: ArchiveSpill,
  options: AnalyzeOptions & WalkOptions,
  onOutcome: (outcome: FileOutcome) => Promise<void>,
  readAhead: ReadAheadBudget,
  hooks: Pick<SpillOptions, 'onReading' | 'watch'>,
): Promise<void> {
  const members = await spill.spill(archive, { maxDecompressedBytes: options.maxDecompressedBytes, maxBundleBytes: options.maxBundleBytes, ...hooks });
  for (const member of members) {
    if (options.isCancelled?.()) throw new AnalysisCancelled();
    const text = member.error ? undefined : spill.textOf(member.path);
    const outcome = await analyzeEntry(member, options, undefined, text?.file);
    if (outcome.analysis && text) {
      // what the first read said (a truncated member) is said of the analysis, as when it reads the archive
      outcome.analysis.warnings.unshift(...text.warnings);
      const ahead = await readAheadForCorrelation(outcome.analysis, undefined, () => ({ textFile: text.file }));
      if (ahead) readAhead.admit(member.path, ahead);
    }
    await onOutcome(outcome);
  }
}

/**
 * Files, folders (recursively) and archives analyzed one after another, each streamed: an archive
 * in one pass (with `options.spill`, into the spill). A file or member that cannot be read is listed
 * with its reason and the others go on.
 */
export async function analyzePaths(inputs: string[], options: AnalyzeOptions & CorrelateOptions & WalkOptions & { spill?: ArchiveSpill } = {}, hooks: AnalyzePathsHooks = {}): Promise<PathsAnalysis> {
  const listed = await listInputs(inputs);
  hooks.onListed?.(listed.length);
  const result: PathsAnalysis = { files: [], unreadable: [], bundles: [] };
  const observer = new BundleObserver(inputs);
  let index = 0;
  const readAhead = new ReadAheadBudget();
  const settle = async (outcome: FileOutcome) => {
    if (outcome.analysis) result.files.push(outcome.analysis);
    if (outcome.unreadable) result.unreadable.push(outcome.unreadable);
    observer.add(outcome);
    await hooks.onFile?.(outcome, index++);
  };
  for (const entry of listed) {
    if (!entry.error && options.spill && (await archiveKindOf(entry.path))) {
      await analyzeSpilled(entry.path, options.spill, options, settle, readAhead, { onReading: hooks.onReading, watch: (p, s) => observer.watch(p, s) });
      continue;
    }
    if (!entry.error && (await archiveKindOf(entry.path))) {
      const withReadAhead = async (outcome: FileOutcome, again?: ReadAgain) => {
        const ahead = outcome.analysis && again && (await readAheadForCorrelation(outcome.analysis, undefined, again));
        if (ahead) readAhead.admit(outcome.analysis!.path, ahead);
        await settle(outcome);
      };
      await analyzeArchive(entry.path, options, withReadAhead, { onReading: hooks.onReading, watch: (p, s) => observer.watch(p, s) });
      continue;
    }
    if (!entry.error) hooks.onReading?.(entry.path, undefined);
    await settle(await analyzeEntry(entry, options));
  }
  result.bundles = await observer.summaries();
  // findings that cite evidence in another of these files (a NetBackup job's two hosts, a VMSS run's SMlog)
  const correlated = await correlateAnalyses(result.files, { ...options, readAhead: readAhead.kept });
  if (correlated.changed.length || correlated.hints.length) await hooks.onCorrelated?.(correlated);
  return result;
}
