// An open document kept in blocks of whole lines, so that an edit costs the size of a block, not of
// the document. vscode-languageserver-textdocument keeps one string: every edit of a 50 MB log copies
// all of it (V8 flattens the string the edit made before the next one can slice it), and its line
// table is built with a loop over every character. Same interface and the same line rules
// (\r\n, \r and \n end a line); the tests compare the two on random edits.
// Opened, a document keeps the text it was given and cuts it into blocks only when first asked
// something about its lines (or told to by `prepare`): a 50 MB log gets its first diagnostics
// without waiting for a line table that its analysis does not need.
import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** Characters per block when a text is cut into blocks (blocks end at a line break). */
const BLOCK = 64 * 1024;

interface Block {
  text: string;
  /** Offsets in `text` where lines start, after the first (at 0). */
  breaks: number[];
}

function isEol(c: number): boolean {
  return c === 13 || c === 10;
}

/** Offsets where lines start after each line break of `text` (\r\n counts once). */
function lineStarts(text: string): number[] {
  const out: number[] = [];
  let cr = text.indexOf('\r');
  let nl = text.indexOf('\n');
  if (cr < 0) {
    for (; nl >= 0; nl = text.indexOf('\n', nl + 1)) out.push(nl + 1);
    return out;
  }
  while (cr >= 0 || nl >= 0) {
    let at: number;
    if (cr >= 0 && (nl < 0 || cr < nl)) {
      at = cr;
      if (text.charCodeAt(at + 1) === 10) nl = text.indexOf('\n', ++at + 1);
      cr = text.indexOf('\r', at + 1);
    } else {
      at = nl;
      nl = text.indexOf('\n', at + 1);
    }
    out.push(at + 1);
  }
  return out;
}

/** Cuts `text` into blocks of about BLOCK characters that end at a line break (a \r\n is never split). */
function toBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  for (let from = 0; from < text.length;) {
    let to = Math.min(text.length, from + BLOCK);
    if (to < text.length) {
      const nl = text.indexOf('\n', to - 1);
      to = nl < 0 ? text.length : nl + 1;
    }
    const piece = text.slice(from, to);
    blocks.push({ text: piece, breaks: lineStarts(piece) });
    from = to;
  }
  return blocks;
}

/** getText(range) of a document not yet cut into blocks reads the lines of a range ending before this one from the text itself. */
const HEAD_LINES = 1000;

/** Offsets where the first `count` lines after line 0 start, read from the beginning of `text` only. */
function headLineStarts(text: string, count: number): number[] {
  for (let length = 64 * 1024; ; length *= 4) {
    if (length >= text.length) return lineStarts(text).slice(0, count);
    // a break at the very end of the slice may be the \r of a \r\n: only starts before it are sure
    const starts = lineStarts(text.slice(0, length)).filter((at) => at < length);
    if (starts.length >= count) return starts.slice(0, count);
  }
}

export class LargeTextDocument implements TextDocument {
  /** Undefined until the text is first cut (`prepare`). */
  private cut: Block[] | undefined;
  /** Per block: offset of its first character and number of the line it starts in. */
  private firstChar: number[] = [];
  private firstLine: number[] = [];
  private length = 0;
  private lines = 1;
  private whole: string | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    content: string,
  ) {
    this.whole = content;
  }

  /** Cuts the text into blocks and indexes them now, if not done yet (the first question about lines would). */
  prepare(): void {
    if (this.cut) return;
    this.cut = toBlocks(this.whole ?? '');
    this.index();
  }

  private get blocks(): Block[] {
    if (!this.cut) this.prepare();
    return this.cut!;
  }

  private set blocks(blocks: Block[]) {
    this.cut = blocks;
  }

  get lineCount(): number {
    this.prepare();
    return this.lines;
  }

  private index(): void {
    this.firstChar = new Array(this.blocks.length);
    this.firstLine = new Array(this.blocks.length);
    let chars = 0;
    let lines = 0;
    for (let b = 0; b < this.blocks.length; b++) {
      this.firstChar[b] = chars;
      this.firstLine[b] = lines;
      chars += this.blocks[b].text.length;
      lines += this.blocks[b].breaks.length;
    }
    this.length = chars;
    this.lines = lines + 1;
  }

  /** The block holding line `line` (lines that start a block belong to it). */
  private blockOfLine(line: number): number {
    return lastAtMost(this.firstLine, this.blocks.length, line);
  }

  /** The block holding character `offset` (the end of the text belongs to the last block). */
  private blockOfOffset(offset: number): number {
    return lastAtMost(this.firstChar, this.blocks.length, offset);
  }

  /** Offset where `line` starts (0 <= line < lineCount). */
  private lineStart(line: number): number {
    if (line === 0 || !this.blocks.length) return 0;
    const b = this.blockOfLine(line);
    const k = line - this.firstLine[b];
    return this.firstChar[b] + (k === 0 ? 0 : this.blocks[b].breaks[k - 1]);
  }

  private charAt(offset: number): number {
    const b = this.blockOfOffset(offset);
    return this.blocks[b]?.text.charCodeAt(offset - this.firstChar[b]) ?? NaN;
  }

  getText(range?: Range): string {
    if (!range) return (this.whole ??= this.blocks.map((b) => b.text).join(''));
    if (!this.cut && this.whole !== undefined && range.start.line >= 0 && range.end.line >= 0 && Math.max(range.start.line, range.end.line) < HEAD_LINES) {
      return this.headText(range);
    }
    return this.textBetween(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  /** getText(range) near the beginning of a document not yet cut into blocks, by the same rules as offsetAt. */
  private headText(range: Range): string {
    const text = this.whole!;
    const starts = [0, ...headLineStarts(text, Math.max(range.start.line, range.end.line) + 1)];
    const lines = starts.length; // the lines the text has, when it has fewer than asked for
    const offset = (p: Position): number => {
      if (p.line >= lines) return text.length;
      const lineOffset = starts[p.line];
      if (p.character <= 0) return lineOffset;
      const next = p.line + 1 < lines ? starts[p.line + 1] : text.length;
      let at = Math.min(lineOffset + p.character, next);
      while (at > lineOffset && isEol(text.charCodeAt(at - 1))) at--;
      return at;
    };
    let start = offset(range.start);
    let end = offset(range.end);
    if (end < start) [start, end] = [end, start];
    return text.slice(start, end);
  }

  /** The whole text as pieces, in order, without joining them (a copy of the list: later edits do not change it). */
  textParts(): string[] {
    return this.whole !== undefined ? [this.whole] : this.blocks.map((b) => b.text);
  }

  /** The text between two offsets, like String#substring (whose arguments may come in either order). */
  textBetween(start: number, end: number): string {
    if (end < start) [start, end] = [end, start];
    if (end === start) return '';
    if (this.whole !== undefined) return this.whole.slice(start, end);
    const first = this.blockOfOffset(start);
    const last = this.blockOfOffset(end - 1);
    if (first === last) return this.blocks[first].text.slice(start - this.firstChar[first], end - this.firstChar[first]);
    const parts = [this.blocks[first].text.slice(start - this.firstChar[first])];
    for (let b = first + 1; b < last; b++) parts.push(this.blocks[b].text);
    parts.push(this.blocks[last].text.slice(0, end - this.firstChar[last]));
    return parts.join('');
  }

  offsetAt(position: Position): number {
    this.prepare();
    if (position.line >= this.lines) return this.length;
    if (position.line < 0) return 0;
    const lineOffset = this.lineStart(position.line);
    if (position.character <= 0) return lineOffset;
    const next = position.line + 1 < this.lines ? this.lineStart(position.line + 1) : this.length;
    return this.beforeEol(Math.min(lineOffset + position.character, next), lineOffset);
  }

  getLineRange(line: number): Range {
    this.prepare();
    if (line >= this.lines) {
      const last = this.lines - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.length - this.lineStart(last) } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const start = this.lineStart(line);
    const end = this.beforeEol(line + 1 < this.lines ? this.lineStart(line + 1) : this.length, start);
    return { start: { line, character: 0 }, end: { line, character: end - start } };
  }

  getEOLCharacters(line: number): string {
    this.prepare();
    if (line < 0 || line >= this.lines) return '';
    const next = line + 1 < this.lines ? this.lineStart(line + 1) : this.length;
    return this.textBetween(this.beforeEol(next, this.lineStart(line)), next);
  }

  private beforeEol(offset: number, lineOffset: number): number {
    while (offset > lineOffset && isEol(this.charAt(offset - 1))) offset--;
    return offset;
  }

  positionAt(offset: number): Position {
    this.prepare();
    offset = Math.max(Math.min(offset, this.length), 0);
    let lo = 0;
    let hi = this.lines - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStart(mid) <= offset) lo = mid;
      else hi = mid - 1;
    }
    const lineOffset = this.lineStart(lo);
    return { line: lo, character: this.beforeEol(offset, lineOffset) - lineOffset };
  }

  /** Applies changes in order, as TextDocument.update does. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change && change.range) this.replace(this.offsetAt(change.range.start), this.offsetAt(change.range.end), change.text);
      else {
        // cut again when asked (see the constructor)
        this.cut = undefined;
        this.whole = change.text;
      }
    }
    this.version = version;
  }

  private replace(start: number, end: number, text: string): void {
    if (end < start) [start, end] = [end, start];
    this.prepare();
    this.whole = undefined;
    if (!this.blocks.length) {
      this.blocks = toBlocks(text);
      this.index();
      return;
    }
    let first = this.blockOfOffset(start);
    let last = this.blockOfOffset(Math.max(start, end - 1));
    let joined = this.blocks[first].text.slice(0, start - this.firstChar[first]) + text + this.blocks[last].text.slice(end - this.firstChar[last]);
    // blocks start at line starts, and a \r\n is never split: take in the neighbours the edit joins to
    if (first > 0 && joined.charCodeAt(0) === 10 && this.blocks[first - 1].text.endsWith('\r')) {
      first--;
      joined = this.blocks[first].text + joined;
    }
    while (last + 1 < this.blocks.length && !(joined.endsWith('\n') || (joined.endsWith('\r') && this.blocks[last + 1].text.charCodeAt(0) !== 10))) {
      last++;
      joined += this.blocks[last].text;
    }
    this.blocks.splice(first, last - first + 1, ...toBlocks(joined));
    this.index();
  }
}

/** The last index below `count` whose value in ascending `starts` is <= `value` (0 when none is). */
function lastAtMost(starts: readonly number[], count: number, value: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
