import type { LogRecord, RecordLevel } from '../types';
import type { LogFormat } from './logFormat';
import { anyOf } from './logFormat';

// Output of ESXi `vdf -h` (df plus the visorfs ramdisks and tardisks), as pasted into a case:
//   ~ # vdf -h
//   Tardisk                  Space      Used
//   s.v00                     148M      148M
//   -----
//   Ramdisk Size Used Available Use% Mounted on
//   MAINSYS 32M 21M 10M 68% --
//   hostdstats 166M 166M 0B 100% --
// and, in the full output, busybox df's `Filesystem Size Used Available Use% Mounted on` with
// VMFS/vfat/NFS rows mounted under /vmfs/volumes. No time, no thread: each row is a record whose
// component is the ramdisk or file system and whose message is the whole row.
//
// Severity from Use%: a ramdisk at 100 % takes no more writes (the article's `hostdstats`: hostd
// stats fail with "No space left", the host hangs), so 100 % is an error; 90 % and more a warning,
// the early sign; below, info. Tardisks are read-only archives, always as full as they are big:
// no percentage, info. Rows are only those ESX writes (`--` or a /vmfs mount), so GNU or Linux
// `df` output (`Avail`, `/dev/sda1 ... /`) is not read as this family.

const SIZE = '\\d+(?:\\.\\d+)?[BKMGTPE]?';
const PROMPT = /^(?<prompt>~ # |\[[^\]\s]{1,100}\] |[#$] )?(?<cmd>vdf)(?: +-\w+)* *$/d;
const HEADER = /^(?<table>Ramdisk|Tardisk|Filesystem) +(?:Size|Space|1[kK]-blocks) +Used\b(?: +Available +Use% +Mounted on)? *$/d;
const USE_ROW = new RegExp(`^(?<name>[\\w.-]+) +(?<size>${SIZE}) +(?<used>${SIZE}) +(?<available>${SIZE}) +(?<pct>(?<pctNo>\\d{1,3})%) +(?<mount>--|/vmfs/\\S*) *$`, 'd');
const TARDISK_ROW = /^(?<name>[\w.-]+) +(?<size>\d+(?:\.\d+)?[BKMGTPE]) +(?<used>\d+(?:\.\d+)?[BKMGTPE]) *$/d;

export interface VdfRecord extends LogRecord {
  kind: 'command' | 'header' | 'row';
  size?: string;
  used?: string;
  available?: string;
  usePercent?: number;
  mount?: string;
}

export function vdfUseLevel(percent: number): RecordLevel {
  if (percent >= 100) return 'error';
  if (percent >= 90) return 'warning';
  return 'info';
}

export function parseVdfLine(line: string): VdfRecord | undefined {
  const whole: [number, number] = [0, line.length];
  let m = USE_ROW.exec(line);
  if (m?.groups && m.indices?.groups) {
    const g = m.groups;
    const ix = m.indices.groups;
    const pct = +g.pctNo;
    return {
      kind: 'row',
      component: g.name,
      componentRange: ix.name,
      level: vdfUseLevel(pct),
      levelText: g.pct,
      levelRange: ix.pct,
      size: g.size,
      used: g.used,
      available: g.available,
      usePercent: pct,
      mount: g.mount,
      messageRange: whole,
    };
  }
  m = TARDISK_ROW.exec(line);
  if (m?.groups && m.indices?.groups) {
    return { kind: 'row', component: m.groups.name, componentRange: m.indices.groups.name, level: 'info', size: m.groups.size, used: m.groups.used, messageRange: whole };
  }
  m = HEADER.exec(line);
  if (m?.groups && m.indices?.groups) return { kind: 'header', component: m.groups.table, componentRange: m.indices.groups.table, messageRange: whole };
  m = PROMPT.exec(line);
  if (m?.groups && m.indices?.groups) return { kind: 'command', component: 'vdf', componentRange: m.indices.groups.cmd, messageRange: whole };
  return undefined;
}

export const esxVdf: LogFormat = {
  id: 'esx-vdf',
  title: 'VMware ESXi vdf output',
  fileNames: [/^vdf(?:[^a-z0-9].*)?$/i],
  recordStart: anyOf([USE_ROW, TARDISK_ROW, HEADER, PROMPT]),
  // the `-----` between the tardisk and ramdisk tables
  continuation: /^-{3,} *$/,
  parse: parseVdfLine,
};
