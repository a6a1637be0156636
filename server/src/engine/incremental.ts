// Re-analysis of an open document after an edit, in time proportional to the edit and to the lines
// rules matched, not to the document: a 50 MB log gets its diagnostics back in milliseconds.
//
// An analysis has two stages. The scan finds the lines some rule matches; that is the costly part,
// and each line's matches depend on that line alone. Then the matched lines go, in order, to the
// rules' findings and to the correlators, whose state spans lines. So after an edit only the edited
// lines are scanned again; the numbers of the other matched lines are kept (renumbered), and the
// second stage runs again over all matched lines, read again from the document: keeping their text,
// matches and records instead would cost a noisy document several times its own text. The result
// is the one a full analysis gives (the tests compare them on random edits).
import type { AnalyzeOptions, FileAnalysis, MatchedLines, ReplayPiece, TextEdges } from './analyze';
import { analyzeText, builtInRuleSet, LogScanner, MAX_KEPT_MATCHED_LINES, MAX_LINE_CHARS, TIME_EDGE } from './analyze';
import { analyzeTextAsync } from './analyzeTextAsync';
import { formatById } from './formats';
import { MAX_MATCHED_LINE } from './rules/signatureMatcher';

/** What a document offers (vscode-languageserver-textdocument's TextDocument has it). */
export interface DocumentText {
  getText(range?: { start: Position; end: Position }): string;
  readonly lineCount: number;
  offsetAt(position: Position): number;
  /** The text between two offsets, when the document can give it without its whole text. */
  textBetween?(start: number, end: number): string;
}

interface Position {
  line: number;
  character: number;
}

/** One change in document order: old lines [startLine, endLine] became [startLine, endLine + lineDelta]. */
export interface LineEdit {
  startLine: number;
  endLine: number;
  lineDelta: number;
}

interface Range {
  from: number;
  to: number;
}

/** Characters of matched lines read again per piece of a replay. */
const REPLAY_PIECE_CHARS = 256 * 1024;

export class IncrementalAnalysis {
  private constructor(
    readonly path: string,
    private readonly options: AnalyzeOptions,
    /** The numbers of the matched lines, ascending; undefined when there were too many to keep (an edit then costs a full analysis). */
    private matched: Int32Array | undefined,
    /** Lines longer than the rules see (they are matched on their beginning; the analysis says so). */
    private clipped: number[],
    public analysis: FileAnalysis,
  ) {}

  /** A full analysis that keeps what a later `update` needs. `options.format` should be set (null for none). */
  static analyze(path: string, text: string, options: AnalyzeOptions): IncrementalAnalysis {
    const matched: MatchedLines = [];
    const analysis = analyzeText(path, text, options, matched);
    return new IncrementalAnalysis(path, { ...options, format: analysis.format }, keptLines(matched), longLines(text, 0), analysis);
  }

  /**
   * `analyze` with a turn of the event loop every few milliseconds (a document opening in the
   * language server); rejects with AnalysisCancelled once `options.isCancelled` says so.
   */
  static async analyzeAsync(path: string, text: string, options: AnalyzeOptions): Promise<IncrementalAnalysis> {
    const matched: MatchedLines = [];
    const analysis = await analyzeTextAsync(path, text, options, matched);
    const { isCancelled: _polled, ...rest } = options; // a later full re-analysis (restart) runs at once
    return new IncrementalAnalysis(path, { ...rest, format: analysis.format }, keptLines(matched), longLines(text, 0), analysis);
  }

  /**
   * The analysis of `doc` after `edits` (the changes since the last analysis, in the order made).
   * Falls back to a full analysis where the shortcut does not hold (a line past MAX_LINE_CHARS).
   */
  update(doc: DocumentText, edits: readonly LineEdit[]): FileAnalysis {
    // the whole text is never asked for: a document kept in blocks would join them, a copy of it all
    if (!this.matched || this.analysis.warnings.some((w) => w.includes('MiB characters'))) return this.restart(doc.getText());
    // renumber what was kept, and collect the line ranges to scan again
    let dirty: Range[] = [];
    let matched = this.matched;
    let clipped = this.clipped;
    for (const e of edits) {
      const shift = (n: number) => (n > e.endLine ? n + e.lineDelta : n);
      matched = matched.filter((n) => n < e.startLine || n > e.endLine).map(shift);
      clipped = clipped.filter((n) => n < e.startLine || n > e.endLine).map(shift);
      dirty = dirty.flatMap((r) => cut(r, e));
      dirty.push({ from: e.startLine, to: e.endLine + e.lineDelta });
    }
    // a line break can be one character of two (\r\n): the lines either side may have joined or split
    const last = doc.lineCount - 1;
    dirty = merge(dirty.map((r) => ({ from: Math.max(0, r.from - 1), to: Math.min(last, Math.max(r.from, r.to) + 1) })));
    const matcher = (this.options.rules ?? builtInRuleSet()).matcherFor(this.options.format ?? null);
    for (const r of dirty) {
      clipped = clipped.filter((n) => n < r.from || n > r.to);
      const piece = linesText(doc, r.from, r.to);
      if (piece.length > MAX_LINE_CHARS) return this.restart(doc.getText());
      const fresh: number[] = [];
      matcher.scan(piece, r.from, (_line, lineNo) => fresh.push(lineNo));
      matched = insert(
        matched.filter((n) => n < r.from || n > r.to),
        fresh,
      );
      clipped = [...clipped, ...longLines(piece, r.from)].sort((a, b) => a - b);
    }
    this.matched = matched.length > MAX_KEPT_MATCHED_LINES ? undefined : matched;
    this.clipped = clipped;
    // the last line counts when it has characters (the text does not end with a line break)
    const length = doc.offsetAt({ line: doc.lineCount, character: 0 });
    const lines = doc.lineCount - (doc.offsetAt({ line: last, character: 0 }) === length ? 1 : 0);
    const scanner = new LogScanner(formatById(this.options.format), this.options, this.path);
    const { findings } = scanner.replay(replayPieces(doc, matched), lines);
    const warnings = [...scanner.warnings];
    if (clipped.length) warnings.push(clippedWarning());
    this.analysis = { path: this.path, format: this.options.format ?? null, findings, lines, warnings, ...scanner.timeRangeOf(edgesOf(doc, length)) };
    return this.analysis;
  }

  private restart(text: string): FileAnalysis {
    const fresh = IncrementalAnalysis.analyze(this.path, text, this.options);
    this.matched = fresh.matched;
    this.clipped = fresh.clipped;
    this.analysis = fresh.analysis;
    return this.analysis;
  }
}

/** The matched lines worth keeping for an update: compact, or none when they overflowed. */
function keptLines(matched: MatchedLines): Int32Array | undefined {
  return matched.overflowed ? undefined : Int32Array.from(matched);
}

/** Lines [from, to] of the document, each ending with \n as the scanner reads them (a lone \r ends a line, as in the editor). */
function linesText(doc: DocumentText, from: number, to: number): string {
  const text = doc.getText({ start: { line: from, character: 0 }, end: { line: to + 1, character: 0 } });
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** The matched lines, read again from the document in pieces of about REPLAY_PIECE_CHARS (runs of neighbouring lines read at once). */
function* replayPieces(doc: DocumentText, matched: Int32Array): Generator<ReplayPiece> {
  let parts: string[] = [];
  let size = 0;
  let from = 0;
  for (let i = 0; i < matched.length;) {
    let j = i;
    while (j + 1 < matched.length && matched[j + 1] === matched[j] + 1) j++;
    let text = linesText(doc, matched[i], matched[j]);
    if (!text.endsWith('\n')) text += '\n'; // the last line of a text without a final line break
    parts.push(text);
    size += text.length;
    i = j + 1;
    if (size >= REPLAY_PIECE_CHARS || i === matched.length) {
      yield { text: parts.join(''), lineNos: matched.subarray(from, i) };
      parts = [];
      size = 0;
      from = i;
    }
  }
}

/** What textEdges gives for the document's text, read without the whole text. */
function edgesOf(doc: DocumentText, length: number): TextEdges {
  // (positions would move an offset between \r and \n before the \r: offsets, then)
  const range = (from: number, to: number) => (doc.textBetween ? doc.textBetween(from, to) : doc.getText().slice(from, to));
  if (length <= TIME_EDGE) {
    const text = range(0, length);
    return { head: text, tail: text };
  }
  const end = range(length - TIME_EDGE, length);
  const nl = end.indexOf('\n');
  return { head: range(0, TIME_EDGE), tail: nl >= 0 ? end.slice(nl + 1) : doc.getText() };
}

/** The scanner's wording, so that both paths report a clipped line alike. */
function clippedWarning(): string {
  return `a line is longer than ${MAX_MATCHED_LINE / 1024} KiB characters; rules were matched on its first ${MAX_MATCHED_LINE / 1024} KiB only`;
}

/**
 * False when no line of `text` can be longer than MAX_MATCHED_LINE: every window of half that length
 * holds a line break. A few searches per megabyte, where the walk below costs one per line.
 */
function mayHaveLongLine(text: string): boolean {
  const window = MAX_MATCHED_LINE / 2;
  for (let at = 0; at < text.length; at += window) {
    const nl = text.indexOf('\n', at);
    if (nl < 0 ? text.length - at > window : nl >= at + window) return true;
  }
  return false;
}

/** Numbers of the lines of `text` longer than MAX_MATCHED_LINE, counted from `firstLine`. */
function longLines(text: string, firstLine: number): number[] {
  const out: number[] = [];
  if (text.length <= MAX_MATCHED_LINE || !mayHaveLongLine(text)) return out;
  let lineNo = firstLine;
  for (let start = 0; start < text.length; lineNo++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let length = end - start;
    if (length > 0 && text.charCodeAt(end - 1) === 13) length--;
    if (length > MAX_MATCHED_LINE) out.push(lineNo);
    start = end + 1;
  }
  return out;
}

/** A dirty range after an edit: the part before it stays, the part after it moves, the part inside goes (the edit is dirty itself). */
function cut(r: Range, e: LineEdit): Range[] {
  const out: Range[] = [];
  if (r.from < e.startLine) out.push({ from: r.from, to: Math.min(r.to, e.startLine - 1) });
  if (r.to > e.endLine) out.push({ from: Math.max(r.from, e.endLine + 1) + e.lineDelta, to: r.to + e.lineDelta });
  return out;
}

function merge(ranges: Range[]): Range[] {
  const sorted = ranges.filter((r) => r.to >= r.from).sort((a, b) => a.from - b.from);
  const out: Range[] = [];
  for (const r of sorted) {
    const prev = out[out.length - 1];
    if (prev && r.from <= prev.to + 1) prev.to = Math.max(prev.to, r.to);
    else out.push({ ...r });
  }
  return out;
}

/** `fresh` (ascending, all between two kept lines) placed among `kept`, in order. */
function insert(kept: Int32Array, fresh: readonly number[]): Int32Array {
  if (!fresh.length) return kept;
  const at = lowerBound(kept, fresh[0]);
  const out = new Int32Array(kept.length + fresh.length);
  out.set(kept.subarray(0, at));
  out.set(fresh, at);
  out.set(kept.subarray(at), at + fresh.length);
  return out;
}

function lowerBound(list: Int32Array, lineNo: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < lineNo) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
