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
  'admin', 'bparchive', 'bpbackup', 'bpbkar', 'bpbrm', 'bpcd', 'bpclntcmd', 'bpcompatd', 'bpcoord',
  'bpdb2', 'bpdbjobs', 'bpdbm', 'bpdm', 'bpfis', 'bphdb', 'bpinetd', 'bpjava-msvc', 'bpjava-susvc',
  'bpjava-usvc', 'bpjobd', 'bplist', 'bpmount', 'bporaexp', 'bprd', 'bprestore', 'bpsched', 'bpsynth',
  'bptestbpcd', 'bptm', 'bpvmutil', 'bpvmreq', 'dbclient', 'mtfrd', 'nbjm', 'nbpem', 'nbproxy', 'nbrb',
  'nbwin', 'tar', 'user_ops', 'vnetd', 'ltid', 'robots', 'reqlib', 'daemon', 'tpcommand', 'acsssi',
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

export const netbackupLegacy: LogFormat = {
  id: 'netbackup-legacy-log',
  title: 'NetBackup legacy debug log',
  fileNames: [/^log\.\d{6}$/, /^\d{6}(?:_\d{5})?\.log$/, /\.\d{6}_\d{5}\.log$/],
  recordStart: RECORD,
  // "...snip...", "…snip…" and "...delay while ..." lines of excerpts like the Veritas article's
  continuation: /^(?:\.\.\.|…)/,
  parse(line, context) {
    const m = RECORD.exec(line);
    if (!m) return undefined;
    let hour = +m[1].slice(0, m[1].indexOf(':'));
    if (m[2] === 'PM' && hour < 12) hour += 12;
    if (m[2] === 'AM' && hour === 12) hour = 0;
    const [, mi, s] = m[1].split(':');
    const timeOfDay = ((hour * 60 + +mi) * 60 + +s.slice(0, 2)) * 1000 + +s.slice(3, 6);
    const timeEnd = m[1].length + (m[2] ? 3 : 0);
    const threadStart = line.indexOf('[', timeEnd) + 1;
    const thread = m[4] !== undefined ? `${m[3]}.${m[4]}` : m[3];
    const levelStart = line.indexOf('<', threadStart + thread.length);
    const levelEnd = line.indexOf('>', levelStart) + 1;
    const n = +m[5];
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
      messageRange: [m[0].length, line.length],
    };
    const c = COMPONENT.exec(line.slice(m[0].length, m[0].length + 160));
    if (c) {
      record.component = c[1];
      record.componentRange = [m[0].length, m[0].length + c[1].length];
      const rest = m[0].length + c[0].length;
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
