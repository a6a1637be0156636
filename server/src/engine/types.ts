// The engine's vocabulary. Nothing here knows about VS Code or the LSP: positions are
// 0-based line numbers and character offsets inside that line, as the LSP also uses,
// so the server translates without arithmetic.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** Normalised record severity (what the log itself says), distinct from a finding's severity. */
export type RecordLevel = 'error' | 'warning' | 'info' | 'debug';

/** A span on one line: 0-based line, [start, end) character offsets. */
export interface LineSpan {
  line: number;
  start: number;
  end: number;
}

export interface Source {
  title: string;
  url?: string;
}

/** One parsed log line. Ranges are character offsets inside the line. */
export interface LogRecord {
  /** Wall-clock time in ms since the epoch, read as if it were UTC; see `timeZone`. */
  time?: number;
  /** 'UTC' when the log says so, 'local' when it is the logging host's unknown local time. */
  timeZone?: 'UTC' | 'local';
  thread?: string;
  level?: RecordLevel;
  /** The level exactly as written (e.g. "3" for a VNX syslog level). */
  levelText?: string;
  component?: string;
  timeRange?: [number, number];
  threadRange?: [number, number];
  levelRange?: [number, number];
  componentRange?: [number, number];
  messageRange: [number, number];
}

export interface RelatedEvidence {
  span: LineSpan;
  /** Another file's path when the evidence is not in the analyzed one. */
  path?: string;
  message: string;
  /** Set on the last entry of a capped list: how many more pieces of evidence it stands for. */
  more?: number;
}

export interface Finding {
  rule: string;
  severity: Severity;
  span: LineSpan;
  /** Last line of the evidence the finding covers (0-based); equals span.line for one-line findings. */
  endLine: number;
  /** Occurrences this finding stands for: 1, or more when repeats of its rule on its subject were counted into it. */
  count: number;
  /** Line of the last occurrence it stands for (0-based); span.line's own for a single finding. */
  lastLine: number;
  /** Times of the first and last occurrence of an aggregated finding (ms, wall clock read as UTC). */
  firstTime?: number;
  lastTime?: number;
  message: string;
  /** Short resolution, from the rule. */
  fix: string;
  related: RelatedEvidence[];
  /** Public article for the rule, when there is one. */
  href?: string;
  runbook?: string;
  /**
   * What the finding is about, by name, for its runbook's `{name}` placeholders: the rule's named
   * groups and enricher variables, over what the file's name gives (e.g. the VNX Data Mover).
   */
  values?: Readonly<Record<string, string>>;
  /** The thread or process of the finding's line, as its family parses it: what cross-file relations key on. */
  thread?: string;
}

/** A code found in a line and what it means (hover, `logtriage decode`). */
export interface Decoding {
  kind: string;
  /** The exact text of the code span. */
  text: string;
  start: number;
  end: number;
  /** One line, plain text. */
  summary: string;
  /** Further plain-text lines: meaning, typical cause, table source. */
  details: string[];
}
