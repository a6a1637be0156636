import type { LogFormat, ParseContext } from './formats';
import { detectFormat, formatById } from './formats';
import { builtInRules } from './knowledge';
import { CORRELATORS } from './rules/correlators';
import type { CorrelatedFinding, CorrelatorRun } from './rules/correlators/correlator';
import { ENRICHERS } from './rules/enrichers';
import type { RuleDefinition } from './rules/ruleDefinition';
import { RuleSet } from './rules/ruleSet';
import type { LineMatch } from './rules/signatureMatcher';
import { fillTemplate } from './rules/template';
import type { Finding, LogRecord, Severity } from './types';
import { readLogChunks } from './io/readLog';

export interface AnalyzeOptions {
  /** Rules in force; the built-in set when absent. */
  rules?: RuleSet;
  /** Rule id → severity, from settings. */
  severityOverrides?: Readonly<Record<string, Severity>>;
  /** Rule id → parameter overrides for correlators (e.g. a delay threshold from settings). */
  parameters?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Skip detection and use this family (e.g. the document's language id). */
  format?: string | null;
  /** What the file says beyond its lines (year, day); merged over what its name says. */
  parseContext?: ParseContext;
  /** Polled between pieces of a file; true stops the analysis with AnalysisCancelled. */
  isCancelled?: () => boolean;
  /** Most bytes a `.gz` file may expand to (a gzip bomb); the rest is left out with a warning. */
  maxDecompressedBytes?: number;
}

export class AnalysisCancelled extends Error {
  constructor() {
    super('analysis cancelled');
  }
}

export interface FileAnalysis {
  path: string;
  format: string | null;
  findings: Finding[];
  /** Number of lines seen (a last line without a line break counts). */
  lines: number;
  /** Problems with the input that did not stop the analysis (e.g. a truncated gzip). */
  warnings: string[];
  /** Times of the first and last records that carry one (ms, wall clock read as UTC). */
  firstTime?: number;
  lastTime?: number;
}

let defaultRules: RuleSet | undefined;
export function builtInRuleSet(): RuleSet {
  return (defaultRules ??= new RuleSet(builtInRules()));
}

interface PendingFinding {
  finding: Finding;
  def: RuleDefinition;
  vars: Record<string, string | undefined>;
  template?: string;
  time?: number;
  thread?: string;
}

/** Bytes of text used to recognise the family before scanning starts. */
export const DETECTION_HEAD = 64 * 1024;

/**
 * Longest line kept while streaming (characters); the rest of a longer line is dropped with a
 * warning, so that a file without line breaks (a dump, a sparse region) cannot exhaust memory.
 */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

function oneLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/**
 * Runs the rules over a log fed in pieces of any size (cut anywhere, even inside a line).
 * Keeps only the unfinished last line, the correlators' bounded state and the findings,
 * so memory does not grow with the log.
 */
export class LogScanner {
  private readonly rules: RuleSet;
  private readonly matcher;
  private readonly pending: PendingFinding[] = [];
  private readonly correlatorRuns = new Map<string, CorrelatorRun>();
  private readonly parseContext: ParseContext;
  private carry: string[] = [];
  private carryLength = 0;
  /** The unfinished line passed MAX_LINE_CHARS: text is dropped up to its line break. */
  private overlong = false;
  private lineNo = 0;
  private readonly failed = new Set<string>();
  firstTime: number | undefined;
  lastTime: number | undefined;
  /**
   * What went wrong without stopping the scan, one line each: a rule's enricher or correlator that
   * threw (named by rule id; the other rules' results are complete), a line cut at MAX_LINE_CHARS.
   */
  readonly warnings: string[] = [];

  constructor(
    readonly format: LogFormat | undefined,
    private readonly options: AnalyzeOptions = {},
    path = '',
  ) {
    this.rules = options.rules ?? builtInRuleSet();
    this.matcher = this.rules.matcherFor(format?.id ?? null);
    this.parseContext = { ...format?.contextFromName?.(baseName(path)), ...options.parseContext };
    for (const { def } of this.matcher.rules) {
      if (!def.correlator) continue;
      const correlator = CORRELATORS[def.correlator];
      const parameters = { ...def.parameters, ...options.parameters?.[def.id] };
      try {
        this.correlatorRuns.set(def.id, correlator.start(def, parameters, (f) => this.addCorrelated(def, f)));
      } catch (e) {
        this.ruleFailed(def, e);
      }
    }
  }

  /** One warning per failing rule (not one per line); its correlator, if any, is stopped. */
  private ruleFailed(def: RuleDefinition, e: unknown, lineNo?: number): void {
    this.correlatorRuns.delete(def.id);
    if (this.failed.has(def.id)) return;
    this.failed.add(def.id);
    const part = def.correlator ? `correlator "${def.correlator}"` : `enricher "${def.enrich}"`;
    const where = lineNo === undefined ? '' : ` on line ${lineNo + 1}`;
    this.warnings.push(`rule ${def.id}: its ${part} failed${where} (${oneLine(e)}); the other rules' results are complete`);
  }

  /** The family's parse, which must not take the scan down with it on a line it did not foresee. */
  private parse(line: string): LogRecord | undefined {
    if (!this.format) return undefined;
    try {
      return this.format.parse(line, this.parseContext);
    } catch (e) {
      if (!this.failed.has(this.format.id)) {
        this.failed.add(this.format.id);
        this.warnings.push(`format ${this.format.id}: could not parse a line (${oneLine(e)}); its findings lack times and threads`);
      }
      return undefined;
    }
  }

  push(text: string): void {
    if (!text) return;
    if (this.overlong) {
      const nl = text.indexOf('\n');
      if (nl < 0) return;
      text = text.slice(nl); // its line break ends the kept head of the long line
      this.overlong = false;
    }
    const cut = text.lastIndexOf('\n');
    if (cut < 0) {
      this.carry.push(text);
      this.carryLength += text.length;
      if (this.carryLength > MAX_LINE_CHARS) this.cutLongLine();
      return;
    }
    this.carry.push(text.slice(0, cut + 1));
    const complete = this.carry.join('');
    this.carry = cut + 1 < text.length ? [text.slice(cut + 1)] : [];
    this.carryLength = text.length - cut - 1;
    this.scan(complete);
  }

  private cutLongLine(): void {
    this.carry = [this.carry.join('').slice(0, MAX_LINE_CHARS)];
    this.carryLength = MAX_LINE_CHARS;
    this.overlong = true;
    if (this.failed.has('long-line')) return; // the first one is enough to tell
    this.failed.add('long-line');
    this.warnings.push(`line ${this.lineNo + 1} is longer than ${MAX_LINE_CHARS / 1048576} MiB characters; only its beginning was analysed`);
  }

  end(): { findings: Finding[]; lines: number } {
    const rest = this.carry.join('');
    this.carry = [];
    this.carryLength = 0;
    if (rest) {
      this.scan(rest);
      this.lineNo++; // the last line has no line break
    }
    for (const [id, run] of this.correlatorRuns) {
      try {
        run.finish();
      } catch (e) {
        this.ruleFailed(this.rules.byId.get(id)!, e);
      }
    }
    return { findings: this.finish(), lines: this.lineNo };
  }

  private scan(text: string): void {
    this.lineNo += this.matcher.scan(text, this.lineNo, (line, lineNo, matches) => this.onMatch(line, lineNo, matches));
    this.noteTimeRange(text);
  }

  /** The time range costs a few parsed lines per piece: the first record of the file, the last of each piece. */
  private noteTimeRange(text: string): void {
    if (!this.format) return;
    const timeOf = (line: string) => this.parse(line.endsWith('\r') ? line.slice(0, -1) : line)?.time;
    const LOOK = 50;
    if (this.firstTime === undefined) {
      for (let start = 0, n = 0; start < text.length && n < LOOK && this.firstTime === undefined; n++) {
        let end = text.indexOf('\n', start);
        if (end < 0) end = text.length;
        this.firstTime = timeOf(text.slice(start, end));
        start = end + 1;
      }
    }
    let end = text.endsWith('\n') ? text.length - 1 : text.length;
    for (let n = 0; n < LOOK && end > 0; n++) {
      const start = text.lastIndexOf('\n', end - 1) + 1;
      const t = timeOf(text.slice(start, end));
      if (t !== undefined) {
        this.lastTime = t;
        break;
      }
      end = start - 1;
    }
  }

  private onMatch(line: string, lineNo: number, matches: LineMatch[]): void {
    const record = this.parse(line);
    for (const { rule, match } of matches) {
      const def = rule.def;
      if (def.correlator) {
        try {
          this.correlatorRuns.get(def.id)?.see({ text: line, line: lineNo, match, record });
        } catch (e) {
          this.ruleFailed(def, e, lineNo);
        }
        continue;
      }
      let vars: Record<string, string | undefined> = { match: match[0], ...match.groups };
      let severity = def.severity;
      if (def.enrich) {
        try {
          const extra = ENRICHERS[def.enrich](vars, line);
          vars = { ...vars, ...extra.vars };
          severity = extra.severity ?? severity;
        } catch (e) {
          this.ruleFailed(def, e, lineNo); // the finding stays, without the decoded values
        }
      }
      this.pending.push({
        finding: this.newFinding(def, severity, { line: lineNo, start: match.index, end: match.index + match[0].length }),
        def,
        vars,
        time: record?.time,
        thread: record?.thread,
      });
    }
  }

  private newFinding(def: RuleDefinition, severity: Severity, span: Finding['span']): Finding {
    return {
      rule: def.id,
      severity: this.options.severityOverrides?.[def.id] ?? severity,
      span,
      endLine: span.line,
      message: '',
      fix: def.fix,
      related: [],
      href: def.sources.find((s) => s.url)?.url,
      runbook: def.runbook,
    };
  }

  private addCorrelated(def: RuleDefinition, f: CorrelatedFinding): void {
    const finding = this.newFinding(def, f.severity ?? def.severity, f.span);
    finding.endLine = f.endLine ?? f.span.line;
    finding.related.push(...(f.related ?? []));
    this.pending.push({ finding, def, vars: f.vars, template: f.template, time: f.time, thread: f.thread });
  }

  /** Relations between findings of one file (`after`), then the messages. */
  private finish(): Finding[] {
    const pending = this.pending.sort((a, b) => a.finding.span.line - b.finding.span.line || a.finding.span.start - b.finding.span.start);
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i];
      const template = (p.template && p.def.messages?.[p.template]) || p.def.message;
      let message = fillTemplate(template, p.vars);
      const after = p.def.after;
      if (after) {
        const causes = this.causesOf(i, after);
        if (causes.length) {
          const closest = causes[0];
          for (const c of causes) p.finding.related.push({ span: c.finding.span, message: after.label });
          const waited = p.time !== undefined && closest.time !== undefined ? p.time - closest.time : undefined;
          if (after.message) {
            message += fillTemplate(after.message, {
              elapsed: waited !== undefined ? formatDuration(waited) : 'some time',
              line: String(closest.finding.span.line + 1),
              count: String(causes.length),
            });
          }
        }
      }
      p.finding.message = message;
    }
    return pending.map((p) => p.finding);
  }

  /** Earlier findings of the `after` rules in the window, closest first. */
  private causesOf(index: number, after: NonNullable<RuleDefinition['after']>): PendingFinding[] {
    const p = this.pending[index];
    const found: PendingFinding[] = [];
    for (let j = index - 1; j >= 0; j--) {
      const q = this.pending[j];
      if (q.time !== undefined && p.time !== undefined && p.time - q.time > after.withinSeconds * 1000) break;
      if (!after.rules.includes(q.finding.rule)) continue;
      if (after.sameThread && q.thread !== p.thread) continue;
      found.push(q);
      if (!after.all) break;
    }
    return found;
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
  const scanner = new LogScanner(format, options, path);
  scanner.push(text);
  const { findings, lines } = scanner.end();
  return { path, format: format?.id ?? null, findings, lines, warnings: scanner.warnings, firstTime: scanner.firstTime, lastTime: scanner.lastTime };
}

/** Analyses a file from disk, streaming (plain or gzip). Throws LogInputError for unreadable input. */
export async function analyzeFile(path: string, options: AnalyzeOptions = {}): Promise<FileAnalysis> {
  let scanner: LogScanner | undefined;
  const head: string[] = [];
  let headLength = 0;
  const warnings: string[] = [];
  const startScanner = () => {
    scanner = new LogScanner(resolveFormat(path, head.join(''), options), options, path);
    for (const h of head) scanner.push(h);
    return scanner;
  };
  for await (const chunk of readLogChunks(path, (w) => warnings.push(w), { maxDecompressedBytes: options.maxDecompressedBytes })) {
    if (options.isCancelled?.()) throw new AnalysisCancelled();
    if (scanner) {
      scanner.push(chunk);
      continue;
    }
    head.push(chunk);
    headLength += chunk.length;
    if (headLength >= DETECTION_HEAD) startScanner();
  }
  const done = scanner ?? startScanner();
  const { findings, lines } = done.end();
  return { path, format: done.format?.id ?? null, findings, lines, warnings: [...warnings, ...done.warnings], firstTime: done.firstTime, lastTime: done.lastTime };
}
