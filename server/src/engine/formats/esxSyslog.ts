import type { LogRecord } from '../types';
import type { ParseContext } from './logFormat';
import { parseSyslogStamp, SYSLOG_STAMP_SOURCE } from './syslogPrefix';

// Pieces shared by the ESX families. ESX 3.5/4.x hosts wrote vmkernel and hostd through syslog
// into one `/var/log/messages` (hostd also into its own hostd.log); ESXi 5+ writes each service
// to its own file with an ISO 8601 UTC stamp.

/** `Apr  7 17:33:20` (day space-padded, or not padded at all as in the article): the syslog family's. */
export const SYSLOG_STAMP = SYSLOG_STAMP_SOURCE;

/** `2019-03-01T08:53:36.573Z`; ESXi writes UTC (`Z`), remote collectors may write an offset. */
export const ISO_STAMP = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?(?:Z|[+-]\\d{2}:?\\d{2})';

/** ESXi 7.0 U2+ / 8.x write the syslog priority as `In(182)`: two letters and facility*8+severity. */
export const PRI_TAG = '(?:Em|Al|Cr|Er|Wa|No|In|Db)\\(\\d{1,3}\\)';

/**
 * ESXi 8 marks the second and later lines of one multi-line submission with `+` after the priority
 * (`In(166)+`; some files write `[+]`): the line is a record of its own, continuing the same message.
 */
export const LINE_MARKER = '(?:\\+|\\[\\+\\])?';

/** A syslog host or program token: no blanks, colons or brackets, so the parts cannot overlap. */
export const TOKEN = '[^\\s:\\[]+';

/**
 * ESX 4 syslog prefix: stamp, optional host, program with optional pid, then `: `.
 * The host is optional because some hosts write none (`Aug 16 20:09:17 vmkernel: ...`): one token
 * before the colon is read as the program here (the vmkernel parser knows when it is the host).
 */
export const SYSLOG_PREFIX = new RegExp(`^(${SYSLOG_STAMP}) (?:(${TOKEN}) )?(${TOKEN})(?:\\[(\\d+)\\])?: `, 'd');

/**
 * Year-less syslog stamp → ms since epoch (as if UTC), in `context.year`; without one, in the syslog
 * family's placeholder year (syslogPrefix.ts UNKNOWN_YEAR, see isPartialTime), like every syslog line.
 */
export const syslogTime: (stamp: string, context?: ParseContext) => number | undefined = parseSyslogStamp;

/** ISO 8601 stamp with `Z` or an offset → UTC ms; undefined when it is not a valid date. */
export function isoTime(stamp: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:?\d{2})?$/.exec(stamp);
  if (!m) return undefined;
  const ms = m[7] ? Math.floor(+m[7].padEnd(3, '0').slice(0, 3)) : 0;
  let t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms);
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (+digits.slice(0, 2) * 60 + +digits.slice(2, 4)) * 60_000;
  }
  return Number.isNaN(t) ? undefined : t;
}

const SEVERITY_OF_LETTERS: Record<string, number> = { Em: 0, Al: 1, Cr: 2, Er: 3, Wa: 4, No: 5, In: 6, Db: 7 };

/**
 * `In(182)` → the syslog severity (RFC 5424 numbering), from the two letters: in the logs vmsyslogd
 * writes the number is facility * 8 + severity and agrees with them, but in a log a service writes
 * itself (vmware.log: `Wa(03)`) it is that logger's own level.
 */
export function priSeverity(tag: string): number {
  return SEVERITY_OF_LETTERS[tag.slice(0, 2)] ?? 6;
}

/** Record fields every ESX family adds to the engine's LogRecord. */
export interface EsxRecordExtras {
  host?: string;
  hostRange?: [number, number];
  /** The syslog program (`vmkernel`, `Hostd`, `vpxa`...) when the line came through syslog. */
  program?: string;
  programRange?: [number, number];
  /** vCenter operation id (`opID=...`), which ties one task's lines together across services. */
  opId?: string;
  opIdRange?: [number, number];
}

export type EsxRecord = LogRecord & EsxRecordExtras;

export interface SyslogPrefix {
  stamp: [number, number];
  host?: [number, number];
  program: [number, number];
  pid?: [number, number];
  /** Offset just after `: `. */
  end: number;
}

/** Splits the ESX 4 syslog prefix, or undefined when the line does not start with one. */
export function splitSyslogPrefix(line: string): SyslogPrefix | undefined {
  const m = SYSLOG_PREFIX.exec(line);
  if (!m?.indices) return undefined;
  const ix = m.indices;
  return { stamp: ix[1]!, host: ix[2], program: ix[3]!, pid: ix[4], end: m[0].length };
}

/**
 * A line of another program in an ESX 4 `messages` file (vpxa, sfcb, storageRM...): a plain record with
 * the program as component and the pid as thread, so that it does not read as a continuation.
 */
export function otherSyslogRecord(line: string, p: SyslogPrefix, context?: ParseContext): EsxRecord {
  const program = line.slice(...p.program);
  return {
    time: syslogTime(line.slice(...p.stamp), context),
    timeZone: 'local',
    timeRange: p.stamp,
    host: p.host ? line.slice(...p.host) : undefined,
    hostRange: p.host,
    program,
    programRange: p.program,
    component: program,
    componentRange: p.program,
    thread: p.pid ? line.slice(...p.pid) : undefined,
    threadRange: p.pid,
    level: 'info',
    messageRange: [p.end, line.length],
  };
}
