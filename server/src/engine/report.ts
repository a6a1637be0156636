import type { BundleSummary } from './bundle/summary';
import * as path from 'path';
import type { FileAnalysis } from './analyze';
import { formatById } from './formats';
import { logClockTime } from './formats/syslogPrefix';
import type { FileCell, ReportFormat, ReportStyle } from './reportStyle';
import { reportStyle } from './reportStyle';
import type { RuleSet } from './rules/ruleSet';
import type { FindingValues } from './runbookValues';
import { commonValues, fillCommands } from './runbookValues';
import { loadRunbook } from './runbooks';
import type { Finding, Severity } from './types';
import { SEVERITIES } from './types';

export interface UnreadableFile {
  path: string;
  reason: string;
  /** Left out on purpose (binary, FIFO, device, link out of the folder): named, but not a failure. */
  skipped?: boolean;
}

export interface ReportInput {
  /** Folder the links in the report are relative to. */
  root: string;
  files: FileAnalysis[];
  unreadable: UnreadableFile[];
  rules: RuleSet;
  /** When the report was written (injected so tests are stable). */
  now: Date;
  /** What each folder or archive is as a whole (analyzePaths). */
  bundles?: BundleSummary[];
  format?: ReportFormat;
}

const EVIDENCE_PER_CAUSE = 12;

const when = logClockTime;

interface Cause {
  title: string;
  count: number;
  ruleIds: Set<string>;
  /** Most severe first, in order of arrival among equals; at most EVIDENCE_PER_CAUSE. */
  evidence: { path: string; finding: Finding }[];
  worst: number;
  /** The runbook values every finding so far agrees on (one Data Mover, one checkpoint); the rest stays <name>. */
  values?: FindingValues;
}

interface FileRow {
  path: string;
  format: string | null;
  lines: number;
  firstTime?: number;
  lastTime?: number;
  findings: number;
}

/**
 * The triage report built up file by file: it keeps per root cause its count and its dozen most
 * severe evidence lines, not every finding, so a run with a million findings costs no more memory.
 */
export class TriageReportBuilder {
  private readonly rows: FileRow[] = [];
  private readonly causes = new Map<string, Cause>();
  private totalLines = 0;
  private readonly counts = new Map<Severity, number>(SEVERITIES.map((s) => [s, 0]));

  constructor(private readonly rules: RuleSet) {}

  /** A file's row, and its findings (all of them unless some are to come later through addFindings). */
  addFile(file: FileAnalysis, findings: readonly Finding[] = file.findings): void {
    this.rows.push({ path: file.path, format: file.format, lines: file.lines, firstTime: file.firstTime, lastTime: file.lastTime, findings: file.findings.length });
    this.totalLines += file.lines;
    this.addFindings(file.path, findings);
  }

  addFindings(path: string, findings: readonly Finding[]): void {
    for (const finding of findings) {
      this.counts.set(finding.severity, this.counts.get(finding.severity)! + 1);
      // root cause = the runbook a rule points at; rules without one stand for themselves
      const runbook = finding.runbook ? loadRunbook(finding.runbook) : undefined;
      const key = runbook?.id ?? `rule:${finding.rule}`;
      let cause = this.causes.get(key);
      if (!cause) {
        cause = { title: runbook?.title ?? this.rules.byId.get(finding.rule)?.title ?? finding.rule, count: 0, ruleIds: new Set(), evidence: [], worst: SEVERITIES.length };
        this.causes.set(key, cause);
      }
      cause.count++;
      cause.ruleIds.add(finding.rule);
      cause.values = cause.values ? commonValues([cause.values, finding.values ?? {}]) : (finding.values ?? {});
      const rank = SEVERITIES.indexOf(finding.severity);
      cause.worst = Math.min(cause.worst, rank);
      if (cause.evidence.length === EVIDENCE_PER_CAUSE && rank >= SEVERITIES.indexOf(cause.evidence[EVIDENCE_PER_CAUSE - 1].finding.severity)) continue;
      let at = cause.evidence.length;
      while (at > 0 && SEVERITIES.indexOf(cause.evidence[at - 1].finding.severity) > rank) at--;
      cause.evidence.splice(at, 0, { path, finding });
      if (cause.evidence.length > EVIDENCE_PER_CAUSE) cause.evidence.pop();
    }
  }

  /** The report, line by line, as markdown or as plain text. */
  *lines(root: string, unreadable: readonly UnreadableFile[], now: Date, bundles: readonly BundleSummary[] = [], format: ReportFormat = 'markdown'): Generator<string> {
    const style = reportStyle(format);
    const cell = (file: string, line?: number): FileCell => ({ path: file, label: path.relative(root, file) || path.basename(file), line });
    const total = [...this.counts.values()].reduce((a, b) => a + b, 0);
    yield* style.heading(1, 'Log Triage report');
    yield (
      `${plural(this.rows.length, 'file')} analyzed, ${plural(this.totalLines, 'line')}, ` +
      `${plural(total, 'finding')}: ${SEVERITIES.map((s) => (s === 'information' ? `${this.counts.get(s)} ${s}` : plural(this.counts.get(s)!, s))).join(', ')}. ` +
      `Written ${now.toISOString().replace(/\.\d+Z$/, 'Z')}.`
    );
    yield '';
    for (const bundle of bundles) yield* bundleLines(style, bundle, cell(bundle.path).label);
    yield* style.heading(2, 'Files');
    const rows = this.rows.map((f) => [style.file(cell(f.path)), f.format ? (formatById(f.format)?.title ?? f.format) : 'not recognised', String(f.lines), when(f.firstTime), when(f.lastTime), String(f.findings)]);
    yield* style.table([['file', 'family', 'lines', 'first record', 'last record', 'findings'], ...rows], [2, 5]);
    yield* ['', `Times are as each log wrote them: its own host clock and time zone. Paths are relative to ${style.name(root)}.`, ''];
    const ordered = [...this.causes.entries()].sort((a, b) => a[1].worst - b[1].worst || b[1].count - a[1].count);
    yield* style.heading(2, 'Root causes');
    if (ordered.length === 0) yield* ['No known problem was found.', ''];
    for (const [key, cause] of ordered) yield* this.causeLines(style, cell, key, cause);
    if (unreadable.length) {
      yield* style.heading(2, 'Not analyzed');
      for (const u of unreadable) yield `- ${style.file(cell(u.path))}: ${style.text(u.reason)}`;
      yield '';
    }
  }

  private *causeLines(style: ReportStyle, cell: (file: string, line?: number) => FileCell, key: string, cause: Cause): Generator<string> {
    const ruleIds = [...cause.ruleIds];
    yield* style.heading(3, cause.title);
    yield* [`Rules: ${ruleIds.map((id) => style.name(id)).join(', ')} — ${plural(cause.count, 'finding')}.`, ''];
    yield* [style.label('Evidence'), ''];
    for (const { path: file, finding } of cause.evidence) {
      yield `- ${finding.severity}: ${style.file(cell(file, finding.span.line + 1))} — ${style.text(finding.message)}`;
    }
    if (cause.count > EVIDENCE_PER_CAUSE) yield `- … and ${cause.count - EVIDENCE_PER_CAUSE} more`;
    yield* ['', style.label('Fix'), ''];
    for (const id of ruleIds) {
      const rule = this.rules.byId.get(id);
      if (rule) yield `- ${style.name(id)}: ${style.prose(rule.fix)}`;
    }
    const runbook = key.startsWith('rule:') ? undefined : loadRunbook(key);
    if (runbook?.resolutionCommands.length) yield* ['', ...style.commands(fillCommands(runbook.resolutionCommands, cause.values))];
    // only public articles: a source without an http(s) address is no use to the reader of a case
    const sources = [
      ...new Map(
        ruleIds
          .flatMap((id) => this.rules.byId.get(id)?.sources ?? [])
          .filter((s) => s.url && /^https?:\/\//.test(s.url))
          .map((s) => [s.url, s]),
      ).values(),
    ];
    if (sources.length) {
      yield* ['', style.label('Sources'), ''];
      for (const s of sources) yield `- ${style.source(s.title, s.url!)}`;
    }
    yield '';
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The bundle summary at the top of the report: what the case's bundle is, before what was found in it. */
function bundleLines(style: ReportStyle, b: BundleSummary, label: string): string[] {
  const skipped = b.skipped.reduce((n, s) => n + s.count, 0);
  const out = [...style.heading(2, 'Bundle'), `- ${style.label('Bundle')} ${style.name(label)}: ${b.layouts.length ? b.layouts.join(', ') : 'no known bundle layout'}`];
  if (b.product) out.push(`- ${style.label('Product')} ${style.text(`${b.product}${b.version ? ` ${b.version}` : ''}`)}`);
  if (b.hosts.length) out.push(`- ${style.label('Hosts')} ${b.hosts.map((h) => style.name(h)).join(', ')}`);
  out.push(`- ${style.label('Time range')} ${when(b.firstTime)} to ${when(b.lastTime)} (each log's own clock)`);
  out.push(`- ${style.label('Files')} ${b.analysed} analyzed, ${b.recognised} recognised, ${skipped} skipped${skipped ? ` (${b.skipped.map((s) => `${s.count} ${style.text(s.reason)}`).join('; ')})` : ''}`);
  return [...out, ''];
}

/**
 * The text an engineer pastes into the case: the bundle, what was analysed, the findings by severity,
 * and for each root cause its evidence lines (as file links in markdown), its fix, its commands and
 * its public sources. Log text stays inert (code spans in markdown, neutralised characters in both).
 */
export function triageReport(input: ReportInput): string {
  const builder = new TriageReportBuilder(input.rules);
  for (const f of input.files) builder.addFile(f);
  return [...builder.lines(input.root, input.unreadable, input.now, input.bundles, input.format)].join('\n');
}
