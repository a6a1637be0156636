// What the analysis pool's main thread and its workers say to each other, and the work both sides share.
import type { FileOutcome, ListedPath, LogSource } from '../engine';
import { analyzeEntry } from '../engine';
import type { ReadAhead } from '../engine/correlate';
import { readAheadForCorrelation } from '../engine/correlate';
import type { ReadAgain } from '../engine/correlate/needs';
import type { Selection } from './selection';
import { selectFindings } from './selection';

export const WORKER_ROLE = 'logtriage-analyze-worker';

export type Job =
  | { kind: 'file'; id: number; entry: ListedPath }
  /** A member's bytes follow as `bytes` messages, then `end` (with the error that cut them short, if one did). */
  | { kind: 'member'; id: number; path: string; compressed: boolean; mtime?: number; keptDir: string }
  | { kind: 'bytes'; id: number; bytes: Uint8Array }
  | { kind: 'end'; id: number; error?: string };

export type Reply = { kind: 'done'; id: number; outcome?: PooledOutcome; error?: string } | { kind: 'took'; id: number; bytes: number };

/** A file's outcome, with the lines the cross-file correlation may read of it when a worker read them ahead. */
export type PooledOutcome = FileOutcome & { readAhead?: ReadAhead };

export async function analyzeSelected(entry: ListedPath, selection: Selection, source?: LogSource, onFormat?: (format: string | null) => void): Promise<FileOutcome> {
  const outcome = await analyzeEntry(entry, onFormat ? { ...selection.options, onFormat } : selection.options, source);
  return outcome.analysis ? { analysis: selectFindings(outcome.analysis, selection) } : outcome;
}

/**
 * An archive member's outcome with what the cross-file correlation may read of it, read from the
 * member's kept bytes: later, the correlation would walk the archive again to reach it. A plain
 * file is not read ahead: the correlation's own look at the few files a relation wants (a literal
 * search) costs less than reading ahead every file one might want (a folder of 15 logs: 0.89-0.91×
 * the CPU without it, the same wall time).
 */
export async function withReadAhead(outcome: FileOutcome, again: ReadAgain): Promise<PooledOutcome> {
  if (!outcome.analysis) return outcome;
  return { ...outcome, readAhead: await readAheadForCorrelation(outcome.analysis, undefined, again) };
}

export function oneLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}
