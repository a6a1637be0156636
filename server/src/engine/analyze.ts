import type { LogFormat, ParseContext } from './formats';
import { detectFormat, formatById } from './formats';
import { builtInRules } from './knowledge';
import { CORRELATORS } from './rules/correlators';
import type { CorrelatedFinding, CorrelatorRun, WatchedLine } from './rules/correlators/correlator';
import { ENRICHERS } from './rules/enrichers';
import type { RuleDefinition } from './rules/ruleDefinition';
import { RuleSet } from './rules/ruleSet';
import type { LineMatch } from './rules/signatureMatcher';
import { MAX_MATCHED_LINE } from './rules/signatureMatcher';
import type { RepeatSummary } from './rules/repeats';
import { addRelated, capRelated, describeRepeats, RepeatCounter } from './rules/repeats';
import { fillTemplate } from './rules/template';
import type { Finding, LogRecord, Severity } from './types';
import { readLogPieces } from './io/readLog';
import { Slices } from './turns';
import type { LogSource } from './io/archive/walk';

export interface AnalyzeOptions {
  /** Rules in force; the built-in set when absent. */
  rules?: RuleSet;
  /** Rule id → severity, from settings. */
  severityOverrides?: Readonly<Record<string, Severity>>;
  /** Rule id → parameter overrides for correlators (e.g. a delay threshold from settings). */
  parameters?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Skip detection and use this family (e.g. the document's language id). */
  format?: string | null;
  /** The family of a file that neither its name nor its content identify (`logtriage --family`). */
  fallbackFormat?: string;
  /** What the file says beyond its lines (year, day); merged over what its name says. */
  parseContext?: ParseContext;
  /** Polled between pieces of a file; true stops the analysis with AnalysisCancelled. */
  isCancelled?: () => boolean;
  /** Most bytes a `.gz` file may expand to (a gzip bomb); the rest is left out with a warning. */
  maxDecompressedBytes?: number;
  /**
   * false: every occurrence is its own finding. By default repeats of a rule on one subject are
   * reported in full a few times, then counted in one finding (rules/repeats.ts).
   */
  aggregateRepeats?: boolean;
  /** Occurrences of one rule on one subject reported apart before the rest are counted (default FULL_REPEATS; 0: one finding per subject). */
  repeatsApart?: number;
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
  /** Set on a finding that counts repeats: updated as more arrive, written into its message at the end. */
  repeats?: RepeatSummary;
}

/** A match's values for its rule's templates, as addFinding decodes them once per distinct matched text. */
interface Decoded {
  vars: Record<string, string | undefined>;
  severity: Severity;
  subject: string;
  /** The enricher's fix and runbook for this code (a status table's action), over the rule's. */
  fix?: string;
  runbook?: string;
  /** The enricher says the line is not what the rule is about (status 0): no finding. */
  drop?: true;
}

/** Distinct matched texts whose decoding is remembered (the memo starts over when full). */
const DECODED_MEMO = 512;
/** Longer matched texts are decoded every time (they are seldom repeated, and costly to keep). */
const MEMO_MATCH_CHARS = 512;

/** Earlier findings an `after` relation looks through at most per finding (the relation's own window is usually shorter). */
const MAX_CAUSE_WALK = 5000;

/** Characters pushed between two looks at the clock (turns.ts gives the event loop its turns). */
const YIELD_SLICE = 256 * 1024;

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
  private readonly repeats: RepeatCounter;
  private readonly correlatorRuns = new Map<string, CorrelatorRun>();
  private readonly parseContext: ParseContext;
  /** Runbook values the file's path gives, under every finding's own. */
  private readonly fileValues: Record<string, string>;
  private carry: string[] = [];
  private carryLength = 0;
  private pendingCR = false;
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
    /** The file's first lines, for what they say of the whole file (format.contextFromText). */
    head = '',
  ) {
    this.rules = options.rules ?? builtInRuleSet();
    this.repeats = new RepeatCounter(options.repeatsApart);
    this.matcher = this.rules.matcherFor(format?.id ?? null);
    this.parseContext = { ...format?.contextFromName?.(baseName(path)), ...(head ? format?.contextFromText?.(head) : undefined), ...options.parseContext };
    this.fileValues = format?.valuesFromPath?.(path) ?? {};
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

  /** A line's time: the record's if this line was just parsed, else the family's cheaper `time` where it has one. */
  private timeOf(line: string, lineNo?: number): number | undefined {
    if (lineNo === this.recordLineNo && line === this.recordLine) return this.record?.time;
    if (!this.format?.time) return this.parse(line)?.time;
    try {
      return this.format.time(line, this.parseContext);
    } catch {
      return this.parse(line)?.time; // the parse reports the failure
    }
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
    // A lone CR ends a line, as in the editor and the LSP: a CR-only log is not one giant line.
    // A CR at the end of a piece waits for the next one, which may start with its LF.
    if (this.pendingCR) {
      text = '\r' + text;
      this.pendingCR = false;
    }
    if (text.endsWith('\r')) {
      text = text.slice(0, -1);
      this.pendingCR = true;
      if (!text) return;
    }
    if (text.includes('\r')) text = text.replace(/\r(?!\n)/g, '\n');
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
    // The carried start of a line and its end are one short line; the rest of the piece is scanned in
    // place (a slice shares the piece's characters) instead of being copied into one new string.
    let from = 0;
    if (this.carry.length) {
      from = text.indexOf('\n') + 1;
      this.carry.push(text.slice(0, from));
      this.scan(this.carry.join(''));
    }
    this.carry = cut + 1 < text.length ? [text.slice(cut + 1)] : [];
    this.carryLength = text.length - cut - 1;
    if (from <= cut) this.scan(from === 0 && cut + 1 === text.length ? text : text.slice(from, cut + 1));
  }

  /**
   * `push` for a piece given as ASCII bytes (readLogPieces): where it can, the scan runs on the
   * bytes and decodes only the lines it needs (candidate lines, the carried line, the lines the time
   * range is read from); the same findings, lines and times as push(bytes as Latin-1 text).
   * The bytes are not kept: the caller may reuse the buffer once this returns.
   */
  /** Whether pushBytes saves anything over push (it scans bytes only with the literal search). */
  get takesBytes(): boolean {
    return this.matcher.scansBytes;
  }

  pushBytes(bytes: Buffer): void {
    if (!bytes.length) return;
    const cut = bytes.lastIndexOf(10);
    if (this.pendingCR || this.overlong || cut < 0 || bytes.indexOf(13) >= 0) {
      this.push(bytes.toString('latin1'));
      return;
    }
    let from = 0;
    if (this.carry.length) {
      from = bytes.indexOf(10) + 1;
      this.carry.push(bytes.toString('latin1', 0, from));
      this.scan(this.carry.join(''));
    }
    this.carry = cut + 1 < bytes.length ? [bytes.toString('latin1', cut + 1)] : [];
    this.carryLength = bytes.length - cut - 1;
    if (from > cut) return;
    const body = bytes.subarray(from, cut + 1);
    const lines = this.matcher.scanBytes(body, this.lineNo, this.matched);
    if (lines === undefined) {
      this.scan(body.toString('latin1'));
      return;
    }
    this.lineNo += lines; // scanBytes clips nothing: it declines a piece with a long line
    this.readRepeatTimes();
    this.noteTimeRange(this.timeLinesOf(body));
  }

  /** The lines of `body` (whole lines) that noteTimeRange reads: its first (until a time is known) and last 50. */
  private timeLinesOf(body: Buffer): string {
    const LOOK = 50;
    let headEnd = 0;
    if (this.firstTime === undefined) {
      for (let n = 0; n < LOOK && headEnd < body.length; n++) headEnd = body.indexOf(10, headEnd) + 1 || body.length;
    }
    let tailStart = body.length - 1; // the final '\n'
    for (let n = 0; n < LOOK && tailStart > 0; n++) tailStart = body.lastIndexOf(10, tailStart - 1);
    tailStart = tailStart < 0 ? 0 : tailStart + 1;
    if (tailStart <= headEnd) return body.toString('latin1');
    return this.firstTime === undefined ? body.toString('latin1', 0, headEnd) + body.toString('latin1', tailStart) : body.toString('latin1', tailStart);
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
    if (this.pendingCR) {
      this.pendingCR = false;
      this.push('\n');
    }
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

  /**
   * The end of an analysis whose matched lines are known already (same rules, family and options):
   * they go to the rules and correlators in order, as a scan would send them, without a scan.
   */
  replay(matched: readonly MatchedLine[], lines: number): { findings: Finding[]; lines: number } {
    for (const m of matched) this.onMatch(m.line, m.lineNo, m.matches, m);
    this.lineNo = lines;
    return this.end();
  }

  /**
   * The time range of a whole text in memory, from its first and last lines (at most 50 each, in
   * 64 KiB at either end): unlike the streaming one, it does not depend on how the text was cut.
   */
  timeRangeOf(text: string | TextEdges): { firstTime?: number; lastTime?: number } {
    const { head, tail } = typeof text === 'string' ? textEdges(text) : text;
    const lone = (t: string) => (t.includes('\r') ? t.replace(/\r(?!\n)/g, '\n') : t);
    const saved = [this.firstTime, this.lastTime];
    this.firstTime = this.lastTime = undefined;
    this.noteTimeRange(lone(head));
    const first = this.firstTime;
    this.lastTime = undefined;
    this.noteTimeRange(lone(tail));
    const range = { firstTime: first, lastTime: this.lastTime };
    [this.firstTime, this.lastTime] = saved;
    return range;
  }

  private scan(text: string): void {
    const clipped = this.matcher.clippedLines;
    this.lineNo += this.matcher.scan(text, this.lineNo, this.matched);
    this.readRepeatTimes();
    if (this.matcher.clippedLines > clipped && !this.failed.has('clipped-line')) {
      this.failed.add('clipped-line');
      this.warnings.push(`a line is longer than ${MAX_MATCHED_LINE / 1024} KiB characters; rules were matched on its first ${MAX_MATCHED_LINE / 1024} KiB only`);
    }
    this.noteTimeRange(text);
  }

  /** The time range costs a few parsed lines per piece: the first record of the file, the last of each piece. */
  private noteTimeRange(text: string): void {
    if (!this.format) return;
    const timeOf = (line: string) => this.timeOf(line.endsWith('\r') ? line.slice(0, -1) : line);
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

  /** The family's record of a line (undefined for a continuation, or without a family). */
  recordOf(line: string): LogRecord | undefined {
    return this.parse(line);
  }

  /**
   * When set, every matched line is also kept here, with its record (incremental.ts replays them
   * after an edit); past MAX_KEPT_MATCHED_LINES it is emptied and marked `overflowed` instead.
   */
  collect: MatchedLines | undefined;

  /** onMatch as one function for the scanner's life (a closure per piece makes V8 deoptimise the scan). */
  private readonly matched = (line: string, lineNo: number, matches: LineMatch[]): void => this.onMatch(line, lineNo, matches);

  private onMatch(line: string, lineNo: number, matches: LineMatch[], known?: MatchedLine): void {
    if (known) (this.recordLineNo = lineNo), (this.recordLine = line), (this.record = known.record);
    if (this.collect) {
      if (this.collect.length < MAX_KEPT_MATCHED_LINES) this.collect.push({ lineNo, line, matches, record: this.readRecord(line, lineNo) });
      else {
        this.collect.length = 0;
        this.collect.overflowed = true;
        this.collect = undefined;
      }
    }
    for (let i = 0; i < matches.length; i++) {
      const { rule, match } = matches[i];
      // rule.correlates and rule.id, not def's: one object shape on this path (see CompiledRule)
      if (rule.correlates) {
        try {
          this.correlatorRuns.get(rule.id)?.see(new SeenLine(this.readRecord, line, lineNo, match));
        } catch (e) {
          this.ruleFailed(rule.def, e, lineNo);
        }
      } else this.addFinding(rule.def, match, line, lineNo);
    }
  }

  // The record of the matched line read last, parsed when something first asks for it: most lines a
  // correlator watches need none of it (a VMSS run's pid is on the text), and the parse costs more
  // than the rest of their way through the scanner.
  private recordLineNo = -1;
  private recordLine: string | undefined;
  private record: LogRecord | undefined;
  /** The record of a matched line, parsed once however many rules on it ask (one function for the scanner's life). */
  private readonly readRecord = (line: string, lineNo: number): LogRecord | undefined => {
    if (lineNo !== this.recordLineNo || line !== this.recordLine) {
      this.record = this.parse(line);
      this.recordLineNo = lineNo;
      this.recordLine = line;
    }
    return this.record;
  };

  /**
   * A plain rule's finding on a line (kept out of onMatch, which runs on every matched line). A
   * repeat of an earlier finding (same rule, same subject) is only counted: its decoded values come
   * from a small memo by matched text, so that a storm of a million lines costs a count and a parse
   * each, not a million decodings and findings.
   */
  private addFinding(def: RuleDefinition, match: RegExpExecArray, line: string, lineNo: number): void {
    const subjectTemplate = def.subject ?? def.message;
    const needsThread = subjectTemplate.includes('{thread}');
    const thread = needsThread ? this.readRecord(line, lineNo)?.thread : undefined;
    const key = `${def.id}\u0000${thread ?? ''}\u0000${match[0]}`;
    let decoded = this.decoded.get(key);
    if (!decoded) {
      decoded = this.decode(def, match, line, lineNo, thread);
      if (this.decoded.size >= DECODED_MEMO) this.decoded.clear();
      if (match[0].length <= MEMO_MATCH_CHARS) this.decoded.set(key, decoded);
    }
    if (decoded.drop) return;
    const span = { line: lineNo, start: match.index, end: match.index + match[0].length };
    let repeats: RepeatSummary | undefined;
    if (this.options.aggregateRepeats !== false) {
      // the line's time, as its record gives it (so both scan paths agree), without the whole record where the family can
      const admitted = this.repeats.admit(def.id, decoded.subject, { span, lastLine: lineNo, endLine: lineNo, count: 1, time: this.timeOf(line, lineNo) });
      if (admitted === 'folded') return;
      if (admitted !== 'apart') repeats = admitted;
    }
    const record = this.readRecord(line, lineNo);
    const finding = this.newFinding(def, decoded.severity, span);
    finding.values = this.valuesOf(decoded.vars);
    if (decoded.fix) finding.fix = decoded.fix;
    if (decoded.runbook) finding.runbook = decoded.runbook;
    const p: PendingFinding = { finding, def, vars: { ...decoded.vars }, time: record?.time, thread: record?.thread, repeats };
    if (repeats) (repeats.finding = p.finding), (repeats.firstTime = repeats.lastTime = p.time);
    this.pending.push(p);
  }

  /** A match's template values (with the enricher's), severity and subject. */
  private decode(def: RuleDefinition, match: RegExpExecArray, line: string, lineNo: number, thread: string | undefined): Decoded {
    let vars: Record<string, string | undefined> = { match: match[0], ...match.groups };
    let severity = def.severity;
    let fix: string | undefined;
    let runbook: string | undefined;
    if (def.enrich) {
      try {
        const extra = ENRICHERS[def.enrich](vars, line);
        if (extra.drop) return { vars, severity, subject: '', drop: true };
        vars = { ...vars, ...extra.vars };
        severity = extra.severity ?? severity;
        fix = extra.fix;
        runbook = extra.runbook;
      } catch (e) {
        this.ruleFailed(def, e, lineNo); // the finding stays, without the decoded values
      }
    }
    const subject = fillTemplate(def.subject ?? def.message, thread === undefined || 'thread' in vars ? vars : { ...vars, thread });
    return { vars, severity, subject, fix, runbook };
  }

  /** Matched text → its decoded values, per rule (and thread): a storm repeats a few distinct matches. */
  private readonly decoded = new Map<string, Decoded>();

  /** A correlator's finding, kept apart or counted with the earlier ones of its rule and subject (rules/repeats.ts). */
  private keep(p: PendingFinding): void {
    if (this.options.aggregateRepeats !== false) {
      const template = p.def.subject ?? ((p.template && p.def.messages?.[p.template]) || p.def.message);
      const subject = fillTemplate(template, p.thread === undefined || 'thread' in p.vars ? p.vars : { ...p.vars, thread: p.thread });
      const f = p.finding;
      const admitted = this.repeats.admit(f.rule, subject, { span: f.span, lastLine: f.lastLine, endLine: f.endLine, count: f.count, time: p.time });
      if (admitted === 'folded') return;
      if (admitted !== 'apart') (p.repeats = admitted), (admitted.finding = f);
    }
    this.pending.push(p);
  }

  /** The finding's values for its runbook: the file's, then its own text variables (the whole match left out). */
  private valuesOf(vars: Record<string, string | undefined>): Record<string, string> {
    const values: Record<string, string> = { ...this.fileValues };
    for (const name in vars) {
      const value = vars[name];
      if (value !== undefined && name !== 'match') values[name] = value;
    }
    return values;
  }

  private newFinding(def: RuleDefinition, severity: Severity, span: Finding['span']): Finding {
    return {
      rule: def.id,
      severity: this.options.severityOverrides?.[def.id] ?? severity,
      span,
      endLine: span.line,
      count: 1,
      lastLine: span.line,
      message: '',
      fix: def.fix,
      related: [],
      href: def.sources.find((s) => s.url)?.url,
      runbook: def.runbook,
    };
  }

  private addCorrelated(def: RuleDefinition, f: CorrelatedFinding): void {
    const finding = this.newFinding(def, f.severity ?? def.severity, f.span);
    finding.endLine = finding.lastLine = f.endLine ?? f.span.line;
    finding.related = capRelated(f.related ?? []);
    finding.values = this.valuesOf(f.vars);
    this.keep({ finding, def, vars: f.vars, template: f.template, time: f.time, thread: f.thread });
  }

  /** The last repeats' times, read once per piece from their lines rather than for every repeat. */
  private readonly readRepeatTimes = () => this.repeats.readTimes((line) => this.timeOf(line));

  /** Relations between findings of one file (`after`), then the messages. */
  private finish(): Finding[] {
    this.readRepeatTimes();
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
          for (const c of causes) addRelated(p.finding.related, { span: c.finding.span, message: after.label });
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
      if (p.repeats) message += describeRepeats(p.finding, p.repeats, clockOf, this.repeats.apart);
      p.finding.message = message;
    }
    return pending.map((p) => p.finding);
  }

  /**
   * Earlier findings of the `after` rules in the window, closest first; at most MAX_CAUSE_WALK
   * findings back (a log whose times repeat never leaves the window).
   */
  private causesOf(index: number, after: NonNullable<RuleDefinition['after']>): PendingFinding[] {
    const p = this.pending[index];
    const found: PendingFinding[] = [];
    for (let j = index - 1; j >= 0 && index - j <= MAX_CAUSE_WALK; j--) {
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

/** hh:mm:ss of a record time (the date is in the log next to it). */
function clockOf(t: number): string {
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? '?' : d.toISOString().slice(11, 19);
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
  return detectFormat(path, head)?.format ?? formatById(options.fallbackFormat ?? null);
}

/** Analyses text already in memory (an open document). */
export function analyzeText(path: string, text: string, options: AnalyzeOptions = {}, collect?: MatchedLines): FileAnalysis {
  const format = resolveFormat(path, text.slice(0, DETECTION_HEAD), options);
  const scanner = new LogScanner(format, options, path, text.slice(0, DETECTION_HEAD));
  scanner.collect = collect;
  // in pieces (slices share the text's characters): the literal search needs memory for one piece at a time
  for (let i = 0; i < text.length; i += TEXT_PIECE) scanner.push(text.slice(i, i + TEXT_PIECE));
  const { findings, lines } = scanner.end();
  return { path, format: format?.id ?? null, findings, lines, warnings: scanner.warnings, ...scanner.timeRangeOf(text) };
}

/** The two ends of a text that its time range is read from (LogScanner.timeRangeOf). */
export interface TextEdges {
  /** Its first TIME_EDGE characters. */
  head: string;
  /** Its lines that start in its last TIME_EDGE characters (the whole text when it is shorter). */
  tail: string;
}

export const TIME_EDGE = 64 * 1024;

export function textEdges(text: string): TextEdges {
  return { head: text.slice(0, TIME_EDGE), tail: text.length > TIME_EDGE ? text.slice(text.indexOf('\n', text.length - TIME_EDGE) + 1) : text };
}

/** Characters of an in-memory text pushed to the scanner at a time. */
const TEXT_PIECE = 1024 * 1024;

/** What a correlator sees of a matched line: the line's record is parsed only if the correlator reads it. */
class SeenLine implements WatchedLine {
  constructor(
    private readonly recordOf: (line: string, lineNo: number) => LogRecord | undefined,
    readonly text: string,
    readonly line: number,
    readonly match: RegExpExecArray,
  ) {}

  get record(): LogRecord | undefined {
    return this.recordOf(this.text, this.line);
  }
}

/**
 * Matched lines kept for a replay at most: past this (a log where every line is a finding) an edit
 * is analysed in full again, rather than the document's matches costing many times its own text.
 */
export const MAX_KEPT_MATCHED_LINES = 20_000;

/** The matched lines of a scan, or `overflowed` when there were more than MAX_KEPT_MATCHED_LINES. */
export type MatchedLines = MatchedLine[] & { overflowed?: boolean };

/** A line some rule matched, as the scan saw it: what a replay needs to give the same findings. */
export interface MatchedLine {
  lineNo: number;
  line: string;
  matches: LineMatch[];
  record: LogRecord | undefined;
}

/**
 * Analyses a file from disk, streaming (plain or gzip), or an archive member given as `source` by
 * an archive walk (io/archive). Throws LogInputError for unreadable input.
 */
export async function analyzeFile(path: string, options: AnalyzeOptions = {}, source?: LogSource): Promise<FileAnalysis> {
  let scanner: LogScanner | undefined;
  const head: string[] = [];
  /** The head's pieces as read: bytes (copied: the reader reuses its buffers) go to the byte scan too. */
  const headPieces: (string | Buffer)[] = [];
  let headLength = 0;
  const warnings: string[] = [];
  // Pieces already read arrive as promise callbacks, which never let other work in: give the event
  // loop a turn now and then, so that a language server answers hovers while a folder is analysed.
  const slices = new Slices();
  const breathe = () => slices.breathe();
  // a piece in slices (they share its characters), with a turn after any slice that ran long
  const feed = async (scanner: LogScanner, chunk: string) => {
    for (let i = 0; i < chunk.length; i += YIELD_SLICE) {
      if (i) await breathe();
      scanner.push(chunk.length <= YIELD_SLICE ? chunk : chunk.slice(i, i + YIELD_SLICE));
    }
  };
  // ASCII pieces come as bytes, scanned as such once the family is known (LogScanner.pushBytes)
  const feedBytes = async (scanner: LogScanner, bytes: Buffer) => {
    if (!scanner.takesBytes) return feed(scanner, bytes.toString('latin1')); // one string per piece, not per slice
    for (let i = 0; i < bytes.length; i += YIELD_SLICE) {
      if (i) await breathe();
      scanner.pushBytes(bytes.length <= YIELD_SLICE ? bytes : bytes.subarray(i, i + YIELD_SLICE));
    }
  };
  const startScanner = async () => {
    const text = head.join('');
    const started = new LogScanner(resolveFormat(path, text, options), options, path, text);
    for (const h of headPieces) await (typeof h === 'string' ? feed(started, h) : feedBytes(started, h));
    head.length = headPieces.length = 0;
    return started;
  };
  for await (const piece of readLogPieces(path, (w) => warnings.push(w), { maxDecompressedBytes: options.maxDecompressedBytes, source })) {
    await breathe();
    if (options.isCancelled?.()) throw new AnalysisCancelled();
    if (scanner) {
      await (typeof piece === 'string' ? feed(scanner, piece) : feedBytes(scanner, piece));
      continue;
    }
    const chunk = typeof piece === 'string' ? piece : piece.toString('latin1');
    head.push(chunk);
    headPieces.push(typeof piece === 'string' ? piece : Buffer.from(piece));
    headLength += chunk.length;
    if (headLength >= DETECTION_HEAD) scanner = await startScanner();
  }
  const done = scanner ?? (await startScanner());
  const { findings, lines } = done.end();
  return { path, format: done.format?.id ?? null, findings, lines, warnings: [...warnings, ...done.warnings], firstTime: done.firstTime, lastTime: done.lastTime };
}
