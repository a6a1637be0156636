// A second, cheap pass over the few files a cross-file relation needs: only lines a predicate wants
// (a finding's line, or a line holding a key such as an ipc string) are parsed, and their times go
// through the timeline's resolution (year, day, clock offset), so that files of different hosts
// compare on one clock. The pass is cut in two so that a worker thread can do the reading right
// after its own analysis of the file (collectLines) and hand the wanted lines over; their times are
// placed later, when the bundle's year correction is known (replayLines), as the rescan places them.
import { SLICE_MS, Slices } from '../turns';
import { logModifiedTime } from '../io/archive/openMember';
import { AnalysisCancelled, DETECTION_HEAD } from '../analyze';
import type { LogFormat } from '../formats';
import { formatById } from '../formats';
import type { LogPiece } from '../io/readLog';
import { pieceText, readLogPieces } from '../io/readLog';
import type { LineHints } from './candidateLines';
import { CandidateLines } from './candidateLines';
import type { LogSource } from '../io/archive/walk';

/** Where a file's text is when it is not read from its path: an archive member's bytes, or a spill's text file of it. */
export interface ReadFrom {
  source?: LogSource;
  textFile?: string;
}
import { yearFromHead } from '../timeline/genericTime';
import { TimeResolver } from '../timeline/timeResolver';
import type { RecordLevel } from '../types';

/** A wanted line as read, before its time is placed: what a correlator reads of its record. */
export interface ReadLine {
  /** 0-based line number. */
  line: number;
  /** The line's text ('' when the need does not keep it). */
  text: string;
  thread?: string;
  component?: string;
  level?: RecordLevel;
  /** Where the record's message starts in the text. */
  messageStart?: number;
  /** The time as the family parsed it (not yet placed: see TimeResolver). */
  raw?: number;
}

export interface ScannedLine extends ReadLine {
  /** Absolute time with the file's clock offset, when the line has one that can be placed. */
  time?: number;
}

/** Which lines a correlator wants of a file, and whether it reads their text. */
export interface ScanNeed {
  wants(text: string, line: number): boolean;
  keepsText: boolean;
  /**
   * What every wanted line has, when the need can say: its number is in `lines` or it holds one of
   * `literals` (none holds a line break). Only such lines are then cut out of the text and asked
   * `wants` (candidateLines.ts): a need for a few lines of a big file costs a search, not a parse of every line.
   */
  only?: LineHints;
}

export interface ScanOptions {
  offsetMs: number;
  year?: number;
  /** The bundle's correction of modification-time years (timeline/yearEvidence.ts). */
  yearShift?: number;
  isCancelled?: () => boolean;
}

/** What placing a file's times needs beyond its lines: read with them, so that a replay places them the same way. */
export interface FileTimeBasis {
  /** The file's modification time; undefined when it could not be read (then it has no lines either). */
  mtime?: number;
  /** A year written in full in the file's first piece. */
  logYear?: { year: number; line: number };
}

/**
 * The wanted lines of one file, read ahead of the correlation (by a worker), field by field: a
 * column of numbers crosses to another thread and is stored far more cheaply than an object per
 * line. Threads, components and levels repeat: they are indexes into `values` (-1: none).
 */
export interface CollectedLines extends FileTimeBasis {
  line: number[];
  text: string[];
  thread: number[];
  component: number[];
  level: number[];
  /** -1: none. */
  messageStart: number[];
  /** NaN for a line without a time. */
  raw: number[];
  values: string[];
  /** false: there were more than the caps allow, and the correlation reads the file again itself. */
  complete: boolean;
  /** The file could not be read: the correlation skips it, as a rescan would. */
  unreadable?: boolean;
}

function emptyColumns(): CollectedLines {
  return { line: [], text: [], thread: [], component: [], level: [], messageStart: [], raw: [], values: [], complete: true };
}

/**
 * A copy of a piece of a line that does not hold on to the piece of the file it was cut from (a
 * slice shares its parent's characters): what is kept must not keep the whole file.
 */
function ownCopy(text: string): string {
  return (' ' + text).slice(1);
}

/** Most lines and characters of text kept per file by collectLines; past them the correlation rescans that file. */
export interface CollectCaps {
  lines: number;
  chars: number;
}
export const COLLECT_CAPS: CollectCaps = { lines: 400_000, chars: 8 * 1024 * 1024 };

/**
 * Longest stretch of scanning without a turn of the event loop (ms). Pieces already read arrive as
 * promise callbacks, which let no other work in: a language server running a folder analysis must
 * still answer hovers, so the line loop gives way now and then.
 */
export const YIELD_EVERY_MS = SLICE_MS;
/** Lines between two looks at the clock. */
const CHECK_EVERY_LINES = 256;

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** The wanted line reduced to what correlators read (one object shape for every line). */
function readLine(format: LogFormat | undefined, text: string, line: number, keepsText: boolean): ReadLine {
  const record = format?.parse(text, {});
  return {
    line,
    text: keepsText ? text : '',
    thread: record?.thread,
    component: record?.component,
    level: record?.level,
    messageStart: keepsText ? record?.messageRange[0] : undefined,
    raw: record?.time,
  };
}

/** A piece as readLogPieces gives it (the reader may reuse bytes for its next piece). */
type Piece = LogPiece;
const NEWLINE = 10;
const NOT_ASCII = /[^\x00-\x7f]/;

/**
 * The whole lines of `carry` (the end of the last piece, no line break in it) and `piece` that
 * follows it, and what follows their last line break, to carry on. Neither is copied whole: the
 * lines come in at most two parts, the carried line completed, then the piece's own lines. Bytes
 * stay bytes (an ASCII carry after a piece that was text becomes bytes again); what is carried on
 * is copied, as the reader reuses its buffers.
 */
function wholeLines(carry: Piece, piece: Piece): { lines: Piece[]; rest: Piece } {
  if (typeof piece !== 'string' && typeof carry === 'string' && !NOT_ASCII.test(carry)) carry = Buffer.from(carry, 'latin1');
  if (typeof piece !== 'string' && typeof carry !== 'string') {
    const last = piece.lastIndexOf(NEWLINE);
    if (last < 0) return { lines: [], rest: Buffer.concat([carry, piece]) };
    const first = carry.length ? piece.indexOf(NEWLINE) : -1;
    const lines: Piece[] = carry.length ? [Buffer.concat([carry, piece.subarray(0, first + 1)])] : [];
    if (first < last) lines.push(piece.subarray(first + 1, last + 1));
    return { lines, rest: Buffer.from(piece.subarray(last + 1)) };
  }
  // text: a piece that is not ASCII, or the line carried from one
  const before = pieceText(carry);
  const text = pieceText(piece);
  const last = text.lastIndexOf('\n');
  if (last < 0) return { lines: [], rest: before + text };
  const first = before ? text.indexOf('\n') : -1;
  const lines = before ? [before + text.slice(0, first + 1)] : [];
  if (first < last) lines.push(text.slice(first + 1, last + 1));
  return { lines, rest: text.slice(last + 1) };
}

/**
 * Streams `path` and calls `onLine` for every line `need` wants (by its text and number), reduced
 * to what correlators read; `basis` is filled before the first line is handed over. Memory: one
 * piece of the file. False when the file could not be read: the analysis already reported it. Gives
 * the event loop a turn at least every YIELD_EVERY_MS of work; throws AnalysisCancelled once
 * `isCancelled` says so. `onLine` returning false stops the reading. `from`: where the text is when not at `path`.
 */
async function readWanted(path: string, formatId: string | null, need: ScanNeed, basis: FileTimeBasis, onLine: (l: ReadLine) => boolean | void, isCancelled?: () => boolean, from: ReadFrom = {}): Promise<boolean> {
  const format = formatById(formatId);
  try {
    basis.mtime = await logModifiedTime(path);
  } catch {
    return false;
  }
  let carry: Piece = '';
  let lineNo = 0;
  let first = true;
  let stop = false;
  const takeAt = (raw: string, line: number) => {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (need.wants(text, line) && onLine(readLine(format, text, line, need.keepsText)) === false) stop = true;
  };
  const take = (raw: string) => takeAt(raw, lineNo++);
  const candidates = need.only && new CandidateLines(need.only);
  const slices = new Slices();
  let unchecked = 0;
  const breathe = async () => {
    unchecked = 0;
    if (!slices.due()) return;
    await slices.turn();
    if (isCancelled?.()) throw new AnalysisCancelled();
  };
  try {
    for await (const piece of readLogPieces(path, undefined, from)) {
      if (isCancelled?.()) throw new AnalysisCancelled();
      if (first) {
        first = false;
        const logYear = yearFromHead(pieceText(piece, 0, DETECTION_HEAD));
        if (logYear) basis.logYear = logYear;
      }
      if (candidates) {
        // only the candidate lines are cut out (and, of bytes, decoded): the search counts the others
        const { lines, rest } = wholeLines(carry, piece);
        for (const whole of lines) {
          lineNo += candidates.each(whole, lineNo, (start, end, line) => stop || takeAt(pieceText(whole, start, end), line));
          if (stop) return true;
        }
        carry = rest;
        await breathe();
        continue;
      }
      const text = pieceText(carry) + pieceText(piece);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        take(text.slice(start, nl));
        start = nl + 1;
        if (stop) return true;
        if (++unchecked === CHECK_EVERY_LINES) await breathe();
      }
      carry = text.slice(start);
      await breathe();
    }
    if (carry.length) take(pieceText(carry));
  } catch (e) {
    if (e instanceof AnalysisCancelled) throw e;
    // unreadable or damaged: the analysis has its reason already
  }
  return true;
}

/** Places the times of lines read in order, as one pass over the file would (the resolver carries days and years). */
function placer(path: string, formatId: string | null, basis: FileTimeBasis, options: ScanOptions): (l: ReadLine) => ScannedLine {
  const format = formatById(formatId);
  const resolver = new TimeResolver({
    context: format?.contextFromName?.(baseName(path)) ?? {},
    year: options.year,
    logYear: basis.logYear,
    mtime: basis.mtime,
    yearShift: options.yearShift,
  });
  return (l) => {
    const abs = l.raw !== undefined ? resolver.resolve(l.raw) : undefined;
    return { line: l.line, text: l.text, thread: l.thread, component: l.component, level: l.level, messageStart: l.messageStart, raw: l.raw, time: abs === undefined ? undefined : abs + options.offsetMs };
  };
}

/**
 * Streams `path` and calls `onLine` for every line `wants` accepts (by its text and number), with
 * its record's fields and placed time. Memory: one piece of the file. Unreadable files are skipped
 * quietly: the analysis already reported them.
 */
export async function scanLines(path: string, formatId: string | null, options: ScanOptions, wants: ScanNeed | ((text: string, line: number) => boolean), onLine: (l: ScannedLine) => void): Promise<void> {
  const need = typeof wants === 'function' ? { wants, keepsText: true } : wants;
  const basis: FileTimeBasis = {};
  let place: ((l: ReadLine) => ScannedLine) | undefined;
  await readWanted(path, formatId, need, basis, (l) => onLine((place ??= placer(path, formatId, basis, options))(l)), options.isCancelled);
}

/** The lines `need` wants of `path`, read ahead of the correlation; past the caps, none (`complete: false`). */
export async function collectLines(path: string, formatId: string | null, need: ScanNeed, caps: CollectCaps = COLLECT_CAPS, from?: ReadFrom): Promise<CollectedLines> {
  const out = emptyColumns();
  const indexes = new Map<string, number>();
  const indexOf = (value: string | undefined) => {
    if (value === undefined) return -1;
    let i = indexes.get(value);
    if (i === undefined) indexes.set(value, (i = out.values.push(ownCopy(value)) - 1));
    return i;
  };
  let chars = 0;
  const readable = await readWanted(
    path,
    formatId,
    need,
    out,
    (l) => {
      chars += l.text.length;
      if (out.line.length >= caps.lines || chars > caps.chars) {
        Object.assign(out, emptyColumns(), { complete: false });
        return false;
      }
      out.line.push(l.line);
      out.text.push(l.text && ownCopy(l.text));
      out.thread.push(indexOf(l.thread));
      out.component.push(indexOf(l.component));
      out.level.push(indexOf(l.level));
      out.messageStart.push(l.messageStart ?? -1);
      out.raw.push(l.raw ?? NaN);
    },
    undefined,
    from,
  );
  if (!readable) return { ...emptyColumns(), unreadable: true };
  return out;
}

/** The collected lines with their times placed, to `onLine`, as scanLines would have handed them over. */
export function replayLines(path: string, formatId: string | null, collected: CollectedLines, options: ScanOptions, onLine: (l: ScannedLine) => void): void {
  if (collected.unreadable || !collected.line.length) return;
  const place = placer(path, formatId, collected, options);
  const { line, text, thread, component, level, messageStart, raw, values } = collected;
  const value = (i: number) => (i < 0 ? undefined : values[i]);
  for (let i = 0; i < line.length; i++) {
    onLine(
      place({
        line: line[i],
        text: text[i],
        thread: value(thread[i]),
        component: value(component[i]),
        level: value(level[i]) as RecordLevel | undefined,
        messageStart: messageStart[i] < 0 ? undefined : messageStart[i],
        raw: Number.isNaN(raw[i]) ? undefined : raw[i],
      }),
    );
  }
}
