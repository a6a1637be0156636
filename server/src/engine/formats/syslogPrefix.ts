import type { LogRecord } from '../types';
import type { ParseContext } from './logFormat';

// The BSD syslog prefix (RFC 3164 §4.1.2) that /var/log files written by syslogd carry:
//   May 21 10:15:01 xrtuk-09-11 VMSS: [10123] ...
//   Jun 14 15:16:01 combo sshd(pam_unix)[19939]: ...
//   Aug 16 20:09:17 vmkernel: ...            (some hosts write no host name)
// Shared by the syslog family and the XenServer families that log through syslog.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** "Mmm dd hh:mm:ss" with the day space-padded ("Mar  1") or not ("Mar 1"), as a regex source. */
export const SYSLOG_STAMP_SOURCE = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \\d]?\\d \\d{2}:\\d{2}:\\d{2}';

/**
 * Year given to year-less stamps when the context has none. A leap year, so that "Feb 29" stays a
 * valid date; far enough in the past that no real log uses it. Times that come out before
 * {@link PARTIAL_TIME_LIMIT} are partial: the log (or its file name) did not say the year or day.
 */
export const UNKNOWN_YEAR = 1972;
/** Times earlier than this came from stamps without a year (syslog) or without a date (NetBackup). */
export const PARTIAL_TIME_LIMIT = Date.UTC(UNKNOWN_YEAR + 1, 0, 1);

/** True when `time` was built without knowing the year or the day (see {@link UNKNOWN_YEAR}). */
export function isPartialTime(time: number): boolean {
  return time < PARTIAL_TIME_LIMIT;
}

/** A record time as the log wrote it (its own clock and zone), `YYYY-MM-DD hh:mm:ss`; a year the log never said is left out. */
export function logClockTime(ms: number | undefined): string {
  if (ms === undefined) return '—';
  const iso = new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '');
  return isPartialTime(ms) ? `${iso.slice(5)} (no year in log)` : iso;
}

/** The parts of a syslog line before the message, with offsets into the line. */
export interface SyslogPrefix {
  /** Wall-clock ms read as UTC, in `context.year` or {@link UNKNOWN_YEAR}. */
  time: number | undefined;
  stampEnd: number;
  host?: string;
  /** The tag (program name), e.g. "CROND", "sshd(pam_unix)", "VMSS". */
  program?: string;
  programStart: number;
  pid?: string;
  pidStart: number;
  /** Offset where the message begins (after "tag[pid]: ", or after the host when there is no tag). */
  messageStart: number;
}

/** Reads "Mmm dd hh:mm:ss" at the start of `line`; the year comes from the context. */
export function parseSyslogStamp(stamp: string, context?: ParseContext): number | undefined {
  const year = context?.year ?? UNKNOWN_YEAR;
  // consecutive lines mostly share their second: the last answer is kept
  if (stamp === lastStamp && year === lastYear) return lastTime;
  let month = -1;
  for (let k = 0; k < 12 && month < 0; k++) if (stamp.startsWith(MONTHS[k])) month = k;
  let time: number | undefined;
  if (month >= 0) {
    // after "Mmm ", a pad space or none, then "d hh:mm:ss": digit by digit (a RegExp and its
    // groups cost ten times more), the RegExp deciding whatever this does not take
    let day = -1;
    let seconds = 0;
    const i = stamp.charCodeAt(4) === 32 ? 5 : 4;
    const two = digitAt(stamp, i) >= 0 && digitAt(stamp, i + 1) >= 0;
    const j = two ? i + 3 : i + 2; // the hour
    if (digitAt(stamp, i) >= 0 && stamp.charCodeAt(j - 1) === 32 && stamp.charCodeAt(j + 2) === 58 && stamp.charCodeAt(j + 5) === 58) {
      const h1 = digitAt(stamp, j),
        h2 = digitAt(stamp, j + 1),
        m1 = digitAt(stamp, j + 3),
        m2 = digitAt(stamp, j + 4),
        s1 = digitAt(stamp, j + 6),
        s2 = digitAt(stamp, j + 7);
      if (h1 >= 0 && h2 >= 0 && m1 >= 0 && m2 >= 0 && s1 >= 0 && s2 >= 0) {
        day = two ? digitAt(stamp, i) * 10 + digitAt(stamp, i + 1) : digitAt(stamp, i);
        seconds = (h1 * 10 + h2) * 3600 + (m1 * 10 + m2) * 60 + s1 * 10 + s2;
      }
    }
    if (day < 0) {
      STAMP_REST.lastIndex = 4;
      const m = STAMP_REST.exec(stamp);
      if (m) ((day = +m[1]), (seconds = +m[2] * 3600 + +m[3] * 60 + +m[4]));
    }
    if (day >= 0) {
      // what Date.UTC(year, month, day, h, m, s) gives, the month's start computed once
      const t = monthStart(year, month) + (day - 1) * 86_400_000 + seconds * 1000;
      time = Number.isNaN(t) || Math.abs(t) > 8.64e15 ? undefined : t;
    }
  }
  lastStamp = stamp;
  lastYear = year;
  lastTime = time;
  return time;
}

/** The digit at `k` as a number, or -1. */
function digitAt(s: string, k: number): number {
  const c = s.charCodeAt(k) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

const monthStarts = new Map<number, number>();

let lastMonthKey = NaN;
let lastMonthStart = NaN;

function monthStart(year: number, month: number): number {
  const key = year * 12 + month;
  if (key === lastMonthKey) return lastMonthStart;
  let t = monthStarts.get(key);
  if (t === undefined) {
    t = Date.UTC(year, month, 1);
    if (monthStarts.size > 4096) monthStarts.clear();
    monthStarts.set(key, t);
  }
  lastMonthKey = key;
  lastMonthStart = t;
  return t;
}

// the last stamp read and its answer
let lastStamp = '';
let lastYear = NaN;
let lastTime: number | undefined;
// a day is written " 1" or "11" after "Mmm ": at most one pad space (no unbounded run of spaces to scan)
const STAMP_REST = / ?(\d{1,2}) (\d{2}):(\d{2}):(\d{2})/y;

// What scanPrefix found on the last line it read (offsets into it): module state instead of an
// object per line, read at once by the two parsers below.
let pStampEnd = -1;
let pHostEnd = -1; // end of the host, or -1 without one
let pProgramStart = 0;
let pProgramEnd = 0;
let pPidEnd = -1; // offset of the "]" after the pid, or -1 without one
let pEnd = -1; // after "tag:" or "tag[pid]:", or -1 without a tag

/**
 * What `^(stamp) (?:(host) )?(tag)(?:\[(pid)\])?: ?`, else `^(stamp) (?:(host) )?`, matches (host and
 * tag made of [^\s:\[]), read character by character into the p* variables: a RegExp with its groups
 * costs several times more on the hundreds of thousands of lines a correlator watches. False when
 * the line does not start with a stamp.
 */
function scanPrefix(line: string): boolean {
  const stampEnd = stampLength(line);
  if (stampEnd < 0) return false;
  const aStart = stampEnd + 1;
  const aEnd = tokenEnd(line, aStart);
  // a first word followed by a space is the host (the RegExp's backtracking comes to the same)
  const hasHost = aEnd > aStart && line.charCodeAt(aEnd) === 32;
  const programStart = hasHost ? aEnd + 1 : aStart;
  const programEnd = hasHost ? tokenEnd(line, programStart) : aEnd;
  let end = -1;
  let pidEnd = -1;
  if (programEnd > programStart) {
    const c = line.charCodeAt(programEnd);
    if (c === 58) end = programEnd + 1;
    else if (c === 91) {
      let i = programEnd + 1;
      while (i < line.length && isDigit(line.charCodeAt(i))) i++;
      if (i > programEnd + 1 && line.charCodeAt(i) === 93 && line.charCodeAt(i + 1) === 58) {
        pidEnd = i;
        end = i + 2;
      }
    }
  }
  pStampEnd = stampEnd;
  pHostEnd = hasHost ? aEnd : -1;
  pProgramStart = programStart;
  pProgramEnd = programEnd;
  pPidEnd = pidEnd;
  pEnd = end;
  return true;
}

/** Splits the syslog prefix off a line, or undefined when the line does not start with a stamp. */
export function parseSyslogPrefix(line: string, context?: ParseContext): SyslogPrefix | undefined {
  if (!scanPrefix(line)) return undefined;
  const stampEnd = pStampEnd;
  const host = pHostEnd >= 0 ? line.slice(stampEnd + 1, pHostEnd) : undefined;
  const time = stampTime(context);
  if (pEnd >= 0) {
    return {
      time,
      stampEnd,
      host,
      program: line.slice(pProgramStart, pProgramEnd),
      programStart: pProgramStart,
      pid: pPidEnd >= 0 ? line.slice(pProgramEnd + 1, pPidEnd) : undefined,
      pidStart: pProgramEnd + 1,
      messageStart: line.charCodeAt(pEnd) === 32 ? pEnd + 1 : pEnd,
    };
  }
  // A stamp and a host but no "tag:" (e.g. "last message repeated 3 times").
  const hostEnd = pHostEnd >= 0 ? pHostEnd + 1 : stampEnd + 1;
  return {
    time,
    stampEnd,
    host,
    programStart: hostEnd,
    pidStart: hostEnd,
    messageStart: hostEnd,
  };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** What `\s` matches in a JavaScript RegExp. */
function isSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** End of the run of `[^\s:\[]` characters from `i`. */
function tokenEnd(line: string, i: number): number {
  for (; i < line.length; i++) {
    const c = line.charCodeAt(i);
    // printable ASCII is no space: isSpace only for the rest (a call per character costs, before V8 inlines it)
    if (c > 32 && c < 127 ? c === 58 || c === 91 : isSpace(c)) break;
  }
  return i;
}

// The fields of the stamp stampLength read last: month (0-11), day, seconds into the day.
let sMonth = 0;
let sDay = 0;
let sSeconds = 0;

/**
 * Length of the "Mmm dd hh:mm:ss" stamp at the start of the line when a space follows it, else -1;
 * its fields go to sMonth, sDay and sSeconds. Inline character tests, no helper calls: the parse runs
 * on every matched line, long before V8 optimises it.
 */
function stampLength(line: string): number {
  if (line.length < 15 || line.charCodeAt(3) !== 32) return -1;
  const month = monthOf(line);
  if (month < 0) return -1;
  // "[ \d]?\d ": "dd ", " d " or "d "
  let j: number; // the hour
  let day: number;
  const d4 = line.charCodeAt(4) - 48,
    d5 = line.charCodeAt(5) - 48,
    c6 = line.charCodeAt(6);
  if ((d4 === -16 || (d4 >= 0 && d4 <= 9)) && d5 >= 0 && d5 <= 9 && c6 === 32) ((j = 7), (day = d4 === -16 ? d5 : d4 * 10 + d5));
  else if (d4 >= 0 && d4 <= 9 && d5 === -16) ((j = 6), (day = d4));
  else return -1;
  // "hh:mm:ss ": digits, colons at 2 and 5, a space at 8
  if (line.charCodeAt(j + 2) !== 58 || line.charCodeAt(j + 5) !== 58 || line.charCodeAt(j + 8) !== 32) return -1;
  const h1 = line.charCodeAt(j) - 48,
    h2 = line.charCodeAt(j + 1) - 48;
  const m1 = line.charCodeAt(j + 3) - 48,
    m2 = line.charCodeAt(j + 4) - 48;
  const s1 = line.charCodeAt(j + 6) - 48,
    s2 = line.charCodeAt(j + 7) - 48;
  if (h1 < 0 || h1 > 9 || h2 < 0 || h2 > 9 || m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || s1 < 0 || s1 > 9 || s2 < 0 || s2 > 9) return -1;
  sMonth = month;
  sDay = day;
  sSeconds = (h1 * 10 + h2) * 3600 + (m1 * 10 + m2) * 60 + s1 * 10 + s2;
  return j + 8;
}

/** parseSyslogStamp of the stamp stampLength read last, from the fields it kept. */
function stampTime(context?: ParseContext): number | undefined {
  const year = context?.year ?? UNKNOWN_YEAR;
  const t = monthStart(year, sMonth) + DAY_OFFSETS[sDay] + sSeconds * 1000;
  return Number.isNaN(t) || Math.abs(t) > 8.64e15 ? undefined : t;
}

/**
 * (day - 1) * 86 400 000 for the days two digits can write, as doubles: V8 computes the product in
 * 32-bit integers at first and, once it overflows (day 26 on), throws the optimised parse away.
 */
const DAY_OFFSETS = Float64Array.from({ length: 100 }, (_, day) => (day - 1) * 86_400_000);

/** The month (0-11) whose English abbreviation starts the line, or -1. */
function monthOf(line: string): number {
  const key = (line.charCodeAt(0) << 16) | (line.charCodeAt(1) << 8) | line.charCodeAt(2);
  for (let k = 0; k < 12; k++) if (MONTH_KEYS[k] === key) return k;
  return -1;
}

const MONTH_KEYS = MONTHS.map((m) => (m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2));

/**
 * A syslog line whose message starts with the writer's process id in brackets, as XenServer's
 * plugins write them ("VMSS: [10123] ...", "SM: [12345] ..."): the record with that id as thread,
 * and where the message proper starts. Undefined when the line has no syslog prefix with a tag.
 */
export function parseBracketPidRecord(line: string, context?: ParseContext, tags?: readonly string[]): { record: LogRecord; messageStart: number } | undefined {
  // straight from the scanned offsets: no SyslogPrefix, host or pid string on the way
  if (!scanPrefix(line) || pEnd < 0) return undefined;
  const programStart = pProgramStart;
  const programEnd = pProgramEnd;
  if (tags && !hasTag(line, tags)) return undefined;
  let messageStart = line.charCodeAt(pEnd) === 32 ? pEnd + 1 : pEnd;
  const time = stampTime(context);
  const component = line.slice(programStart, programEnd);
  // "[digits]" and an optional space, within the message's first 24 characters
  const window = Math.min(line.length, messageStart + 24);
  let threadStart = -1;
  let threadEnd = -1;
  if (line.charCodeAt(messageStart) === 91) {
    let i = messageStart + 1;
    while (i < window && isDigit(line.charCodeAt(i))) i++;
    if (i > messageStart + 1 && i < window && line.charCodeAt(i) === 93) {
      threadStart = messageStart + 1;
      threadEnd = i;
      messageStart = i + 1 < window && line.charCodeAt(i + 1) === 32 ? i + 2 : i + 1;
    }
  }
  const record: LogRecord = {
    time,
    timeZone: 'local',
    component,
    timeRange: [0, pStampEnd],
    componentRange: [programStart, programEnd],
    messageRange: [messageStart, line.length],
  };
  if (threadEnd >= 0) {
    record.thread = line.slice(threadStart, threadEnd);
    record.threadRange = [threadStart, threadEnd];
  }
  return { record, messageStart };
}

/**
 * True when the line scanned last reads `^stamp (?:host )?TAG: ` for one of the tags: the tag with no
 * "[pid]", then a colon and a space (what a family's record RegExp checks, without running it again).
 */
function hasTag(line: string, tags: readonly string[]): boolean {
  if (pPidEnd >= 0 || line.charCodeAt(pProgramEnd) !== 58 || line.charCodeAt(pProgramEnd + 1) !== 32) return false;
  const length = pProgramEnd - pProgramStart;
  for (let k = 0; k < tags.length; k++) if (tags[k].length === length && sameAt(line, pProgramStart, tags[k])) return true;
  return false;
}

/** line.startsWith(word, at), character by character (short words: cheaper than the call). */
function sameAt(line: string, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (line.charCodeAt(at + i) !== word.charCodeAt(i)) return false;
  return true;
}
