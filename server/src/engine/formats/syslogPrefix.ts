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

const PREFIX = new RegExp(`^(${SYSLOG_STAMP_SOURCE}) (?:([^\\s:\\[]+) )?([^\\s:\\[]+)(?:\\[(\\d+)\\])?: ?`);
const STAMP_ONLY = new RegExp(`^(${SYSLOG_STAMP_SOURCE}) (?:([^\\s:\\[]+) )?`);

/** Reads "Mmm dd hh:mm:ss" at the start of `line`; the year comes from the context. */
export function parseSyslogStamp(stamp: string, context?: ParseContext): number | undefined {
  const year = context?.year ?? UNKNOWN_YEAR;
  // consecutive lines mostly share their second: the last answer is kept
  if (stamp === lastStamp.stamp && year === lastStamp.year) return lastStamp.time;
  let month = -1;
  for (let k = 0; k < 12 && month < 0; k++) if (stamp.startsWith(MONTHS[k])) month = k;
  let time: number | undefined;
  if (month >= 0) {
    // after "Mmm ", a pad space or none, then "d hh:mm:ss": digit by digit (a RegExp and its
    // groups cost ten times more), the RegExp deciding whatever this does not take
    let day = -1;
    let seconds = 0;
    const digit = (k: number) => {
      const c = stamp.charCodeAt(k) - 48;
      return c >= 0 && c <= 9 ? c : -1;
    };
    const i = stamp.charCodeAt(4) === 32 ? 5 : 4;
    const two = digit(i) >= 0 && digit(i + 1) >= 0;
    const j = two ? i + 3 : i + 2; // the hour
    if (digit(i) >= 0 && stamp.charCodeAt(j - 1) === 32 && stamp.charCodeAt(j + 2) === 58 && stamp.charCodeAt(j + 5) === 58) {
      const h1 = digit(j), h2 = digit(j + 1), m1 = digit(j + 3), m2 = digit(j + 4), s1 = digit(j + 6), s2 = digit(j + 7);
      if (h1 >= 0 && h2 >= 0 && m1 >= 0 && m2 >= 0 && s1 >= 0 && s2 >= 0) {
        day = two ? digit(i) * 10 + digit(i + 1) : digit(i);
        seconds = (h1 * 10 + h2) * 3600 + (m1 * 10 + m2) * 60 + s1 * 10 + s2;
      }
    }
    if (day < 0) {
      STAMP_REST.lastIndex = 4;
      const m = STAMP_REST.exec(stamp);
      if (m) (day = +m[1]), (seconds = +m[2] * 3600 + +m[3] * 60 + +m[4]);
    }
    if (day >= 0) {
      // what Date.UTC(year, month, day, h, m, s) gives, the month's start computed once
      const t = monthStart(year, month) + (day - 1) * 86_400_000 + seconds * 1000;
      time = Number.isNaN(t) || Math.abs(t) > 8.64e15 ? undefined : t;
    }
  }
  lastStamp = { stamp, year, time };
  return time;
}

const monthStarts = new Map<number, number>();

function monthStart(year: number, month: number): number {
  const key = year * 12 + month;
  let t = monthStarts.get(key);
  if (t === undefined) {
    t = Date.UTC(year, month, 1);
    if (monthStarts.size > 4096) monthStarts.clear();
    monthStarts.set(key, t);
  }
  return t;
}

let lastStamp: { stamp: string; year: number; time: number | undefined } = { stamp: '', year: NaN, time: undefined };
// a day is written " 1" or "11" after "Mmm ": at most one pad space (no unbounded run of spaces to scan)
const STAMP_REST = / ?(\d{1,2}) (\d{2}):(\d{2}):(\d{2})/y;

/** Splits the syslog prefix off a line, or undefined when the line does not start with a stamp. */
export function parseSyslogPrefix(line: string, context?: ParseContext): SyslogPrefix | undefined {
  const m = PREFIX.exec(line);
  if (m) {
    const stampEnd = m[1].length;
    const host = m[2];
    const programStart = stampEnd + 1 + (host ? host.length + 1 : 0);
    const pidStart = programStart + m[3].length + 1;
    return {
      time: parseSyslogStamp(m[1], context),
      stampEnd,
      host,
      program: m[3],
      programStart,
      pid: m[4],
      pidStart,
      messageStart: m[0].length,
    };
  }
  // A stamp and a host but no "tag:" (e.g. "last message repeated 3 times").
  const s = STAMP_ONLY.exec(line);
  if (!s) return undefined;
  return {
    time: parseSyslogStamp(s[1], context),
    stampEnd: s[1].length,
    host: s[2],
    programStart: s[0].length,
    pidStart: s[0].length,
    messageStart: s[0].length,
  };
}

/**
 * A syslog line whose message starts with the writer's process id in brackets, as XenServer's
 * plugins write them ("VMSS: [10123] ...", "SM: [12345] ..."): the record with that id as thread,
 * and where the message proper starts. Undefined when the line has no syslog prefix with a tag.
 */
export function parseBracketPidRecord(line: string, context?: ParseContext): { record: LogRecord; messageStart: number } | undefined {
  const p = parseSyslogPrefix(line, context);
  if (!p?.program) return undefined;
  let messageStart = p.messageStart;
  const record: LogRecord = {
    time: p.time,
    timeZone: 'local',
    component: p.program,
    timeRange: [0, p.stampEnd],
    componentRange: [p.programStart, p.programStart + p.program.length],
    messageRange: [messageStart, line.length],
  };
  const pid = /^\[(\d+)\] ?/.exec(line.slice(messageStart, messageStart + 24));
  if (pid) {
    record.thread = pid[1];
    record.threadRange = [messageStart + 1, messageStart + 1 + pid[1].length];
    messageStart += pid[0].length;
    record.messageRange = [messageStart, line.length];
  }
  return { record, messageStart };
}
