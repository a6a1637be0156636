import * as path from 'path';
import type { FileAnalysis } from './analyze';
import { formatById } from './formats';
import { isPartialTime } from './formats/syslogPrefix';
import { escapeMarkdown } from './markdown';
import type { RuleSet } from './rules/ruleSet';
import { loadRunbook } from './runbooks';
import type { Finding, Severity } from './types';
import type { BundleSummary } from './bundle/summary';
import { bundleSummaryLines } from './bundle/summary';
import { SEVERITIES } from './types';

export interface UnreadableFile {
  path: string;
  reason: string;
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

/**
 * The text an engineer pastes into the case: what was analysed, the findings by severity, and for
 * each root cause its evidence lines (as links), its fix and its runbook. Log text is escaped.
 */
export function triageReport(input: ReportInput): string {
  const { root, files, unreadable, rules } = input;
  const out: string[] = [];
  const all = files.flatMap((f) => f.findings.map((finding) => ({ file: f, finding })));
  const counts = new Map<Severity, number>(SEVERITIES.map((s) => [s, 0]));
  for (const { finding } of all) counts.set(finding.severity, counts.get(finding.severity)! + 1);

  out.push('# Log Triage report', '');
  out.push(
    `${files.length} file${files.length === 1 ? '' : 's'} analysed, ${files.reduce((n, f) => n + f.lines, 0)} lines, ` +
      `${all.length} finding${all.length === 1 ? '' : 's'}: ${SEVERITIES.map((s) => `${counts.get(s)} ${s}`).join(', ')}. ` +
      `Written ${input.now.toISOString().replace(/\.\d+Z$/, 'Z')}.`,
    '',
  );

  for (const bundle of input.bundles ?? []) {
    const [title, ...rest] = bundleSummaryLines({ ...bundle, path: path.relative(root, bundle.path) || path.basename(bundle.path) });
    out.push(`## ${escapeMarkdown(title.replace(/^bundle /, 'Bundle '))}`, '', ...rest.map((l) => `- ${escapeMarkdown(l.trim())}`), '');
  }
  out.push('## Files', '', '| file | family | lines | first record | last record | findings |', '|---|---|---:|---|---|---:|');
  for (const f of files) {
    const family = f.format ? (formatById(f.format)?.title ?? f.format) : 'not recognised';
    out.push(`| ${link(root, f.path)} | ${family} | ${f.lines} | ${when(f.firstTime)} | ${when(f.lastTime)} | ${f.findings.length} |`);
  }
  out.push('', 'Times are as each log wrote them: its own host clock and time zone.', '');

  // root cause = the runbook a rule points at; rules without one stand for themselves
  const causes = new Map<string, { title: string; items: { file: FileAnalysis; finding: Finding }[] }>();
  for (const item of all) {
    const runbook = item.finding.runbook ? loadRunbook(item.finding.runbook) : undefined;
    const key = runbook?.id ?? `rule:${item.finding.rule}`;
    const title = runbook?.title ?? rules.byId.get(item.finding.rule)?.title ?? item.finding.rule;
    const cause = causes.get(key) ?? { title, items: [] };
    cause.items.push(item);
    causes.set(key, cause);
  }
  const rank = (items: { finding: Finding }[]) => Math.min(...items.map((i) => SEVERITIES.indexOf(i.finding.severity)));
  const ordered = [...causes.entries()].sort((a, b) => rank(a[1].items) - rank(b[1].items) || b[1].items.length - a[1].items.length);

  out.push('## Root causes', '');
  if (ordered.length === 0) out.push('No known problem was found.', '');
  for (const [key, cause] of ordered) {
    out.push(`### ${cause.title}`, '');
    const ruleIds = [...new Set(cause.items.map((i) => i.finding.rule))];
    out.push(`Rules: ${ruleIds.map((id) => `\`${id}\``).join(', ')} — ${cause.items.length} finding${cause.items.length === 1 ? '' : 's'}.`, '');
    out.push('**Evidence**', '');
    const items = [...cause.items].sort((a, b) => SEVERITIES.indexOf(a.finding.severity) - SEVERITIES.indexOf(b.finding.severity));
    for (const { file, finding } of items.slice(0, EVIDENCE_PER_CAUSE)) {
      out.push(`- ${finding.severity}: ${link(root, file.path, finding.span.line + 1)} — ${escapeMarkdown(finding.message)}`);
    }
    if (items.length > EVIDENCE_PER_CAUSE) out.push(`- … and ${items.length - EVIDENCE_PER_CAUSE} more`);
    out.push('', '**Fix**', '');
    for (const id of ruleIds) {
      const rule = rules.byId.get(id);
      if (rule) out.push(`- \`${id}\`: ${rule.fix.replace(/[<>]/g, '\\$&')}`); // `<mover>` is a placeholder, not an HTML tag
    }
    const runbook = key.startsWith('rule:') ? undefined : loadRunbook(key);
    if (runbook?.resolutionCommands.length) {
      out.push('', '```sh', ...runbook.resolutionCommands, '```');
    }
    const sources = [...new Map(ruleIds.flatMap((id) => rules.byId.get(id)?.sources ?? []).map((s) => [s.title, s])).values()];
    if (sources.length) {
      out.push('', '**Sources**', '');
      for (const s of sources) out.push(`- ${s.title}${s.url ? ` — <${s.url}>` : ''}`);
    }
    out.push('');
  }

  if (unreadable.length) {
    out.push('## Not analysed', '');
    for (const u of unreadable) out.push(`- ${escapeMarkdown(path.relative(root, u.path) || u.path)}: ${escapeMarkdown(u.reason)}`);
    out.push('');
  }
  return out.join('\n');
}
