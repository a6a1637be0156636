import type { LogFormat, ParseContext } from './formats';
import { detectFormat, formatById } from './formats';
import { pieceText, readLogPieces } from './io/readLog';
import type { LogSource } from './io/archive/walk';
import { builtInRules } from './knowledge';
import { CORRELATORS } from './rules/correlators';
import type { CorrelatorRun, WatchedLine } from './rules/correlators/correlator';
import type { RuleDefinition } from './rules/ruleDefinition';
import { RuleSet } from './rules/ruleSet';
import type { LineMatch } from './rules/signatureMatcher';
import { MAX_MATCHED_LINE } from './rules/signatureMatcher';
import { FindingsBuilder } from './scan/findingsBuilder';
import type { LineSink } from './scan/lineSplitter';
import { LineSplitter, MAX_LINE_CHARS } from './scan/lineSplitter';
import { Slices } from './turns';
import type { Finding, LogRecord, Severity } from './types';

export { formatDuration } from './timeline/duration';
export { MAX_LINE_CHARS } from './scan/lineSplitter';

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
  /** Told the family once the head decided it, before the first line is scanned (a reader may then keep less of the file). */
  onFormat?: (format: string | null) => void;
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

/** Characters pushed between two looks at the clock (turns.ts gives the event loop its turns). */
const YIELD_SLICE = 256 * 1024;

/** Bytes of text used to recognise the family before scanning starts. */
export const DETECTION_HEAD = 64 * 1024;

function oneLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/**
 * Runs the rules over a log fed in pieces of any size (cut anywhere, even inside a line).
 * Keeps only the unfinished last line, the correlators' bounded state and the findings,
 * so memory does not grow with the log. Its parts: the lines (scan/lineSplitter.ts), the findings
 * and their relations (scan/findingsBuilder.ts, scan/afterRelations.ts); here the matching, the
 * correlators, the time range and the lazily parsed record of a matched line.
 */
export class LogScanner implements LineSink {
  private readonly rules: RuleSet;
  private readonly matcher;
  private readonly lines = new LineSplitter(this);
  private readonly findings: FindingsBuilder;
  private readonly correlatorRuns = new Map<string, CorrelatorRun>();
  private readonly parseContext: ParseContext;
  /** Lines seen so far (the next line's number, 0-based). */
  private lineNo = 0;
  /** Rules, the family and the one-off warnings (long line, clipped line) that warned already: once each. */
  private readonly failed = new Set<string>();
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
  /** onMatch as one function for the scanner's life (a closure per piece makes V8 deoptimise the scan). */
  private readonly matched = (line: string, lineNo: number, matches: LineMatch[]): void => this.onMatch(line, lineNo, matches);
  /** The line numbers of the piece being replayed, by its own line index. */
  private replayNos: ArrayLike<number> | undefined;
  /** onMatch for a replayed piece, whose line i is line replayNos[i] of the text. */
  private readonly replayed = (line: string, index: number, matches: LineMatch[]): void => this.onMatch(line, this.replayNos![index], matches);
  /** Times of the first and last records that carry one. */
  firstTime: number | undefined;
  lastTime: number | undefined;
  /**
   * What went wrong without stopping the scan, one line each: a rule's enricher or correlator that
   * threw (named by rule id; the other rules' results are complete), a line cut at MAX_LINE_CHARS.
   */
  readonly warnings: string[] = [];
  /**
   * When set, the number of every matched line is also kept here (incremental.ts replays them after
   * an edit); past MAX_KEPT_MATCHED_LINES it is emptied and marked `overflowed` instead.
   */
  collect: MatchedLines | undefined;

  constructor(
    readonly format: LogFormat | undefined,
    options: AnalyzeOptions = {},
    path = '',
    /** The file's first lines, for what they say of the whole file (format.contextFromText). */
    head = '',
  ) {
    this.rules = options.rules ?? builtInRuleSet();
    this.matcher = this.rules.matcherFor(format?.id ?? null);
    this.parseContext = { ...format?.contextFromName?.(baseName(path)), ...(head ? format?.contextFromText?.(head) : undefined), ...options.parseContext };
    this.findings = new FindingsBuilder({
      readRecord: this.readRecord,
      timeOf: (line, lineNo) => this.timeOf(line, lineNo),
      ruleFailed: (def, e, lineNo) => this.ruleFailed(def, e, lineNo),
      severityOverrides: options.severityOverrides,
      aggregateRepeats: options.aggregateRepeats !== false,
      repeatsApart: options.repeatsApart,
      fileValues: format?.valuesFromPath?.(path) ?? {},
    });
    for (const { def } of this.matcher.rules) {
      if (!def.correlator) continue;
      const correlator = CORRELATORS[def.correlator];
      const parameters = { ...def.parameters, ...options.parameters?.[def.id] };
      try {
        this.correlatorRuns.set(
          def.id,
          correlator.start(def, parameters, (f) => this.findings.addCorrelated(def, f)),
        );
      } catch (e) {
        this.ruleFailed(def, e);
      }
    }
  }

  push(text: string): void {
    this.lines.push(text);
  }

  /** Whether pushBytes saves anything over push (it scans bytes only with the literal search). */
  get takesBytes(): boolean {
    return this.matcher.scansBytes;
  }

  /**
   * `push` for a piece given as ASCII bytes (readLogPieces): where it can, the scan runs on the
   * bytes and decodes only the lines it needs (candidate lines, the carried line, the lines the time
   * range is read from); the same findings, lines and times as push(bytes as Latin-1 text).
   * The bytes are not kept: the caller may reuse the buffer once this returns.
   */
  pushBytes(bytes: Buffer): void {
    this.lines.pushBytes(bytes);
  }

  end(): { findings: Finding[]; lines: number } {
    const rest = this.lines.end();
    if (rest) {
      this.scanText(rest);
      this.lineNo++; // the last line has no line break
    }
    for (const [id, run] of this.correlatorRuns) {
      try {
        run.finish();
      } catch (e) {
        this.ruleFailed(this.rules.byId.get(id)!, e);
      }
    }
    return { findings: this.findings.finish(), lines: this.lineNo };
  }

  /**
   * The end of an analysis whose matched lines are known already (same rules, family and options):
   * only those lines are matched again, in order and under their own numbers, as a full scan would
   * send them. Each piece holds lines of the text one after the other, `lineNos[i]` being the
   * number of its line i; `lines` is the text's line count.
   */
  replay(pieces: Iterable<ReplayPiece>, lines: number): { findings: Finding[]; lines: number } {
    for (const { text, lineNos } of pieces) {
      this.replayNos = lineNos;
      this.matcher.scan(text, 0, this.replayed);
      this.findings.readRepeatTimes();
    }
    this.replayNos = undefined;
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

  /** The family's record of a line (undefined for a continuation, or without a family). */
  recordOf(line: string): LogRecord | undefined {
    return this.parse(line);
  }

  /** LineSink: whole lines as text. */
  scanText(text: string): void {
    const clipped = this.matcher.clippedLines;
    this.lineNo += this.matcher.scan(text, this.lineNo, this.matched);
    this.findings.readRepeatTimes();
    if (this.matcher.clippedLines > clipped) this.warnOnce('clipped-line', `a line is longer than ${MAX_MATCHED_LINE / 1024} KiB characters; rules were matched on its first ${MAX_MATCHED_LINE / 1024} KiB only`);
    this.noteTimeRange(text);
  }

  /** LineSink: whole lines as ASCII bytes, scanned as such when the matcher can. */
  scanBytes(body: Buffer): void {
    const lines = this.matcher.scanBytes(body, this.lineNo, this.matched);
    if (lines === undefined) {
      this.scanText(body.toString('latin1'));
      return;
    }
    this.lineNo += lines; // scanBytes clips nothing: it declines a piece with a long line
    this.findings.readRepeatTimes();
    this.noteTimeRange(this.timeLinesOf(body));
  }

  /** LineSink: a line was cut at MAX_LINE_CHARS. */
  lineCut(): void {
    this.warnOnce('long-line', `line ${this.lineNo + 1} is longer than ${MAX_LINE_CHARS / 1048576} MiB characters; only its beginning was analyzed`);
  }

  private warnOnce(what: string, warning: string): void {
    if (this.failed.has(what)) return; // the first one is enough to tell
    this.failed.add(what);
    this.warnings.push(warning);
  }

  /** One warning per failing rule (not one per line); its correlator, if any, is stopped. */
  private ruleFailed(def: RuleDefinition, e: unknown, lineNo?: number): void {
    this.correlatorRuns.delete(def.id);
    const part = def.correlator ? `correlator "${def.correlator}"` : `enricher "${def.enrich}"`;
    const where = lineNo === undefined ? '' : ` on line ${lineNo + 1}`;
    this.warnOnce(def.id, `rule ${def.id}: its ${part} failed${where} (${oneLine(e)}); the other rules' results are complete`);
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
      this.warnOnce(this.format.id, `format ${this.format.id}: could not parse a line (${oneLine(e)}); its findings lack times and threads`);
      return undefined;
    }
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

  private onMatch(line: string, lineNo: number, matches: LineMatch[]): void {
    if (this.collect) {
      if (this.collect.length < MAX_KEPT_MATCHED_LINES) this.collect.push(lineNo);
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
      } else this.findings.add(rule.def, match, line, lineNo);
    }
  }
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

/**
 * The numbers of the lines of a scan that some rule matched, or `overflowed` when there were more
 * than MAX_KEPT_MATCHED_LINES. Their text is read again from the document for a replay: keeping it
 * (or what was matched on it) would cost a noisy document many times its own text.
 */
export type MatchedLines = number[] & { overflowed?: boolean };

/** Lines of a text, one after the other, and the number of each in the text (LogScanner.replay). */
export interface ReplayPiece {
  text: string;
  lineNos: ArrayLike<number>;
}

/**
 * Analyses a file from disk, streaming (plain or gzip), or an archive member given as `source` by
 * an archive walk (io/archive) or as the `textFile` a timeline's spill wrote of it. Throws
 * LogInputError for unreadable input.
 */
export async function analyzeFile(path: string, options: AnalyzeOptions = {}, source?: LogSource, textFile?: string): Promise<FileAnalysis> {
  let scanner: LogScanner | undefined;
  const head: string[] = [];
  /** The pieces read before the head is complete: bytes (copied: the reader reuses its buffers) go to the byte scan too. */
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
  const feedPiece = (scanner: LogScanner, piece: string | Buffer) => (typeof piece === 'string' ? feed(scanner, piece) : feedBytes(scanner, piece));
  const startScanner = async () => {
    const text = head.join('');
    const started = new LogScanner(resolveFormat(path, text, options), options, path, text);
    options.onFormat?.(started.format?.id ?? null);
    for (const h of headPieces) await feedPiece(started, h);
    head.length = headPieces.length = 0;
    return started;
  };
  for await (const piece of readLogPieces(path, (w) => warnings.push(w), { maxDecompressedBytes: options.maxDecompressedBytes, source, textFile })) {
    await breathe();
    if (options.isCancelled?.()) throw new AnalysisCancelled();
    if (!scanner) {
      // only the head (DETECTION_HEAD characters) is decoded for the detection; the piece that completes it is scanned as it was read
      const chunk = pieceText(piece, 0, DETECTION_HEAD - headLength);
      head.push(chunk);
      headLength += chunk.length;
      if (headLength < DETECTION_HEAD) {
        headPieces.push(typeof piece === 'string' ? piece : Buffer.from(piece));
        continue;
      }
      scanner = await startScanner();
    }
    await feedPiece(scanner, piece);
  }
  const done = scanner ?? (await startScanner());
  const { findings, lines } = done.end();
  return { path, format: done.format?.id ?? null, findings, lines, warnings: [...warnings, ...done.warnings], firstTime: done.firstTime, lastTime: done.lastTime };
}
