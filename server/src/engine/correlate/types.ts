import type { FileAnalysis } from '../analyze';
import type { Finding, LineSpan } from '../types';
import type { ScannedLine } from './scan';

/** What a correlator reads of a file in its second pass (needs.ts). */
export type ScanKind = 'nbu-sockets' | 'vmss-runs' | 'vmss-evidence';

/** One analyzed file as the correlators see it. */
export interface CorrelatedFile {
  analysis: FileAnalysis;
  /** Short name for messages ("client/vnetd"), the same as the timeline's tag. */
  tag: string;
  offsetMs: number;
}

/** A relation found between two files, for reports and tests. */
export interface CrossFileLink {
  kind: string;
  from: { path: string; line: number; rule?: string };
  to: { path: string; line: number; rule?: string };
  message: string;
}

/** Evidence that two files' clocks disagree, with the offset that would reconcile them. */
export interface ClockHint {
  /** The file whose clock looks off, and the one it was compared with. */
  path: string;
  reference: string;
  /** At least this much ahead (positive) or behind (negative) of the reference. */
  skewMs: number;
  /** The clock offset for `path` that would reconcile them (ms, whole seconds). */
  suggestedOffsetMs: number;
  message: string;
}

export interface CorrelationContext {
  files: CorrelatedFile[];
  /** The lines of `file` that the correlator's need of this kind wants (needs.ts), in order, their times placed. */
  scan(file: CorrelatedFile, kind: ScanKind, onLine: (l: ScannedLine) => void): Promise<void>;
  /** Records that `finding` (in `file`) points at evidence in `other`; marks the file changed. */
  relate(file: CorrelatedFile, finding: Finding, other: CorrelatedFile, span: LineSpan, message: string, kind: string, otherRule?: string): void;
  hint(h: ClockHint): void;
}

/** "client/vnetd line 8": where evidence is, for a message. */
export function where(file: CorrelatedFile, line: number): string {
  return `${file.tag} line ${line + 1}`;
}
