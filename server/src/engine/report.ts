import type { BundleSummary } from './bundle/summary';
import { bundleSummaryLines } from './bundle/summary';
import * as path from 'path';
import type { FileAnalysis } from './analyze';
import { formatById } from './formats';
import { isPartialTime } from './formats/syslogPrefix';
import { escapeMarkdown } from './markdown';
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
}

const EVIDENCE_PER_CAUSE = 12;

/** A record time as the log wrote it (each log's own clock and zone); a year the log never said is left out. */
function when(ms: number | undefined): string {
  if (ms === undefined) return '—';
  const iso = new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
  return isPartialTime(ms) ? `${iso.slice(5)} (no year in log)` : iso;
}

function link(root: string, file: string, line?: number): string {
  const rel = path.relative(root, file) || path.basename(file);
  const target = rel.split(path.sep).map(encodeURIComponent).join('/') + (line ? `#L${line}` : '');
  return `[${escapeMarkdown(rel)}${line ? `:${line}` : ''}](${target})`;
}

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

  /** The markdown, line by line. */
  *lines(root: string, unreadable: readonly UnreadableFile[], now: Date, bundles: readonly BundleSummary[] = []): Generator<string> {
    const total = [...this.counts.values()].reduce((a, b) => a + b, 0);
    yield* ['# Log Triage report', ''];
    yield `${this.rows.length} file${this.rows.length === 1 ? '' : 's'} analysed, ${this.totalLines} lines, ` +
      `${total} finding${total === 1 ? '' : 's'}: ${SEVERITIES.map((s) => `${this.counts.get(s)} ${s}`).join(', ')}. ` +
      `Written ${now.toISOString().replace(/\.\d+Z$/, 'Z')}.`;
    for (const bundle of bundles) {
      const [title, ...rest] = bundleSummaryLines({ ...bundle, path: path.relative(root, bundle.path) || path.basename(bundle.path) });
      yield* ['', `## ${escapeMarkdown(title.replace(/^bundle /, 'Bundle '))}`, '', ...rest.map((l) => `- ${escapeMarkdown(l.trim())}`)];
    }
    yield* ['', '## Files', '', '| file | family | lines | first record | last record | findings |', '|---|---|---:|---|---|---:|'];
    for (const f of this.rows) {
      const family = f.format ? (formatById(f.format)?.title ?? f.format) : 'not recognised';
      yield `| ${link(root, f.path)} | ${family} | ${f.lines} | ${when(f.firstTime)} | ${when(f.lastTime)} | ${f.findings} |`;
    }
    yield* ['', 'Times are as each log wrote them: its own host clock and time zone.', ''];
    const ordered = [...this.causes.entries()].sort((a, b) => a[1].worst - b[1].worst || b[1].count - a[1].count);
    yield* ['## Root causes', ''];
    if (ordered.length === 0) yield* ['No known problem was found.', ''];
    for (const [key, cause] of ordered) yield* this.causeLines(root, key, cause);
    if (unreadable.length) {
      yield* ['## Not analysed', ''];
      for (const u of unreadable) yield `- ${escapeMarkdown(path.relative(root, u.path) || u.path)}: ${escapeMarkdown(u.reason)}`;
      yield '';
    }
  }

  private *causeLines(root: string, key: string, cause: Cause): Generator<string> {
    const ruleIds = [...cause.ruleIds];
    yield* [`### ${cause.title}`, ''];
    yield* [`Rules: ${ruleIds.map((id) => `\`${id}\``).join(', ')} — ${cause.count} finding${cause.count === 1 ? '' : 's'}.`, ''];
    yield* ['**Evidence**', ''];
    for (const { path: file, finding } of cause.evidence) {
      yield `- ${finding.severity}: ${link(root, file, finding.span.line + 1)} — ${escapeMarkdown(finding.message)}`;
    }
    if (cause.count > EVIDENCE_PER_CAUSE) yield `- … and ${cause.count - EVIDENCE_PER_CAUSE} more`;
    yield* ['', '**Fix**', ''];
    for (const id of ruleIds) {
      const rule = this.rules.byId.get(id);
      if (rule) yield `- \`${id}\`: ${rule.fix.replace(/[<>]/g, '\\$&')}`; // `<mover>` is a placeholder, not an HTML tag
    }
    const runbook = key.startsWith('rule:') ? undefined : loadRunbook(key);
    if (runbook?.resolutionCommands.length) yield* ['', '```sh', ...fillCommands(runbook.resolutionCommands, cause.values), '```'];
    const sources = [...new Map(ruleIds.flatMap((id) => this.rules.byId.get(id)?.sources ?? []).map((s) => [s.title, s])).values()];
    if (sources.length) {
      yield* ['', '**Sources**', ''];
      for (const s of sources) yield `- ${s.title}${s.url ? ` — <${s.url}>` : ''}`;
    }
    yield '';
  }
}

/**
 * The text an engineer pastes into the case: what was analysed, the findings by severity, and for
 * each root cause its evidence lines (as links), its fix and its runbook. Log text is escaped.
 */
export function triageReport(input: ReportInput): string {
  const builder = new TriageReportBuilder(input.rules);
  for (const f of input.files) builder.addFile(f);
  return [...builder.lines(input.root, input.unreadable, input.now, input.bundles)].join('\n');
}
