import type { LogRecord, RecordLevel } from '../types';
import type { LogFormat, ParseContext } from './logFormat';

// The "job details" (Detailed Status) text of a NetBackup job, copied from the Activity Monitor or
// `bpdbjobs -jobid N -all_columns` into a case:
//   04/12/2019 10:00:01 - Info nbjm (pid=1234) starting backup job (jobid=12) for client c1, policy P, schedule Full
//   04/12/2019 10:00:03 - connecting
//   04/12/2019 10:01:12 - end writing; write time: 0:01:09
//   04/12/2019 10:01:13 - Error bpbrm (pid=5678) from client c1: ERR - failure reading file: /x
//   the requested operation was partially successful  (1)
// The stamp follows the locale of the console that showed it: 04/12/2019 (US), 12/04/2019 (day
// first), 12.04.2019, 29.jan.2021, 2019-04-12, "Dec 17, 2021 12:00:20 PM". Then " - ", then
// either "Severity process (pid=N) message" or a phase line of the job itself. The job's last
// line, its status text and number, often has no stamp: it belongs to the record before it.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// Other locales' short month names that differ from the English ones in their first three letters.
const MONTH_ALIASES: Record<string, number> = { mrz: 3, mär: 3, mai: 5, okt: 10, dez: 12, fév: 2, avr: 4, aoû: 8, déc: 12, ene: 1, abr: 4, ago: 8, dic: 12, gen: 1, giu: 6, lug: 7, set: 9, ott: 10 };

// numeric day/month (either order) with / or ., or a month name between dots: 29.jan.2021
const DMY = '(?<a>\\d{1,2})(?<sep>[/.])(?<b>\\d{1,2}|[A-Za-zÀ-ÿ]{3,4}\\.?)\\k<sep>(?<y>\\d{4}|\\d{2})';
const ISO = '(?<iy>\\d{4})(?<isep>[-/])(?<im>\\d{1,2})\\k<isep>(?<id>\\d{1,2})';
const LONG = '(?<lm>[A-Z][a-z]{2}) (?<ld>\\d{1,2}), (?<ly>\\d{4})';
const TIME = '(?<h>\\d{1,2}):(?<mi>\\d{2}):(?<s>\\d{2})(?: ?(?<ampm>[AaPp]\\.?[Mm]\\.?))?';
const STAMP = new RegExp(`^(?:${DMY}|${ISO}|${LONG}) ${TIME} - `);
/** "Info bptm (pid=5186) ", "Critical bpdm (pid=154836) ", "Error ndmpagent (pid=50203) ". */
const SOURCE = /^(?<sev>Info|Warning|Error|Critical|Debug) (?<proc>[\w.-]+) \(pid=(?<pid>\d+)\) ?/;

/** Context the text gives: whether ambiguous slash dates are day first (a date elsewhere says so). */
export interface JobDetailsContext extends ParseContext {
  dayFirst?: boolean;
}

function levelOf(severity: string): RecordLevel {
  if (severity === 'Error' || severity === 'Critical') return 'error';
  if (severity === 'Warning') return 'warning';
  return severity === 'Debug' ? 'debug' : 'info';
}

function monthOf(name: string): number | undefined {
  const key = name.toLowerCase().replace(/\.$/, '').slice(0, 3);
  const i = MONTHS.indexOf(key);
  return i >= 0 ? i + 1 : MONTH_ALIASES[key];
}

/** [year, month, day] of the stamp's date, or undefined where it is no date. */
function dateOf(g: Record<string, string | undefined>, dayFirst: boolean | undefined): [number, number, number] | undefined {
  if (g.iy !== undefined) return [+g.iy, +g.im!, +g.id!];
  if (g.ly !== undefined) {
    const m = monthOf(g.lm!);
    return m === undefined ? undefined : [+g.ly, m, +g.ld!];
  }
  const year = g.y!.length === 2 ? 2000 + +g.y! : +g.y!;
  const a = +g.a!;
  if (!/^\d/.test(g.b!)) {
    const m = monthOf(g.b!);
    return m === undefined ? undefined : [year, m, a];
  }
  const b = +g.b!;
  // dotted dates are day first in every locale that writes them; slashes are US unless told otherwise
  const first = g.sep === '.' || a > 12 || (dayFirst === true && b <= 12);
  return first ? [year, b, a] : [year, a, b];
}

function timeOf(g: Record<string, string | undefined>, dayFirst: boolean | undefined): number | undefined {
  const date = dateOf(g, dayFirst);
  if (!date) return undefined;
  const [y, mo, d] = date;
  let h = +g.h!;
  const pm = g.ampm?.[0].toLowerCase();
  if (pm !== undefined && (h < 1 || h > 12)) return undefined;
  if (pm === 'p' && h < 12) h += 12;
  if (pm === 'a' && h === 12) h = 0;
  const t = Date.UTC(y, mo - 1, d, h, +g.mi!, +g.s!);
  // 31/02 or 25:00 are no time: Date.UTC would roll them over
  const back = new Date(t);
  return back.getUTCDate() === d && back.getUTCMonth() === mo - 1 && back.getUTCHours() === h ? t : undefined;
}

/** Whether the text's slash dates are day first: one of them has a first number above 12 (and none a second). */
export function jobDetailsDayFirst(text: string): boolean | undefined {
  let dayFirst = false;
  for (const m of text.matchAll(/^(\d{1,2})\/(\d{1,2})\/\d{2,4} /gm)) {
    if (+m[2] > 12) return false;
    if (+m[1] > 12) dayFirst = true;
  }
  return dayFirst || undefined;
}

export const netbackupJobDetails: LogFormat = {
  id: 'netbackup-job-details',
  title: 'NetBackup job details',
  fileNames: [/job[-_ ]?details?/i, /detailed[-_ ]?status/i, /^bpdbjobs/i],
  recordStart: STAMP,
  parse(line, context?: JobDetailsContext) {
    const m = STAMP.exec(line);
    if (!m) return undefined;
    const g = m.groups!;
    const time = timeOf(g, context?.dayFirst);
    const stampEnd = m[0].length - 3;
    const record: LogRecord = { timeZone: 'local', timeRange: [0, stampEnd], messageRange: [m[0].length, line.length] };
    if (time !== undefined) record.time = time;
    const rest = line.slice(m[0].length);
    const s = SOURCE.exec(rest);
    if (s) {
      const at = m[0].length;
      const sev = s.groups!.sev;
      const proc = s.groups!.proc;
      const pidStart = at + sev.length + proc.length + 7; // "Sev proc (pid="
      record.level = levelOf(sev);
      record.levelText = sev;
      record.levelRange = [at, at + sev.length];
      record.component = proc;
      record.componentRange = [at + sev.length + 1, at + sev.length + 1 + proc.length];
      record.thread = s.groups!.pid;
      record.threadRange = [pidStart, pidStart + record.thread.length];
      record.messageRange = [at + s[0].length, line.length];
    } else record.level = 'info';
    return record;
  },
  contextFromText(head): JobDetailsContext {
    const dayFirst = jobDetailsDayFirst(head);
    return dayFirst ? { dayFirst } : {};
  },
};
