// What each correlator reads of a file in its second pass, by kind, and which of them a file may be
// asked for judged by its own family and findings alone: of an archive member, whose bytes are at
// hand only while it is analysed, those lines are read at once (readAheadForCorrelation) and the
// correlation afterwards replays them instead of walking the archive again to the member.
import type { FileAnalysis } from '../analyze';
import { readsSocketLines, socketLinesMayBeRead, socketLinesNeed } from './netbackup';
import { FORMATS } from '../formats';
import type { YearEvidence } from '../timeline/yearEvidence';
import { readYearEvidence } from '../timeline/yearEvidence';
import type { CollectCaps, CollectedLines, ReadFrom, ScanNeed } from './scan';
import { collectLines } from './scan';
import type { ScanKind } from './types';
import { evidenceLinesNeed, EVIDENCE_FORMATS, readsRunLines, runLinesMayBeRead, runLinesNeed } from './vmss';

export const SCAN_NEEDS: Readonly<Record<ScanKind, (analysis: FileAnalysis) => ScanNeed>> = {
  'nbu-sockets': socketLinesNeed,
  'vmss-runs': runLinesNeed,
  'vmss-evidence': evidenceLinesNeed,
};

/** The scans the correlation may ask of this file (it asks them when the bundle holds the other side too). */
export function scansMayWant(analysis: FileAnalysis): ScanKind[] {
  const kinds: ScanKind[] = [];
  if (readsSocketLines(analysis)) kinds.push('nbu-sockets');
  if (readsRunLines(analysis)) kinds.push('vmss-runs');
  if (EVIDENCE_FORMATS.has(analysis.format ?? '')) kinds.push('vmss-evidence');
  return kinds;
}

/**
 * Whether the correlation may ask a scan of a file of this family (scansMayWant decides by its
 * findings); of any other file it reads at most the head, for the year.
 */
export function familyMayBeScanned(format: string | null): boolean {
  return socketLinesMayBeRead(format) || runLinesMayBeRead(format) || EVIDENCE_FORMATS.has(format ?? '');
}

/**
 * The analysis's `onFormat` for an archive member whose bytes are kept for the read-ahead
 * (io/archive/keptBytes.ts): of a family no relation scans, only the head is kept.
 */
export function keepWhatCorrelationReads(kept: { keepHeadOnly(): void }): (format: string | null) => void {
  return (format) => {
    if (!familyMayBeScanned(format)) kept.keepHeadOnly();
  };
}

/** Families whose stamps may lack a year (syslog's; '' for files no family claims, read like the timeline does). */
export const YEARLESS_FAMILIES = new Set(['', ...FORMATS.filter((f) => f.yearlessStamps).map((f) => f.id)]);

/** What the correlation may read of a file, read ahead (see CorrelateOptions.readAhead): serialisable. */
export interface ReadAhead {
  /** The file's lines for each scan the correlation may ask of it. */
  scans: Partial<Record<ScanKind, CollectedLines>>;
  /** A year-less log's evidence of the bundle's year (timeline/yearEvidence.ts). */
  yearEvidence?: YearEvidence;
}

/**
 * Where a file's text is when it is read again and not at its path (an archive member's bytes a
 * worker kept, the text a timeline's spill wrote of it): for the whole file, or only its head (all
 * a year's evidence reads). Undefined: that part was not kept, and the correlation reads the file itself.
 */
export type ReadAgain = (part: 'whole' | 'head') => ReadFrom | undefined;

/** Reads ahead what the correlation may ask of an analysed file; nothing for most files, nor when `from` kept too little of it. */
export async function readAheadForCorrelation(analysis: FileAnalysis, caps?: CollectCaps, from?: ReadAgain): Promise<ReadAhead | undefined> {
  const kinds = scansMayWant(analysis);
  const yearless = YEARLESS_FAMILIES.has(analysis.format ?? '');
  if (!kinds.length && !yearless) return undefined;
  if (from && !from(kinds.length ? 'whole' : 'head')) return undefined;
  const out: ReadAhead = { scans: {} };
  for (const kind of kinds) out.scans[kind] = await collectLines(analysis.path, analysis.format, SCAN_NEEDS[kind](analysis), caps, from?.('whole'));
  if (yearless) out.yearEvidence = await readYearEvidence(analysis.path, analysis.format, from?.('head'));
  return out;
}

/** Most bytes (roughly) of read-ahead lines kept for one correlation, over all files. */
export const READ_AHEAD_BUDGET_BYTES = 64 * 1024 * 1024;

/**
 * Keeps what the workers read ahead while the total stays within a budget: each file's read-ahead
 * is capped (COLLECT_CAPS), but a bundle of many files would add them up without bound. A file past
 * the budget is left out, and the correlation reads it again itself, as before read-ahead.
 */
export class ReadAheadBudget {
  readonly kept = new Map<string, ReadAhead>();
  private used = 0;

  constructor(private readonly budget = READ_AHEAD_BUDGET_BYTES) {}

  /** Keeps `ahead` for `path` when it fits; false when it was left out. */
  admit(path: string, ahead: ReadAhead): boolean {
    const size = readAheadBytes(ahead);
    if (this.used + size > this.budget) return false;
    this.used += size;
    this.kept.set(path, ahead);
    return true;
  }
}

/** A rough size in memory: eight number columns per line, two bytes per character of text and values. */
export function readAheadBytes(ahead: ReadAhead): number {
  let bytes = 0;
  for (const lines of Object.values(ahead.scans)) {
    if (!lines) continue;
    bytes += lines.line.length * 8 * 8;
    for (const t of lines.text) bytes += 2 * t.length;
    for (const v of lines.values) bytes += 2 * v.length;
  }
  return bytes;
}
