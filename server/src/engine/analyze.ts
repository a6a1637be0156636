import type { LogFormat } from './formats';
import { detectFormat, formatById } from './formats';
import { builtInRules } from './knowledge';
import { RuleSet } from './rules/ruleSet';
import type { LineMatch } from './rules/signatureMatcher';
import { fillTemplate } from './rules/template';
import type { Finding, Severity } from './types';
import { readLogChunks } from './io/readLog';

export interface AnalyzeOptions {
  /** Rules in force; the built-in set when absent. */
  rules?: RuleSet;
  /** Rule id → severity, from settings. */
  severityOverrides?: Readonly<Record<string, Severity>>;
  /** Skip detection and use this family (e.g. the document's language id). */
  format?: string | null;
}

export interface FileAnalysis {
  path: string;
  format: string | null;
  findings: Finding[];
  /** Number of lines seen (a last line without a line break counts). */
  lines: number;
  /** Problems with the input that did not stop the analysis (e.g. a truncated gzip). */
  warnings: string[];
}

let defaultRules: RuleSet | undefined;
export function builtInRuleSet(): RuleSet {
  return (defaultRules ??= new RuleSet(builtInRules()));
}

interface PendingFinding {
  finding: Finding;
  vars: Record<string, string | undefined>;
  time?: number;
}

/** Bytes of text used to recognise the family before scanning starts. */
export const DETECTION_HEAD = 64 * 1024;

/**
 * Runs the rules over a log fed in pieces of any size (cut anywhere, even inside a line).
 * Keeps only the unfinished last line and the findings, so memory does not grow with the log.
 */
export class LogScanner {
  private readonly rules: RuleSet;
  private readonly matcher;
  private readonly pending: PendingFinding[] = [];
  private carry: string[] = [];
  private lineNo = 0;

  constructor(
    readonly format: LogFormat | undefined,
    private readonly options: AnalyzeOptions = {},
  ) {
    this.rules = options.rules ?? builtInRuleSet();
    this.matcher = this.rules.matcherFor(format?.id ?? null);
  }

  push(text: string): void {
    if (!text) return;
    const cut = text.lastIndexOf('\n');
    if (cut < 0) {
      this.carry.push(text);
      return;
    }
    this.carry.push(text.slice(0, cut + 1));
    const complete = this.carry.join('');
    this.carry = cut + 1 < text.length ? [text.slice(cut + 1)] : [];
    this.scan(complete);
  }

  end(): { findings: Finding[]; lines: number } {
    const rest = this.carry.join('');
    this.carry = [];
    if (rest) {
      this.scan(rest);
      this.lineNo++; // the last line has no line break
    }
    return { findings: this.finish(), lines: this.lineNo };
  }

  private scan(text: string): void {
    this.lineNo += this.matcher.scan(text, this.lineNo, (line, lineNo, matches) => this.onMatch(line, lineNo, matches));
  }

  private onMatch(line: string, lineNo: number, matches: LineMatch[]): void {
    const record = this.format?.parse(line);
    for (const { rule, match } of matches) {
      const def = rule.def;
      this.pending.push({
        finding: {
          rule: def.id,
          severity: this.options.severityOverrides?.[def.id] ?? def.severity,
          span: { line: lineNo, start: match.index, end: match.index + match[0].length },
          endLine: lineNo,
          message: '',
          fix: def.fix,
          related: [],
          href: def.sources.find((s) => s.url)?.url,
          runbook: def.runbook,
        },
        vars: { ...match.groups },
        time: record?.time,
      });
    }
  }

  /** Relations between findings of one file (`after`), then the messages. */
  private finish(): Finding[] {
    const out: Finding[] = [];
    for (let i = 0; i < this.pending.length; i++) {
      const p = this.pending[i];
      const def = this.rules.byId.get(p.finding.rule)!;
      let message = fillTemplate(def.message, p.vars);
      if (def.after) {
        const cause = this.closestEarlier(i, def.after.rule, def.after.withinSeconds);
        if (cause) {
          p.finding.related.push({ span: cause.finding.span, message: def.after.label });
          const waited = p.time !== undefined && cause.time !== undefined ? p.time - cause.time : undefined;
          const how = waited !== undefined ? `waited ${formatDuration(waited)}` : 'waited';
          message += ` (${how} since line ${cause.finding.span.line + 1})`;
        }
      }
      p.finding.message = message;
      out.push(p.finding);
    }
    return out;
  }

  private closestEarlier(index: number, rule: string, withinSeconds: number): PendingFinding | undefined {
    const t = this.pending[index].time;
    for (let j = index - 1; j >= 0; j--) {
      const q = this.pending[j];
      if (q.finding.rule !== rule) continue;
      if (t !== undefined && q.time !== undefined && t - q.time > withinSeconds * 1000) return undefined;
      return q;
    }
    return undefined;
  }
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

function resolveFormat(path: string, head: string, options: AnalyzeOptions): LogFormat | undefined {
  if (options.format !== undefined) return formatById(options.format);
  return detectFormat(path, head)?.format;
}

/** Analyses text already in memory (an open document). */
export function analyzeText(path: string, text: string, options: AnalyzeOptions = {}): FileAnalysis {
  const format = resolveFormat(path, text.slice(0, DETECTION_HEAD), options);
  const scanner = new LogScanner(format, options);
  scanner.push(text);
  const { findings, lines } = scanner.end();
  return { path, format: format?.id ?? null, findings, lines, warnings: [] };
}

/** Analyses a file from disk, streaming (plain or gzip). Throws LogInputError for unreadable input. */
export async function analyzeFile(path: string, options: AnalyzeOptions = {}): Promise<FileAnalysis> {
  let scanner: LogScanner | undefined;
  const head: string[] = [];
  let headLength = 0;
  const warnings: string[] = [];
  for await (const chunk of readLogChunks(path, (w) => warnings.push(w))) {
    if (!scanner) {
      head.push(chunk);
      headLength += chunk.length;
      if (headLength < DETECTION_HEAD) continue;
      scanner = new LogScanner(resolveFormat(path, head.join(''), options), options);
      for (const h of head) scanner.push(h);
      continue;
    }
    scanner.push(chunk);
  }
  if (!scanner) {
    scanner = new LogScanner(resolveFormat(path, head.join(''), options), options);
    for (const h of head) scanner.push(h);
  }
  const { findings, lines } = scanner.end();
  return { path, format: scanner.format?.id ?? null, findings, lines, warnings };
}
