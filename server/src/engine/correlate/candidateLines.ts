// The lines of a piece of text a correlation need may want, found without cutting out every line:
// those holding one of its literals (one multi-literal search with line numbers, the analysis's own
// rules/literalFinder.ts; one indexOf per literal where WebAssembly SIMD is missing) and those it
// names by number, in line order. The need's `wants` still decides on each of them. A piece of
// ASCII bytes is searched as bytes, as the analysis does: only the candidate lines are ever decoded.
import type { LogPiece } from '../io/readLog';
import { LiteralFinder } from '../rules/literalFinder';

/** What every wanted line has: its number is in `lines`, or it holds one of `literals` (none holds a line break). */
export interface LineHints {
  lines: ReadonlySet<number>;
  literals: readonly string[];
}

/** Text as a string, or as ASCII bytes whose offsets are those of the same text as a string: both search alike. */
type Piece = LogPiece;
const NEWLINE = 10;

/** The offset of the first line break at or after `from` (-1: none); in bytes, looked for as a byte, not a string to encode. */
function nextBreak(text: Piece, from: number): number {
  return typeof text === 'string' ? text.indexOf('\n', from) : text.indexOf(NEWLINE, from);
}

/**
 * Where the literal search's lines go, as (start, end, line) triples: one function for every
 * search, as the analysis has one per matcher; a closure per call would be a new call target for
 * the search's optimised code each time, which V8 then throws away.
 */
let collected: number[] = [];
function collect(start: number, end: number, line: number): void {
  collected.push(start, end, line);
}

export class CandidateLines {
  private readonly finder: LiteralFinder | undefined;
  private readonly numbers: number[];
  /** The first of `numbers` not yet passed. */
  private next = 0;

  /** `search`: false leaves the multi-literal search out (as where WebAssembly SIMD is missing). */
  constructor(
    private readonly hints: LineHints,
    search = true,
  ) {
    this.finder = search && hints.literals.length ? LiteralFinder.create(hints.literals) : undefined;
    this.numbers = [...hints.lines].sort((a, b) => a - b);
  }

  /**
   * Calls `onLine(start, end, line)` for each candidate line of `text`, in order, once each: `text`
   * is whole lines, each ending in '\n' (`end` is its offset), numbered from `firstLine`; a Buffer
   * must hold ASCII only (a literal that is not ASCII cannot be in it). Pieces come in order.
   * Returns the number of lines.
   */
  each(text: Piece, firstLine: number, onLine: (start: number, end: number, line: number) => void): number {
    const byLiteral: number[] = (collected = []);
    const { finder } = this;
    const lines = finder ? (typeof text === 'string' ? finder.scan(text, firstLine, collect) : finder.scanBytes(text, firstLine, collect)) : byIndexOf(text, firstLine, this.hints.literals, byLiteral);
    const byNumber = this.numbered(text, firstLine, firstLine + lines);
    // the two lists merged in line order, a line in both once
    let a = 0;
    let b = 0;
    while (a < byLiteral.length || b < byNumber.length) {
      const la = a < byLiteral.length ? byLiteral[a + 2] : Infinity;
      const lb = b < byNumber.length ? byNumber[b + 2] : Infinity;
      const from = la <= lb ? byLiteral : byNumber;
      const i = la <= lb ? a : b;
      onLine(from[i], from[i + 1], from[i + 2]);
      if (la <= lb) a += 3;
      if (lb <= la) b += 3;
    }
    return lines;
  }

  /** The lines named by number in [firstLine, endLine), as (start, end, line) triples, found by walking the line breaks to them. */
  private numbered(text: Piece, firstLine: number, endLine: number): number[] {
    const out: number[] = [];
    const { numbers } = this;
    while (this.next < numbers.length && numbers[this.next] < firstLine) this.next++;
    let pos = 0;
    let line = firstLine;
    for (; this.next < numbers.length && numbers[this.next] < endLine; this.next++) {
      for (const n = numbers[this.next]; line < n; line++) pos = nextBreak(text, pos) + 1;
      out.push(pos, nextBreak(text, pos), line);
    }
    return out;
  }
}

/** The lines holding a literal, each literal looked for again only once the walk has passed it. */
function byIndexOf(text: Piece, firstLine: number, literals: readonly string[], out: number[]): number {
  const next = literals.map((l) => text.indexOf(l));
  let line = firstLine;
  let start = 0;
  for (let nl = nextBreak(text, 0); nl >= 0; nl = nextBreak(text, start), line++) {
    for (let k = 0; k < next.length; k++) {
      if (next[k] >= 0 && next[k] < start) next[k] = text.indexOf(literals[k], start);
      if (next[k] >= 0 && next[k] < nl) {
        out.push(start, nl, line);
        break;
      }
    }
    start = nl + 1;
  }
  return line - firstLine;
}
