// Times at the start of lines of a file no family claims, so that an application log or a
// `date`-stamped script output can still join a timeline: "2017-05-21 10:15:01[.123]",
// "2017-05-21T10:15:01Z", "[2017/05/21 10:15:01]", or a syslog stamp "May 21 10:15:01" (year-less).
// Zones are ignored: every time in the engine is wall clock, and offsets line clocks up.
import type { ParseContext } from '../formats/logFormat';
import { parseSyslogStamp } from '../formats/syslogPrefix';

const ISO_LIKE = /^\[?(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?/;
const SYSLOG_LIKE = /^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]?\d \d{2}:\d{2}:\d{2}/;

/** The time a line starts with (wall clock ms read as UTC; 1972 when it has no year), or undefined. */
export function genericLineTime(line: string, context?: ParseContext): number | undefined {
  const iso = ISO_LIKE.exec(line);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac] = iso;
    const t = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, frac ? +frac.slice(0, 3).padEnd(3, '0') : 0);
    return Number.isNaN(t) ? undefined : t;
  }
  const sys = SYSLOG_LIKE.exec(line);
  return sys ? parseSyslogStamp(sys[0], context) : undefined;
}

const STAMP_MONTH_DAY = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ( ?\d{1,2}) \d{2}:\d{2}:\d{2}/;
const FULL_DATE = /\b((?:19|20)\d\d)-(\d\d)-(\d\d)[ T]\d\d:\d\d/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The year of the first syslog-stamped line of `head`, when some line of it also writes its own
 * date in full (VMSSlog's "snapshot start time: 2017-05-21 ..." or an alert's <time>): better than
 * the file's modification time. A line whose month lies before the first line's is a year later.
 */
export function yearFromHead(head: string): { year: number; line: number } | undefined {
  let firstMonth: number | undefined;
  let lineNo = 0;
  for (let start = 0; start < head.length; lineNo++) {
    let end = head.indexOf('\n', start);
    if (end < 0) end = head.length;
    const line = head.slice(start, Math.min(end, start + 4096));
    start = end + 1;
    const stamp = STAMP_MONTH_DAY.exec(line);
    if (!stamp) continue;
    const month = MONTHS.indexOf(stamp[1]);
    firstMonth ??= month;
    const full = FULL_DATE.exec(line);
    // the written date must be the stamp's own day, or it is some other date the message mentions
    if (!full || +full[2] !== month + 1 || +full[3] !== +stamp[2]) continue;
    const year = month < firstMonth ? +full[1] - 1 : +full[1];
    return { year, line: lineNo };
  }
  return undefined;
}
