import type { RecordLevel } from '../types';
import type { LogFormat, ParseContext } from './logFormat';
import { anyOf, syslogLevel } from './logFormat';
import type { EsxRecord } from './esxSyslog';
import { ISO_STAMP, isoTime, LINE_MARKER, PRI_TAG, priSeverity, SYSLOG_STAMP, TOKEN } from './esxSyslog';

// The vmacore log format that the ESX/ESXi host agents share: hostd, vpxa (the vCenter agent) and
// fdm (the vSphere HA agent) write the same line shapes, differing only in the program name:
//   ESX 3.5/4.x, host local time:   [2012-04-07 17:33:20.472 32AE9B90 error 'Statssvc'] ...
//   the same through syslog:        Apr 7 17:33:20 esx_host Hostd: [2012-04-07 17:33:20.472 ...] ...
//   ESXi 5.x-6.0, UTC:              2015-01-01T00:00:00.000Z [FFD3AB70 info 'Default' opID=abc-123 user=root] ...
//   ESXi 6.5-7.0:                   2019-01-01T00:00:00.000Z info hostd[12345] [Originator@6876 sub=Default opID=...] ...
//   ESXi 7.0 U2+/8.x:               2023-05-23T07:40:51.404Z In(166) Hostd[2100134]: [Originator@6876 sub=...] ...
// Fields: time, thread (hex vmacore thread id, or the number in brackets), level (panic/error → error,
// warning, info, verbose/trivia → debug; ESXi 8's syslog priority), component (the quoted logger name,
// or `sub=`), message. Backtraces (`[00] rip 17c6bbf3`) and `-->` lines continue the record before them.
// ESX 4 and ESXi 5 lines do not name the program: only the file name tells hostd, vpxa and fdm apart.

const LEVELS = 'panic|error|warning|info|verbose|trivia|quiet';
const OLD_BRACKET = `\\[(?<stamp>\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}) (?<thread>[0-9A-Fa-f]+) (?<level>${LEVELS}) '(?<comp>[^']*)'(?<extra> [^\\]]*)?\\]`;

export interface VmacoreShapes {
  /** The program name of the ESXi 6.5+ and 8.x lines, as a regex source (`[Ff]dm`). */
  program: string;
  /** The program name ESX 4 gave the agent in `/var/log/messages`; undefined when the agent has no ESX 4 shapes. */
  esx4SyslogProgram?: string;
}

/** The record-start forms of one agent's log, most specific first; each captures the fields by name. */
export function vmacoreForms(shapes: VmacoreShapes): RegExp[] {
  const forms: RegExp[] = [];
  if (shapes.esx4SyslogProgram) {
    forms.push(new RegExp(`^${OLD_BRACKET}`, 'd'));
    forms.push(new RegExp(`^(?<sstamp>${SYSLOG_STAMP}) (?:(?<host>${TOKEN}) )?(?<program>${shapes.esx4SyslogProgram})(?:\\[\\d+\\])?: ${OLD_BRACKET}`, 'd'));
  }
  forms.push(new RegExp(`^(?<stamp>${ISO_STAMP}) \\[(?<thread>[0-9A-Fa-f]+) (?<level>${LEVELS}) '(?<comp>[^']*)'(?<extra> [^\\]]*)?\\]`, 'd'));
  forms.push(new RegExp(`^(?<stamp>${ISO_STAMP}) (?<level>${LEVELS}) (?<program>${shapes.program})\\[(?<thread>[0-9A-Fa-f]+)\\] \\[Originator@\\d+(?<extra> [^\\]]*)?\\]`, 'd'));
  forms.push(new RegExp(`^(?<stamp>${ISO_STAMP}) (?<pri>${PRI_TAG})${LINE_MARKER} (?<program>${shapes.program})\\[(?<thread>\\d+)\\]: \\[Originator@\\d+(?<extra> [^\\]]*)?\\]`, 'd'));
  return forms;
}

/** Lines that continue the record before them: backtrace frames, `-->` lines, ESXi 8 lines without the bracket. */
export function vmacoreContinuation(shapes: VmacoreShapes): RegExp {
  const esx4 = shapes.esx4SyslogProgram ? `|${SYSLOG_STAMP} (?:${TOKEN} )?${shapes.esx4SyslogProgram}(?:\\[\\d+\\])?: (?!\\[\\d{4}-)` : '';
  return new RegExp(`^(?:\\[\\d{2,3}\\] rip [0-9A-Fa-f]+|-->${esx4}|${ISO_STAMP} ${PRI_TAG}${LINE_MARKER} [\\w-]+\\[\\d+\\]: (?!\\[Originator@))`);
}

const LEVEL_OF: Record<string, RecordLevel> = {
  panic: 'error',
  error: 'error',
  warning: 'warning',
  info: 'info',
  quiet: 'info',
  verbose: 'debug',
  trivia: 'debug',
};

export interface VmacoreRecord extends EsxRecord {
  /** The syslog stamp of an ESX 4 `messages` line; `timeRange` is the agent's own, fuller, stamp. */
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

/** A record in any of the given forms, or undefined (continuations, other lines). */
export function parseVmacoreLine(line: string, forms: readonly RegExp[], _context?: ParseContext): VmacoreRecord | undefined {
  let m: RegExpExecArray | null = null;
  for (const form of forms) if ((m = form.exec(line))) break;
  const g = m?.groups;
  const ix = m?.indices?.groups;
  if (!m || !g || !ix) return undefined;
  const r: VmacoreRecord = {
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

/** A family of its own for an agent whose lines are all vmacore records (vpxa, fdm). */
export function vmacoreFormat(id: string, title: string, fileNames: RegExp[], shapes: VmacoreShapes): LogFormat {
  const forms = vmacoreForms(shapes);
  return {
    id,
    title,
    fileNames,
    recordStart: anyOf(forms),
    continuation: vmacoreContinuation(shapes),
    parse: (line, context) => parseVmacoreLine(line, forms, context),
  };
}
