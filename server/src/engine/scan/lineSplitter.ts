// A log arrives in pieces cut anywhere, even inside a line or between a CR and its LF. The splitter
// hands on whole lines only: it carries the unfinished last line to the next piece, ends a line at
// a lone CR as the editor and the LSP do (a CR-only log is not one giant line), and keeps at most
// MAX_LINE_CHARS of a line, so that a file without line breaks cannot exhaust memory.

/**
 * Longest line kept while streaming (characters); the rest of a longer line is dropped with a
 * warning (LineSink.lineCut).
 */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

/** Where the whole lines go. */
export interface LineSink {
  /** Whole lines, each with its line break, as one text. */
  scanText(text: string): void;
  /** Whole lines as ASCII bytes without CR (pushBytes); the sink may decode them itself. */
  scanBytes(body: Buffer): void;
  /** The line being carried passed MAX_LINE_CHARS: its beginning is kept, the rest is dropped. */
  lineCut(): void;
}

export class LineSplitter {
  /** The unfinished last line, in the pieces it came in. */
  private carry: string[] = [];
  private carryLength = 0;
  /** The last piece ended with a CR: the next may start with its LF. */
  private pendingCR = false;
  /** The unfinished line passed MAX_LINE_CHARS: text is dropped up to its line break. */
  private overlong = false;

  constructor(private readonly sink: LineSink) {}

  push(text: string): void {
    if (!text) return;
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
      this.sink.scanText(this.carry.join(''));
    }
    this.carry = cut + 1 < text.length ? [text.slice(cut + 1)] : [];
    this.carryLength = text.length - cut - 1;
    if (from <= cut) this.sink.scanText(from === 0 && cut + 1 === text.length ? text : text.slice(from, cut + 1));
  }

  /**
   * `push` for a piece given as ASCII bytes: its whole lines go to the sink as bytes (a piece with a
   * CR, or met in a CR or a long line, goes as Latin-1 text). The bytes are not kept: the caller may
   * reuse the buffer once this returns.
   */
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
      this.sink.scanText(this.carry.join(''));
    }
    this.carry = cut + 1 < bytes.length ? [bytes.toString('latin1', cut + 1)] : [];
    this.carryLength = bytes.length - cut - 1;
    if (from <= cut) this.sink.scanBytes(bytes.subarray(from, cut + 1));
  }

  /** The end of the input: a CR left pending ends its line; gives the last line if it has no line break. */
  end(): string {
    if (this.pendingCR) {
      this.pendingCR = false;
      this.push('\n');
    }
    const rest = this.carry.join('');
    this.carry = [];
    this.carryLength = 0;
    return rest;
  }

  private cutLongLine(): void {
    this.carry = [this.carry.join('').slice(0, MAX_LINE_CHARS)];
    this.carryLength = MAX_LINE_CHARS;
    this.overlong = true;
    this.sink.lineCut();
  }
}
