// The Log Triage Output channel's lines for an Analyze Folder run (no vscode import: unit-tested).
import { plainText } from '../../server/src/shared';
import type { AnalyzeFolderResult } from '../../server/src/protocol';

export const plural = (n: number, noun: string) => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;

/** The Output channel's lines of a run: one per file analysed, one per file left out (its reason says why once), warnings. */
export function outputLines(result: AnalyzeFolderResult): string[] {
  // file names and reasons hold log text: one line each, no control characters
  return [
    ...(result.analysed ?? []).map((f) => `analyzed ${f.path}: ${f.family ?? 'not recognised'}, ${plural(f.lines, 'line')}, ${plural(f.findings, 'finding')}`),
    ...result.unreadable.map((u) => `not analyzed ${u.path}: ${u.reason.replace(/,? skipped$/, '')}`),
    ...result.warnings.map((w) => `warning ${w.path}: ${w.message}`),
  ].map(plainText);
}
