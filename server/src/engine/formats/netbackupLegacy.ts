import type { LogRecord, RecordLevel } from '../types';
import type { LogFormat, ParseContext } from './logFormat';

// Veritas NetBackup legacy debug logs (one folder per process under
// /usr/openv/netbackup/logs/ or install_path\NetBackup\logs\, e.g. logs/bpbrm/log.050514):
//   17:50:04.006 [5592.5372] <2> vnet_async_connect: ... 0: connect in progress: 1 0x00000001
//   17:50:36.114 [5592.5372] <16> bpbrm handle_backup: cannot create data socket, ...
//   11:55:07.028 [1333] <2> bptestbpcd: VERBOSE = 0
//   8:51:14.569 AM: [1924.2304] <4> tar_base::V_vTarMsgW: INF - tar message received ...
// time of day (local, no date: the date is in the file name) [pid.tid or pid] <message level>
// then usually "function: message", where bpbrm and some others put their name before the
// function ("bpbrm handle_backup:"). Lines without the prefix (command output, "...snip...")
// belong to the record before them.
const RECORD = /^(\d{1,2}:\d{2}:\d{2}\.\d{3})(?: ([AP]M))?:? \[(\d+)(?:\.(\d+))?\] <(\d{1,2})> ?/;
/** "function:" or "process function:" at the start of the message; "::" may occur inside a name. */
const COMPONENT = /^((?:[^\s:]|::)+(?: (?:[^\s:]|::)+)?):(?= |$)/;

// The number in angle brackets is the message's level. No public Veritas page we could find
// defines the values (the Logging Reference Guide documents only the VERBOSE setting); the reading
// below follows how the product uses them on published lines, and agrees with the hover table
// server/knowledge/tables/netbackup-log-levels.json, which cites its sources:
//   <0>, <1>  written whatever the verbosity (banners, versions)                    -> info
//   <2>       the bulk of every debug log: tracing of what the process does          -> debug
//   <4>       informational, e.g. bpbkar's "INF - ..." lines (NetBackup status 156 help page,
//             mirrored at http://systemmanager.ru/nbadmin.en/nbu_156.htm)            -> info
//   <8>       warnings and notable events                                            -> warning
//   <16>      errors: "cannot create data socket", "get_vnetd_forward_socket failed: 25"
//             (Veritas article 100024894, "Ten second connection delays cause status 25") -> error
//   <32>      critical / fatal errors                                                -> error
// Reading <4> as a warning or <8> as an error does not fit published lines: bpbkar writes INF at
// <4>, and bptestbpcd writes a successful connection through PBX at <8>.
export function netbackupLevel(n: number): RecordLevel {
  if (n >= 16) return 'error';
  if (n >= 8) return 'warning';
  if (n >= 4 || n < 2) return 'info';
  return 'debug';
}

/** Context a NetBackup legacy log's path gives: the day of its lines and the process it is for. */
export interface NetBackupContext extends ParseContext {
  /** The legacy process the folder is named after (bpbrm, bpcd, vnetd ...), when visible. */
  process?: string;
}

// Legacy debug log folders (NetBackup Logging Reference Guide, "Directory names for legacy debug
// logs for servers" and "... for media and device management", and the client process lists).
const KNOWN_PROCESSES = new Set([
  'admin',
  'bparchive',
  'bpbackup',
  'bpbkar',
  'bpbrm',
  'bpcd',
  'bpclntcmd',
  'bpcompatd',
  'bpcoord',
  'bpdb2',
  'bpdbjobs',
  'bpdbm',
  'bpdm',
  'bpfis',
  'bphdb',
  'bpinetd',
  'bpjava-msvc',
  'bpjava-susvc',
  'bpjava-usvc',
  'bpjobd',
  'bplist',
  'bpmount',
  'bporaexp',
  'bprd',
  'bprestore',
  'bpsched',
  'bpsynth',
  'bptestbpcd',
  'bptm',
  'bpvmutil',
  'bpvmreq',
  'dbclient',
  'mtfrd',
  'nbjm',
  'nbpem',
  'nbproxy',
  'nbrb',
  'nbwin',
  'tar',
  'user_ops',
  'vnetd',
  'ltid',
  'robots',
  'reqlib',
  'daemon',
  'tpcommand',
  'acsssi',
]);

// log.MMDDYY (UNIX), MMDDYY.log (older Windows), MMDDYY_NNNNN.log and user.MMDDYY_NNNNN.log
// (NetBackup 7.7+ rotation: "File name format for legacy logging", NetBackup Logging Reference
// Guide, https://www.veritas.com/support/en_US/doc/86063237-145507309-0/v40601393-145507309).
const NAME_DATE = /^log\.(\d{2})(\d{2})(\d{2})$|(?:^|\.)(\d{2})(\d{2})(\d{2})(?:_\d{5})?\.log$/;

function splitPath(path: string): string[] {
  return path.split(/[\\/]/).filter((p) => p.length > 0);
}

/** Midnight UTC of the day a legacy log file name states, or undefined. */
export function netbackupDayFromName(fileName: string): number | undefined {
  const parts = splitPath(fileName);
  const m = NAME_DATE.exec(parts[parts.length - 1] ?? '');
  if (!m) return undefined;
  const [mm, dd, yy] = m[1] !== undefined ? [m[1], m[2], m[3]] : [m[4], m[5], m[6]];
  const month = +mm;
  const day = +dd;
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const year = +yy < 70 ? 2000 + +yy : 1900 + +yy;
  const t = Date.UTC(year, month - 1, day);
  return new Date(t).getUTCDate() === day ? t : undefined;
}

/** The process a legacy log belongs to, from its folder (logs/bpbrm/log.050514 -> bpbrm). */
export function netbackupProcessFromPath(path: string): string | undefined {
  const parts = splitPath(path);
  if (parts.length < 2) return undefined;
  const file = parts[parts.length - 1];
  let i = parts.length - 2;
  // Non-root users' logs sit one level deeper: logs/tar/usr1/usr1.031020_00001.log
  const user = /^(.+)\.\d{6}_\d{5}\.log$/.exec(file)?.[1];
  if (user && parts[i] === user && i > 0) i--;
  const folder = parts[i];
  const known = KNOWN_PROCESSES.has(folder.toLowerCase());
  const underLogs = i > 0 && parts[i - 1].toLowerCase() === 'logs';
  return known || underLogs ? folder : undefined;
}

interface Prefix {
  hour: number;
  minute: number;
  second: number;
  ms: number;
  meridiem?: 'AM' | 'PM';
  /** End of the time, its " AM"/" PM" included. */
  timeEnd: number;
  /** The "pid" or "pid.tid" between the brackets. */
  threadStart: number;
  threadEnd: number;
  level: number;
  /** The "<n>", brackets included. */
  levelStart: number;
  levelEnd: number;
  /** End of the whole prefix (what RECORD matches). */
  end: number;
}

function digit(line: string, i: number): number {
  const c = line.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/**
 * What RECORD matches, read character by character (its groups, a split and a template string per
 * line cost more than the rest of the parse on the lines the correlators watch). Undefined where it does not match.
 */
function readPrefix(line: string): Prefix | undefined {
  // "h:" or "hh:", then "mm:ss.mmm"
  let i: number;
  let hour: number;
  if (digit(line, 0) < 0) return undefined;
  if (digit(line, 1) >= 0 && line.charCodeAt(2) === 58) ((hour = digit(line, 0) * 10 + digit(line, 1)), (i = 3));
  else if (line.charCodeAt(1) === 58) ((hour = digit(line, 0)), (i = 2));
  else return undefined;
  const m1 = digit(line, i),
    m2 = digit(line, i + 1),
    s1 = digit(line, i + 3),
    s2 = digit(line, i + 4);
  const f1 = digit(line, i + 6),
    f2 = digit(line, i + 7),
    f3 = digit(line, i + 8);
  if (m1 < 0 || m2 < 0 || line.charCodeAt(i + 2) !== 58 || s1 < 0 || s2 < 0 || line.charCodeAt(i + 5) !== 46 || f1 < 0 || f2 < 0 || f3 < 0) return undefined;
  i += 9;
  let timeEnd = i;
  let meridiem: 'AM' | 'PM' | undefined;
  const a = line.charCodeAt(i + 1);
  if (line.charCodeAt(i) === 32 && (a === 65 || a === 80) && line.charCodeAt(i + 2) === 77) {
    meridiem = a === 65 ? 'AM' : 'PM';
    i += 3;
    timeEnd = i;
  }
  if (line.charCodeAt(i) === 58) i++;
  if (line.charCodeAt(i) !== 32 || line.charCodeAt(i + 1) !== 91) return undefined;
  i += 2;
  const threadStart = i;
  while (digit(line, i) >= 0) i++;
  if (i === threadStart) return undefined;
  if (line.charCodeAt(i) === 46) {
    const tid = ++i;
    while (digit(line, i) >= 0) i++;
    if (i === tid) return undefined;
  }
  if (line.charCodeAt(i) !== 93) return undefined;
  const threadEnd = i;
  if (line.charCodeAt(i + 1) !== 32 || line.charCodeAt(i + 2) !== 60) return undefined;
  const levelStart = i + 2;
  i += 3;
  let level: number;
  if (digit(line, i) < 0) return undefined;
  if (digit(line, i + 1) >= 0 && line.charCodeAt(i + 2) === 62) ((level = digit(line, i) * 10 + digit(line, i + 1)), (i += 3));
  else if (line.charCodeAt(i + 1) === 62) ((level = digit(line, i)), (i += 2));
  else return undefined;
  const levelEnd = i;
  if (line.charCodeAt(i) === 32) i++;
  return {
    hour,
    minute: m1 * 10 + m2,
    second: s1 * 10 + s2,
    ms: f1 * 100 + f2 * 10 + f3,
    meridiem,
    timeEnd,
    threadStart,
    threadEnd,
    level,
    levelStart,
    levelEnd,
    end: i,
  };
}

export const netbackupLegacy: LogFormat = {
  id: 'netbackup-legacy-log',
  title: 'NetBackup legacy debug log',
  fileNames: [/^log\.\d{6}$/, /^\d{6}(?:_\d{5})?\.log$/, /\.\d{6}_\d{5}\.log$/],
  recordStart: RECORD,
  // "...snip...", "…snip…" and "...delay while ..." lines of excerpts like the Veritas article's
  continuation: /^(?:\.\.\.|…)/,
  parse(line, context) {
    const m = readPrefix(line);
    if (!m) return undefined;
    let hour = m.hour;
    if (m.meridiem === 'PM' && hour < 12) hour += 12;
    if (m.meridiem === 'AM' && hour === 12) hour = 0;
    const timeOfDay = ((hour * 60 + m.minute) * 60 + m.second) * 1000 + m.ms;
    const timeEnd = m.timeEnd;
    const threadStart = m.threadStart;
    const thread = line.slice(threadStart, m.threadEnd);
    const levelStart = m.levelStart;
    const levelEnd = m.levelEnd;
    const n = m.level;
    const record: LogRecord = {
      // Without a date from the file name the time is the time of day on 1970-01-01: still
      // good for the gaps between lines of one day (see isPartialTime in syslogPrefix.ts).
      time: (context?.day ?? 0) + timeOfDay,
      timeZone: 'local',
      thread,
      level: netbackupLevel(n),
      // With its brackets ("<16>"), so that nothing reads it as a syslog severity.
      levelText: line.slice(levelStart, levelEnd),
      timeRange: [0, timeEnd],
      threadRange: [threadStart, threadStart + thread.length],
      levelRange: [levelStart, levelEnd],
      messageRange: [m.end, line.length],
    };
    const c = COMPONENT.exec(line.slice(m.end, m.end + 160));
    if (c) {
      record.component = c[1];
      record.componentRange = [m.end, m.end + c[1].length];
      const rest = m.end + c[0].length;
      record.messageRange = [line[rest] === ' ' ? rest + 1 : rest, line.length];
    }
    return record;
  },
  contextFromName(fileName): NetBackupContext {
    const context: NetBackupContext = {};
    const day = netbackupDayFromName(fileName);
    if (day !== undefined) context.day = day;
    const process = netbackupProcessFromPath(fileName);
    if (process) context.process = process;
    return context;
  },
};
