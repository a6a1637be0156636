// Cross-file correlation: findings that cite evidence in another file (RelatedEvidence.path), after
// each file was analyzed on its own. Each correlator re-reads only the few files it needs, streaming,
// and compares times on one clock: the timeline's year/day resolution plus the per-file offsets.
import type { FileAnalysis } from '../analyze';
import type { ClockOffsetRule } from '../timeline/offsets';
import { offsetFor } from '../timeline/offsets';
import { sourceTags } from '../timeline/tags';
import { readYearEvidence, yearShift } from '../timeline/yearEvidence';
import type { Finding, LineSpan } from '../types';
import { CLIENT_RULES, correlateNetBackup, MEDIA_RULES, TIMEOUT_RULE } from './netbackup';
import type { ReadAhead } from './needs';
import { SCAN_NEEDS, YEARLESS_FAMILIES } from './needs';
import { replayLines, scanLines } from './scan';
import type { ClockHint, CorrelatedFile, CorrelationContext, CrossFileLink } from './types';
import { correlateVmss, EVIDENCE_FORMATS, FAILED_RULE } from './vmss';

export type { ClockHint, CrossFileLink } from './types';
export type { ReadAhead } from './needs';
export { readAheadForCorrelation, ReadAheadBudget } from './needs';

export interface CorrelateOptions {
  /** Per-file clock offsets, as for the timeline (tags are computed over the same files). */
  clockOffsets?: readonly ClockOffsetRule[];
  /** Year of the first line of year-less logs; else each file's. */
  year?: number;
  isCancelled?: () => boolean;
  /**
   * What the workers that analysed the files read ahead of them (readAheadForCorrelation), by path:
   * used instead of reading those files again. A file without it, or whose lines passed the caps, is read.
   */
  readAhead?: ReadonlyMap<string, ReadAhead>;
}

export interface CorrelationResult {
  links: CrossFileLink[];
  hints: ClockHint[];
  /** Files whose findings gained related evidence or a longer message. */
  changed: FileAnalysis[];
}

/**
 * Whether cross-file correlation may read or change this finding (its related lines, its message).
 * A caller that streams results keeps only these for correlateAnalyses, so memory does not grow
 * with the findings of the other rules.
 */
export function correlationMayUse(format: string | null, finding: Finding): boolean {
  return finding.rule === TIMEOUT_RULE || MEDIA_RULES.has(finding.rule) || CLIENT_RULES.has(finding.rule) || finding.rule === FAILED_RULE || EVIDENCE_FORMATS.has(format ?? '');
}

/** Relates findings across the analyzed files; mutates their `related` and messages. */
export async function correlateAnalyses(analyses: readonly FileAnalysis[], options: CorrelateOptions = {}): Promise<CorrelationResult> {
  const result: CorrelationResult = { links: [], hints: [], changed: [] };
  if (analyses.length < 2) return result;
  const tags = sourceTags(analyses.map((a) => a.path));
  const files: CorrelatedFile[] = analyses.map((analysis, i) => ({ analysis, tag: tags[i], offsetMs: offsetFor(analysis.path, tags[i], options.clockOffsets ?? []) }));
  const changed = new Set<FileAnalysis>();
  // one bundle, one year, as on the timeline: read (the heads of the year-less logs) only once a
  // correlator scans a year-less log
  let shift: Promise<number> | undefined;
  const yearless = analyses.filter((a) => YEARLESS_FAMILIES.has(a.format ?? ''));
  const bundleShift = (file: CorrelatedFile) =>
    options.year !== undefined || !YEARLESS_FAMILIES.has(file.analysis.format ?? '')
      ? Promise.resolve(0)
      : (shift ??= Promise.all(yearless.map((a) => options.readAhead?.get(a.path)?.yearEvidence ?? readYearEvidence(a.path, a.format))).then(yearShift));
  const ctx: CorrelationContext = {
    files,
    scan: async (file, kind, onLine) => {
      const { path, format } = file.analysis;
      const scanOptions = { offsetMs: file.offsetMs, year: options.year, yearShift: await bundleShift(file), isCancelled: options.isCancelled };
      const ahead = options.readAhead?.get(path)?.scans[kind];
      if (ahead?.complete) replayLines(path, format, ahead, scanOptions, onLine);
      else await scanLines(path, format, scanOptions, SCAN_NEEDS[kind](file.analysis), onLine);
    },
    relate(file: CorrelatedFile, finding: Finding, other: CorrelatedFile, span: LineSpan, message: string, kind: string, otherRule?: string) {
      const path = other.analysis.path;
      if (finding.related.some((r) => r.path === path && r.span.line === span.line)) return;
      finding.related.push({ span, path, message });
      changed.add(file.analysis);
      result.links.push({ kind, from: { path: file.analysis.path, line: finding.span.line, rule: finding.rule }, to: { path, line: span.line, rule: otherRule }, message });
    },
    hint(h: ClockHint) {
      if (!result.hints.some((x) => x.path === h.path && x.reference === h.reference)) result.hints.push(h);
    },
  };
  await correlateNetBackup(ctx);
  await correlateVmss(ctx);
  result.changed = [...changed];
  return result;
}
