// One log file as a stream of timed records for the merge. It holds one piece of the file (about a
// megabyte, as readLogChunks reads it) and the record being built, never the whole file.
import { logModifiedTime } from '../io/archive/openMember';
import { DETECTION_HEAD } from '../analyze';
import type { LogFormat, ParseContext } from '../formats';
import { detectFormat } from '../formats';
import { LogInputError, readLogChunks } from '../io/readLog';
import { genericLineTime, yearFromHead } from './genericTime';
import type { SpilledText } from './archiveSpill';
import type { DaySource } from './timeResolver';
import { TimeResolver } from './timeResolver';
import type { YearEvidence } from './yearEvidence';
import { yearEvidence } from './yearEvidence';

/** A record with its continuation lines, or a piece of a very long one. */
export interface TimelineRecord {
  kind: 'record';
  /** Absolute wall-clock ms, the file's clock offset applied. */
  time: number;
  /** Index of the file among the merged ones. */
  source: number;
  /** 0-based line of `lines[0]` in the file. */
  line: number;
  lines: string[];
  /** True for the second and later pieces of a record cut for memory's sake (same time). */
  continued: boolean;
}

export interface TimelineSourceInfo {
  index: number;
  path: string;
  tag: string;
  format: string | null;
  offsetMs: number;
  /** How its times were placed ("day 2014-05-05 from the file name"). */
  basis?: string;
  /** Why its lines are not on the timeline (no times, no date, unreadable). */
  unplaced?: string;
  /** Set when the file could not be read at all. */
  unreadable?: string;
  lines: number;
  records: number;
  /** Placed by time of day alone (no date known): see TimeResolver. */
  timeOfDayOnly?: boolean;
  /** Where a time-of-day log's day came from. */
  dayFrom?: DaySource;
  firstTime?: number;
  lastTime?: number;
  warnings: string[];
}

export interface FileSourceOptions {
  offsetMs?: number;
  /** Year of the first line for year-less stamps (setting / --year); else from the file's mtime. */
  year?: number;
  /** Day (UTC midnight, ms) of the first line of a time-of-day log whose name gives none (--date). */
  date?: number;
  /** Size of the pieces read (bytes): smaller when many files are merged, to bound memory. */
  pieceBytes?: number;
  /** Release the file between pieces, so that a merge of many files holds few open. */
  closeBetweenPieces?: boolean;
  /** An archive member's text spilled by the merge (archiveSpill.ts): read from there, not from the archive. */
  spilled?: SpilledText;
}

/** Continuation lines per piece: a record with a huge backtrace travels in pieces of this many lines. */
const MAX_PIECE_LINES = 256;
/** Lines without a time allowed before the first timed record; past this the file is not placed. */
const MAX_LEADING_LINES = 10_000;

/** `nextRecord()` result when the piece in memory is used up and `fill()` must read more. */
export const NEED_MORE = Symbol('need more');

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

interface VmkUptime {
  uptime?: number;
}

export class FileSource {
  readonly info: TimelineSourceInfo;
  private chunks: AsyncGenerator<string> | undefined;
  private buf = '';
  private pos = 0;
  private carry = '';
  private eof = false;
  private lineNo = 0;
  private pending: TimelineRecord | undefined;
  private leading: string[] = [];
  private leadingStart = 0;
  private format: LogFormat | undefined;
  private parseContext: ParseContext = {};
  private resolver: TimeResolver | undefined;
  /** ESX: boot time from a record that had both a time and an uptime (uptime stamps only where nothing better). */
  private bootTime: number | undefined;
  private ended = false;
  /** What the head and the modification time say about the year (see yearEvidence.ts). */
  yearEvidence: YearEvidence = {};

  constructor(
    path: string,
    index: number,
    tag: string,
    private readonly options: FileSourceOptions = {},
  ) {
    this.info = { index, path, tag, format: null, offsetMs: options.offsetMs ?? 0, lines: 0, records: 0, warnings: [] };
  }

  /** Reads the head, recognises the family and prepares time resolution. False when unreadable. */
  async open(): Promise<boolean> {
    const path = this.info.path;
    let mtime: number | undefined;
    try {
      mtime = await logModifiedTime(path);
    } catch {
      // readLogChunks reports why
    }
    const { pieceBytes, closeBetweenPieces, spilled } = this.options;
    if (spilled) this.info.warnings.push(...spilled.warnings);
    this.chunks = readLogChunks(path, (w) => this.info.warnings.push(w), { pieceBytes, closeBetweenPieces, textFile: spilled?.file });
    const head: string[] = [];
    let size = 0;
    try {
      while (size < DETECTION_HEAD) {
        const r = await this.chunks.next();
        if (r.done) {
          this.eof = true;
          break;
        }
        head.push(r.value);
        size += r.value.length;
      }
    } catch (e) {
      if (!(e instanceof LogInputError)) throw e;
      this.info.unreadable = e.reason;
      this.ended = true;
      return false;
    }
    this.buf = head.join('');
    this.format = detectFormat(path, this.buf.slice(0, DETECTION_HEAD))?.format;
    this.info.format = this.format?.id ?? null;
    // The parser gets no year and no day: the resolver adds them, so it can tell partial times.
    const fromName = this.format?.contextFromName?.(baseName(path)) ?? {};
    const start = this.buf.slice(0, DETECTION_HEAD);
    // what the text says of its own stamps (day-first dates); the year and day come from the resolver
    this.parseContext = this.format?.contextFromText?.(start) ?? {};
    this.yearEvidence = yearEvidence(start, this.format, mtime);
    this.resolver = new TimeResolver({ context: fromName, year: this.options.year, date: this.options.date, logYear: yearFromHead(start), mtime });
    if (this.eof) this.finishInput();
    return true;
  }

  /** The bundle's correction of modification-time years; before the first record is read. */
  setYearShift(shift: number): void {
    this.resolver?.setYearShift(shift);
  }

  /**
   * The next record, NEED_MORE when `fill()` must read on, or undefined at the end (or when the
   * file turned out not placeable). Synchronous while the piece in memory lasts.
   */
  nextRecord(): TimelineRecord | typeof NEED_MORE | undefined {
    if (this.ended) return this.flushPending();
    for (;;) {
      const nl = this.buf.indexOf('\n', this.pos);
      if (nl < 0) {
        if (this.eof) {
          this.ended = true;
          this.endOfFile();
          return this.flushPending();
        }
        // added to, not replaced: asked again before fill() (the merge then headOf do), the carried line must stay
        this.carry += this.buf.slice(this.pos);
        this.buf = '';
        this.pos = 0;
        return NEED_MORE;
      }
      let text = this.buf.slice(this.pos, nl);
      this.pos = nl + 1;
      if (text.endsWith('\r')) text = text.slice(0, -1);
      const done = this.takeLine(text);
      if (done) return done;
      if (this.ended) return this.flushPending();
    }
  }

  /** Reads the next piece of the file. */
  async fill(): Promise<void> {
    if (this.eof || !this.chunks) return;
    try {
      const r = await this.chunks.next();
      if (r.done) this.finishInput();
      else {
        this.buf = this.carry + r.value;
        this.carry = '';
        this.pos = 0;
      }
    } catch (e) {
      if (!(e instanceof LogInputError)) throw e;
      this.info.warnings.push(`${e.reason}; the timeline stops there for this file`);
      this.finishInput();
    }
  }

  /** Stops reading (the merge ended early). */
  async close(): Promise<void> {
    this.ended = true;
    await this.chunks?.return(undefined);
  }

  private finishInput(): void {
    this.eof = true;
    // a last line without a line break is a line
    const rest = this.carry + this.buf.slice(this.pos);
    this.buf = rest && !rest.endsWith('\n') ? rest + '\n' : rest;
    this.pos = 0;
    this.carry = '';
  }

  /** One line: starts a record (returning the finished one, if any) or continues the current one. */
  private takeLine(text: string): TimelineRecord | undefined {
    const lineNo = this.lineNo++;
    this.info.lines = this.lineNo;
    const time = this.timeOf(text);
    if (time === undefined) {
      if (this.ended) return undefined;
      const p = this.pending;
      if (!p) {
        if (this.leading.length === 0) this.leadingStart = lineNo;
        this.leading.push(text);
        if (this.leading.length > MAX_LEADING_LINES) this.notPlaced(`no time found in its first ${MAX_LEADING_LINES} lines`);
        return undefined;
      }
      if (p.lines.length >= MAX_PIECE_LINES) {
        this.pending = { kind: 'record', time: p.time, source: p.source, line: lineNo, lines: [text], continued: true };
        return p;
      }
      p.lines.push(text);
      return undefined;
    }
    const finished = this.pending;
    const lines = this.leading.length ? [...this.leading, text] : [text];
    const first = this.leading.length ? this.leadingStart : lineNo;
    this.leading = [];
    this.pending = { kind: 'record', time, source: this.info.index, line: first, lines, continued: false };
    this.info.records++;
    this.info.firstTime ??= time;
    this.info.lastTime = time;
    return finished;
  }

  /** The line's absolute time (offset applied) when it starts a timed record. */
  private timeOf(text: string): number | undefined {
    if (this.ended || !this.resolver) return undefined;
    let raw: number | undefined;
    let uptime: number | undefined;
    if (this.format) {
      const record = this.format.parse(text, this.parseContext);
      raw = record?.time;
      uptime = (record as VmkUptime | undefined)?.uptime;
    } else {
      raw = genericLineTime(text, this.parseContext);
    }
    let abs: number | undefined;
    if (raw !== undefined) {
      abs = this.resolver.resolve(raw);
      if (abs === undefined) {
        this.notPlaced(this.resolver.problem ?? 'its times cannot be placed');
        return undefined;
      }
      if (uptime !== undefined) this.bootTime = abs - uptime;
    } else if (uptime !== undefined && this.bootTime !== undefined) {
      abs = this.bootTime + uptime;
    }
    if (abs === undefined) return undefined;
    this.info.basis = this.resolver.basis ?? this.info.basis ?? 'uptime since boot';
    if (this.resolver.dayFrom) this.info.dayFrom = this.resolver.dayFrom;
    if (this.resolver.timeOfDayOnly) this.info.timeOfDayOnly = true;
    return abs + this.info.offsetMs;
  }

  /** Takes the file off the timeline (the merge found it cannot sit beside the others). */
  withdraw(reason: string): void {
    this.notPlaced(reason);
    this.info.records = 0;
    this.info.firstTime = this.info.lastTime = undefined;
  }

  private notPlaced(reason: string): void {
    this.info.unplaced ??= reason;
    this.ended = true;
    this.pending = undefined;
    this.leading = [];
  }

  private endOfFile(): void {
    if (this.info.records > 0 || this.info.unplaced) return;
    if (this.info.lines === 0) this.info.unplaced = 'empty file';
    else if (this.format) this.info.unplaced = `no line with a time the ${this.format.title} family can read`;
    else this.info.unplaced = 'no log family recognised and no line starts with a date and time';
  }

  private flushPending(): TimelineRecord | undefined {
    const p = this.pending;
    this.pending = undefined;
    return p;
  }
}
