import type { RecordLevel } from '../types';
import type { LogFormat, ParseContext } from './logFormat';
import { anyOf, syslogLevel } from './logFormat';
import type { EsxRecord } from './esxSyslog';
import { ISO_STAMP, isoTime, PRI_TAG, priSeverity, SYSLOG_STAMP, TOKEN } from './esxSyslog';
import { parseEsxSyslogLine } from './esxVmkernelLog'; // circular on purpose, see esxVmkernelLog.ts

// VMware ESX/ESXi hostd log (the host agent; vpxa and fdm write the same vmacore format), in its shapes:
//   ESX 3.5/4.x hostd.log, host local time:
//     [2012-04-07 17:33:20.472 32AE9B90 error 'Statssvc'] Error: 'FileIO error: No space left : ...'
//   the same through syslog into /var/log/messages:
//     Apr 7 17:33:20 esx_host Hostd: [2012-04-07 17:33:20.472 32AE9B90 error 'Statssvc'] Error: ...
//   ESXi 5.x-6.0, UTC:   2015-01-01T00:00:00.000Z [FFD3AB70 info 'Default' opID=abc-123 user=root] ...
//   ESXi 6.5-7.0:        2019-01-01T00:00:00.000Z info hostd[12345] [Originator@6876 sub=Default opID=...] ...
//   ESXi 7.0 U2+/8.x:    2023-05-23T07:40:51.404Z In(166) Hostd[2100134]: [Originator@6876 sub=Vimsvc.TaskManager] ...
// Fields: time, thread (hex vmacore thread id, or the thread number in brackets), level
// (panic/error → error, warning, info, verbose/trivia → debug; ESXi 8's syslog priority),
// component (the quoted logger name, or `sub=`), message.
// Continuations belong to the record before them: backtraces (`[00] rip 17c6bbf3`, with or without the
// syslog prefix) and the `-->` lines ESXi writes under a multi-line message.

const LEVELS = 'panic|error|warning|info|verbose|trivia|quiet';
const OLD_BRACKET = `\\[(?<stamp>\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}) (?<thread>[0-9A-Fa-f]+) (?<level>${LEVELS}) '(?<comp>[^']*)'(?<extra> [^\\]]*)?\\]`;

/** ESX 4 hostd.log. */
const ESX4_FORM = new RegExp(`^${OLD_BRACKET}`, 'd');
/** ESX 4 through syslog: the hostd line after the syslog prefix (its own stamp gives the date). */
const SYSLOG_FORM = new RegExp(`^(?<sstamp>${SYSLOG_STAMP}) (?:(?<host>${TOKEN}) )?(?<program>[Hh]ostd)(?:\\[\\d+\\])?: ${OLD_BRACKET}`, 'd');
/** ESXi 5.x-6.0. */
const ESXI5_FORM = new RegExp(`^(?<stamp>${ISO_STAMP}) \\[(?<thread>[0-9A-Fa-f]+) (?<level>${LEVELS}) '(?<comp>[^']*)'(?<extra> [^\\]]*)?\\]`, 'd');
/** ESXi 6.5-7.0, RFC 5424 structured data. */
const ESXI65_FORM = new RegExp(`^(?<stamp>${ISO_STAMP}) (?<level>${LEVELS}) (?<program>[\\w-]+)\\[(?<thread>[0-9A-Fa-f]+)\\] \\[Originator@\\d+(?<extra> [^\\]]*)?\\]`, 'd');
/** ESXi 7.0 U2+/8.x with the syslog priority. */
const ESXI8_FORM = new RegExp(`^(?<stamp>${ISO_STAMP}) (?<pri>${PRI_TAG}) (?<program>[\\w-]+)\\[(?<thread>\\d+)\\]: \\[Originator@\\d+(?<extra> [^\\]]*)?\\]`, 'd');

const FORMS = [ESX4_FORM, SYSLOG_FORM, ESXI5_FORM, ESXI65_FORM, ESXI8_FORM];

/** Lines that continue the record before them. */
const CONTINUATION = new RegExp(
  `^(?:\\[\\d{2,3}\\] rip [0-9A-Fa-f]+|-->|${SYSLOG_STAMP} (?:${TOKEN} )?[Hh]ostd(?:\\[\\d+\\])?: (?!\\[\\d{4}-)|${ISO_STAMP} ${PRI_TAG} [\\w-]+\\[\\d+\\]: (?!\\[Originator@))`,
);

const LEVEL_OF: Record<string, RecordLevel> = {
  panic: 'error',
  error: 'error',
  warning: 'warning',
  info: 'info',
  quiet: 'info',
  verbose: 'debug',
  trivia: 'debug',
};

export interface HostdRecord extends EsxRecord {
  /** The syslog stamp of an ESX 4 `messages` line; `timeRange` is hostd's own, fuller, stamp. */
  syslogTimeRange?: [number, number];
}

/** `opID=...`, `sub=...` in the bracket after the level: [value, range] or undefined. */
function bracketField(line: string, extra: [number, number] | undefined, key: string): [string, [number, number]] | undefined {
  if (!extra) return undefined;
  const text = line.slice(...extra);
  const m = new RegExp(` ${key}=([^\\s\\]]+)`).exec(text);
  if (!m) return undefined;
  const start = extra[0] + m.index + key.length + 2;
  return [m[1], [start, start + m[1].length]];
}

/** A hostd record in any of its shapes, or undefined (continuations, other lines). */
export function parseHostdLine(line: string, _context?: ParseContext): HostdRecord | undefined {
  let m: RegExpExecArray | null = null;
  for (const form of FORMS) if ((m = form.exec(line))) break;
  const g = m?.groups;
  const ix = m?.indices?.groups;
  if (!m || !g || !ix) return undefined;
  const r: HostdRecord = {
    time: isoTime(g.stamp),
    // ESX 4 stamps are the host's local time; ESXi 5+ stamps carry the zone (Z)
    timeZone: /T/.test(g.stamp) ? 'UTC' : 'local',
    timeRange: ix.stamp,
    thread: g.thread,
    threadRange: ix.thread,
    messageRange: [line[m[0].length] === ' ' ? m[0].length + 1 : m[0].length, line.length],
  };
  if (g.pri) {
    r.level = syslogLevel(priSeverity(g.pri));
    [r.levelText, r.levelRange] = [g.pri, ix.pri];
  } else {
    r.level = LEVEL_OF[g.level!];
    [r.levelText, r.levelRange] = [g.level, ix.level];
  }
  if (g.comp !== undefined) [r.component, r.componentRange] = [g.comp, ix.comp];
  else {
    const sub = bracketField(line, ix.extra, 'sub');
    if (sub) [r.component, r.componentRange] = sub;
  }
  const opId = bracketField(line, ix.extra, 'opID');
  if (opId) [r.opId, r.opIdRange] = opId;
  if (ix.sstamp) r.syslogTimeRange = ix.sstamp;
  if (ix.host) [r.host, r.hostRange] = [g.host, ix.host];
  if (ix.program) [r.program, r.programRange] = [g.program, ix.program];
  return r;
}

export const esxHostdLog: LogFormat = {
  id: 'esx-hostd-log',
  title: 'VMware ESX hostd log',
  fileNames: [/^hostd(?:-\d+)?(?:\.log)?(?:\.\d+)?(?:\.gz)?$/i, /^messages(?:\.\d+)?(?:\.gz)?$/],
  recordStart: anyOf(FORMS),
  continuation: CONTINUATION,
  parse(line, context) {
    // hostd lines first; in an ESX 4 `messages` file, the vmkernel and other lines beside them
    return parseHostdLine(line, context) ?? (/^[A-Z][a-z]{2} /.test(line) ? parseEsxSyslogLine(line, context) : undefined);
  },
};
