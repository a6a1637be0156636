// Messages between the client and the server beyond the LSP itself, declared as typed messages
// (a method name with its parameter and result types). Both sides import this file, so neither a
// name nor a shape can drift between them. No vscode import here.
import { NotificationType, RequestType } from 'vscode-jsonrpc';
import type { BundleSummary } from './engine/bundle/summary';

/** Sent by the client in `initializationOptions`. */
export interface InitializationOptions {
  /** VS Code workspace trust: custom rules (code from the workspace) only run when trusted. */
  trusted: boolean;
}

/** Client → server: the workspace became trusted (trust is never revoked without a reload). */
export const TRUST_CHANGED_NOTIFICATION = new NotificationType<TrustChangedParams>('logtriage/trustChanged');
export interface TrustChangedParams {
  trusted: boolean;
}

/** Commands the server puts into code actions; the client registers them. */
export const COMMANDS = {
  openRunbook: 'logtriage.openRunbook',
  openArticle: 'logtriage.openArticle',
  copyResolution: 'logtriage.copyResolution',
  disableRule: 'logtriage.disableRule',
} as const;

/** Arguments of `logtriage.openRunbook`. */
export interface OpenRunbookArgs {
  runbook: string;
  /** The finding's values: the view shows the runbook's commands filled with them. */
  values?: Record<string, string>;
}

/** Virtual documents for a runbook filled with one finding's values: `logtriage-runbook:/<id>.md?<values as JSON>`. */
export const RUNBOOK_SCHEME = 'logtriage-runbook';

/** Client → server request: analyse files and folders from disk (streaming, any size, .gz too). */
export const ANALYZE_FOLDER_REQUEST = new RequestType<AnalyzeFolderParams, AnalyzeFolderResult, void>('logtriage/analyzeFolder');
export interface AnalyzeFolderParams {
  paths: string[];
}
export interface AnalyzeFolderResult {
  /** One per folder or archive analysed: layout, product, hosts, time range, counts (engine/bundle/summary.ts). */
  bundles?: BundleSummary[];
  files: number;
  findings: number;
  unreadable: { path: string; reason: string }[];
  warnings: { path: string; message: string }[];
  cancelled: boolean;
}

/** Server → client notification during a folder analysis. */
export const ANALYZE_PROGRESS_NOTIFICATION = new NotificationType<AnalyzeProgressParams>('logtriage/analyzeProgress');
export interface AnalyzeProgressParams {
  done: number;
  total: number;
  path: string;
  /** Set while a file or archive member is being read (`path` names it), with its size when known. */
  reading?: boolean;
  bytes?: number;
}

/** Server → client: the findings of one file, for the Findings view (sent whenever they change). */
export const FINDINGS_NOTIFICATION = new NotificationType<FindingsParams>('logtriage/findings');
export interface FindingSummary {
  rule: string;
  title: string;
  /** The root cause: the runbook id and title, or the rule itself when it has no runbook. */
  cause: string;
  causeTitle: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  line: number;
  character: number;
  message: string;
  /** Occurrences an aggregated finding stands for (absent for one), its last line and times, and a few example lines (0-based). */
  count?: number;
  lastLine?: number;
  firstTime?: number;
  lastTime?: number;
  examples?: number[];
}
/** Findings of one root cause left out of a file's shown findings (the cap of logtriage.maxDiagnosticsPerFile). */
export interface OmittedCause {
  cause: string;
  causeTitle: string;
  severity: FindingSummary['severity'];
  count: number;
}
export interface FindingsParams {
  uri: string;
  format: string | null;
  /** The family's name as people say it (`VMware ESX vmkernel log`). */
  formatTitle?: string;
  /** At most logtriage.maxDiagnosticsPerFile of them, the most severe first kept (as the diagnostics). */
  findings: FindingSummary[];
  /** How many findings of the file were left out by that cap (the command line lists them all). */
  omitted: number;
  /** The same, per root cause (absent when none were left out). */
  omittedByCause?: OmittedCause[];
}

/** Client → server request: the triage report (markdown) of files and folders. */
export const REPORT_REQUEST = new RequestType<ReportParams, ReportResult, void>('logtriage/report');
export interface ReportParams {
  paths: string[];
}
export interface ReportResult {
  markdown: string;
}

/** Virtual documents for compressed logs: `logtriage-gz:/abs/path/to/file.gz`. */
export const GZ_SCHEME = 'logtriage-gz';

/** Archive members as read-only documents and workspace folders: the path is `archive!/member` (engine/io/archive/memberPath.ts). */
export const BUNDLE_SCHEME = 'logtriage-bundle';

/** A read-only window of a log too large for the editor, served from disk: the path is the file's, `?line=N` the line (1-based) it is centred on. */
export const WINDOW_SCHEME = 'logtriage-window';

/** Server → client: a plain-text or `log` document's content is one of our families. */
export const DETECTED_FORMAT_NOTIFICATION = new NotificationType<DetectedFormatParams>('logtriage/detectedFormat');
export interface DetectedFormatParams {
  uri: string;
  format: string;
}

/** Virtual documents for merged timelines: `logtriage-timeline:/Timeline of 3 files.log?<query>`. */
export const TIMELINE_SCHEME = 'logtriage-timeline';

/** Client → server request: the merged timeline of files and folders, the text of a timeline document. */
export const TIMELINE_REQUEST = new RequestType<TimelineParams, TimelineResult, void>('logtriage/timeline');
export interface TimelineParams {
  /** The timeline document's URI: the server publishes its diagnostics and answers its hovers. */
  uri: string;
  paths: string[];
  /** Clock offsets, tag / path / glob → seconds (setting logtriage.timeline.offsets); the first match applies. */
  offsets?: Record<string, number>;
  /** Idle seconds that earn a gap marker; 0 for none. */
  gapSeconds?: number;
  /** Year of the first line of year-less logs (setting logtriage.timeline.year). */
  year?: number;
  /** Days of time-of-day logs whose names give none, tag / path / glob → YYYY-MM-DD (setting logtriage.timeline.dates). */
  dates?: Record<string, string>;
  /** Bounds as `logtriage timeline --from/--to` reads them. */
  from?: string;
  to?: string;
}
export interface TimelineFile {
  path: string;
  tag: string;
  format: string | null;
  offsetSeconds: number;
  /** How its times were placed. */
  basis?: string;
  /** Why its lines are not on the timeline. */
  notPlaced?: string;
  error?: string;
  records: number;
  /** Its day is a guess (the file's modification time) or unknown: the engineer may give it (logtriage.timeline.dates). */
  dayUncertain?: boolean;
}
export interface TimelineResult {
  text: string;
  files: TimelineFile[];
  /** Per line of `text`: index in `files` of the line's source, -1 for gap markers and notes. */
  lineFiles: number[];
  /** Per line of `text`: the 0-based line in that file, -1 when none. */
  lineNumbers: number[];
  unreadable: { path: string; reason: string }[];
  /** Clocks that disagree, found while relating the files, each with an offset to try for one file. */
  hints: { message: string; tag: string; offsetSeconds: number }[];
  /** Findings related across files. */
  links: number;
  /** The text stopped at the size limit (narrow it with from/to). */
  truncated: boolean;
  cancelled: boolean;
}
