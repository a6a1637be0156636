import type { LogRecord } from '../types';
import { anyOf } from './logFormat';

// Control Station command output that VNX support material puts beside the server_log (article 000):
//   # server_param server_2 -facility -all -list | grep -i snaptimeout
//   snapTimeout                         NDMP          5         30         30
//   [nasadmin@cs0 ~]$ nas_fs -l
//   id      inuse type acl   volume    name                server
//   2         y    1   0     40        root_fs_common      1,2
//   server_2 :
//   **************  SUMMARY PAX STATS ****************
//   ----  NASS STATS ----
//   nass00 is not doing backup
//
// Choice: these lines are records of the vnx-server-log family, of their own kinds, rather than a
// separate family. They come pasted into the same case notes and files as the log, one command block
// between log excerpts; a separate family would leave such a file mixed and so unclaimed, and a
// language switch per block is not something an editor does. As records they keep the log's records
// from swallowing them as continuations, and their fields (parameter, facility, values; file system
// name; PAX thread) are there for hovers and rules. They have no time and no level.
// Only VNX commands count (`server_*`, `nas_*`, `fs_*`); `# ls -al` and the like stay plain text.

export type VnxCommandKind = 'command' | 'server' | 'server_param' | 'nas_fs' | 'server_pax';

export interface VnxCommandRecord extends LogRecord {
  kind: VnxCommandKind;
  /** server_param: the parameter (`snapTimeout`) and its columns. */
  param?: string;
  paramRange?: [number, number];
  facility?: string;
  defaultValue?: string;
  currentValue?: string;
  configuredValue?: string;
  /** nas_fs -l: the file system name. */
  fileSystem?: string;
  fileSystemRange?: [number, number];
}

/** A shell prompt (`#`, `$`, `[user@host dir]$`) then a VNX command. */
const PROMPT = /^(?:[#$]|\[[^\]]{1,100}\][#$]) +(?<cmd>server_\w+|nas_\w+|fs_\w+)\b/d;
/** `server_2 :` (or a VDM) above each Data Mover's part of a server_* command's output. */
const SERVER = /^(?<server>server_\d+|vdm_?\w+) :\s*$/d;
const PARAM_HEADER = /^param_name +facility +default +current +configured *$/d;
/** Columns separated by two or more blanks, as the command aligns them; `configured` may be empty. */
const PARAM_ROW = /^(?<param>[A-Za-z_]\w*) {2,}(?<facility>[A-Za-z]\w*) {2,}(?<def>\S+) {2,}(?<cur>\S+)(?: {2,}(?<conf>\S+))? *$/d;
const FS_HEADER = /^id +inuse +type +acl +volume +name +server *$/d;
const FS_ROW = /^(?<id>\d+) +(?<inuse>[ny]) +(?<type>\d+) +(?<acl>\d+) +(?<volume>\d+) +(?<name>\S+)(?: +(?<server>\d+(?:,\d+)*))? *$/d;
const PAX_TITLE = /^\*{3,} +(?<title>SUMMARY PAX STATS) +\*{3,} *$/d;
const PAX_SECTION = /^-{2,} +(?<title>[A-Z]{3,5} STATS) +-{2,} *$/d;
/** One PAX thread's state: nass (NASS, reads the file system), nasa (archiver), nasw (writer). */
const PAX_THREAD = /^(?<thread>nas[saw]\d{2,3}) +(?<state>\S.*)$/d;

const FORMS = [PROMPT, SERVER, PARAM_HEADER, PARAM_ROW, FS_HEADER, FS_ROW, PAX_TITLE, PAX_SECTION, PAX_THREAD];

/** Matches any line of command output that parseVnxCommandLine reads. */
export const VNX_COMMAND_LINE = anyOf(FORMS);

type Span = [number, number];

export function parseVnxCommandLine(line: string): VnxCommandRecord | undefined {
  const whole: Span = [0, line.length];
  let m = PROMPT.exec(line);
  if (m?.indices?.groups) {
    const cmd = m.indices.groups.cmd!;
    return { kind: 'command', component: line.slice(...cmd), componentRange: cmd, messageRange: [cmd[0], line.length] };
  }
  if ((m = SERVER.exec(line))?.indices?.groups) {
    const s = m.indices.groups.server!;
    return { kind: 'server', component: line.slice(...s), componentRange: s, messageRange: whole };
  }
  if (PARAM_HEADER.test(line)) return { kind: 'server_param', messageRange: whole };
  if ((m = FS_HEADER.exec(line))) return { kind: 'nas_fs', messageRange: whole };
  if ((m = FS_ROW.exec(line))?.groups && m.indices?.groups) {
    return { kind: 'nas_fs', fileSystem: m.groups.name, fileSystemRange: m.indices.groups.name, messageRange: whole };
  }
  if ((m = PAX_TITLE.exec(line) ?? PAX_SECTION.exec(line))?.indices?.groups) {
    return { kind: 'server_pax', component: m.groups!.title, componentRange: m.indices.groups.title, messageRange: whole };
  }
  if ((m = PAX_THREAD.exec(line))?.groups && m.indices?.groups) {
    const ix = m.indices.groups;
    return { kind: 'server_pax', thread: m.groups.thread, threadRange: ix.thread, messageRange: ix.state! };
  }
  // Last: the loosest shape, so that a PAX thread line is never read as a parameter row.
  if ((m = PARAM_ROW.exec(line))?.groups && m.indices?.groups) {
    const g = m.groups;
    const ix = m.indices.groups;
    return {
      kind: 'server_param',
      param: g.param,
      paramRange: ix.param,
      facility: g.facility,
      component: g.facility,
      componentRange: ix.facility,
      defaultValue: g.def,
      currentValue: g.cur,
      configuredValue: g.conf,
      messageRange: whole,
    };
  }
  return undefined;
}
