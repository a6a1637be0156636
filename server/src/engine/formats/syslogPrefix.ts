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
  const month = MONTHS.indexOf(stamp.slice(0, 3) as (typeof MONTHS)[number]);
  const rest = stamp.slice(4).trimStart();
  const m = /^(\d{1,2}) (\d{2}):(\d{2}):(\d{2})/.exec(rest);
  if (month < 0 || !m) return undefined;
  const year = context?.year ?? UNKNOWN_YEAR;
  const t = Date.UTC(year, month, +m[1], +m[2], +m[3], +m[4]);
  return Number.isNaN(t) ? undefined : t;
}

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
