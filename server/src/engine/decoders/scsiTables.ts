import type { Severity } from '../types';
import type { TableSource } from './tables';
import { loadTable } from './tables';

// Typed lookups over the SCSI code tables (knowledge/tables/scsi-*.json). The tables hold T10's
// names letter for letter; the notes are this project's reading for a VMware/NetApp administrator.

interface SenseKeyTable {
  sources: TableSource[];
  keys: { key: string; name: string; meaning: string; severity: Severity; note?: string }[];
}

interface AscTable {
  sources: TableSource[];
  listDate: string;
  count: { fixed: number; later: number; variableQualifier: number; total: number };
  entries: [string, string, string][];
  /** Assignments made after the T10 list the entries come from, with where they were read. */
  later: { asc: string; ascq: string; name: string; source: string }[];
  /** Rows whose qualifier is a number NN (T10's, and the ranges sg3_utils names with their number). */
  variable: { asc: string; ascq: string; name: string; qualifier: string; source?: string }[];
  adminNotes: { asc: string; ascq: string; note: string }[];
}

interface StatusTable {
  sources: TableSource[];
  codes: { code: string; name: string; meaning: string }[];
}

interface OpcodeTable {
  sources: TableSource[];
  codes: { code: string; name: string; others?: string[]; note?: string; assigned?: string; vendorSpecific?: boolean; reserved?: boolean }[];
  ranges: { from: string; to: string; name: string }[];
}

export interface SenseKeyInfo {
  key: number;
  name: string;
  /** One line: what the key means. */
  meaning: string;
  /** How a finding built on this key should be classed (UNIT ATTENTION information, NOT READY warning...). */
  severity: Severity;
  /** What it usually means on an ESX host. */
  note?: string;
}

export interface AscAscqInfo {
  asc: number;
  ascq: number;
  /** T10's description; for vendor-specific or unassigned pairs, a description of that. */
  name: string;
  /** What the code usually means to a VMware/NetApp administrator, when we have a note. */
  note?: string;
  vendorSpecific?: boolean;
  /** True when the T10 list assigns the pair (fixed, or through a variable-qualifier row such as 40h/NN). */
  assigned: boolean;
}

export interface ScsiStatusInfo {
  code: number;
  name: string;
  meaning: string;
}

export interface OpcodeInfo {
  code: number;
  name: string;
  /** Names other device types (tape, media changer, C/DVD...) use for the same byte. */
  others: string[];
  note?: string;
}

/** 0x3f -> "0x3F"; always two hex digits. */
export function hex2(n: number): string {
  return `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** "0x3f", "3F", "3fh" -> 63; NaN when not hex. */
export function parseHexByte(text: string): number {
  const m = /^(?:0x)?([0-9a-f]{1,2})h?$/i.exec(text.trim());
  return m ? parseInt(m[1], 16) : NaN;
}

const senseKeys = () => loadTable<SenseKeyTable>('scsi-sense-keys');
const ascTable = () => loadTable<AscTable>('scsi-asc-ascq');
const statusTable = () => loadTable<StatusTable>('scsi-status');
const opcodeTable = () => loadTable<OpcodeTable>('scsi-opcodes');

/** Sense key 0x0-0xF: T10 name, one-line meaning, finding severity, ESX note. */
export function senseKeyInfo(key: number): SenseKeyInfo {
  const e = Number.isInteger(key) && key >= 0 && key <= 0xf ? senseKeys().keys.find((k) => parseInt(k.key, 16) === key) : undefined;
  if (!e) return { key, name: 'not a sense key', meaning: 'Sense keys are 4 bits (0x0-0xF); this value cannot be one.', severity: 'warning' };
  return { key, name: e.name, meaning: e.meaning, severity: e.severity, note: e.note };
}

let ascIndex: Map<number, string> | undefined;
let noteIndex: Map<string, string> | undefined;

function ascKey(asc: number, ascq: number): number {
  return (asc << 8) | ascq;
}

function noteFor(asc: number, ascq: number): string | undefined {
  if (!noteIndex) {
    noteIndex = new Map();
    for (const n of ascTable().adminNotes) noteIndex.set(`${n.asc}/${n.ascq}`, n.note);
  }
  const a = hex2(asc).slice(2);
  return noteIndex.get(`${a}/${hex2(ascq).slice(2)}`) ?? noteIndex.get(`${a}/*`);
}

function inRange(range: string, n: number): boolean {
  const [from, to] = range.split('-').map((x) => parseInt(x, 16));
  return n >= from && n <= (to ?? from);
}

/** ASC/ASCQ pair: T10 name (complete list incl. variable-qualifier rows and vendor ranges), admin note. */
export function ascAscqInfo(asc: number, ascq: number): AscAscqInfo {
  const table = ascTable();
  if (!ascIndex) {
    ascIndex = new Map();
    for (const [a, q, name] of table.entries) ascIndex.set(ascKey(parseInt(a, 16), parseInt(q, 16)), name);
    for (const { asc: a, ascq: q, name } of table.later) ascIndex.set(ascKey(parseInt(a, 16), parseInt(q, 16)), name);
  }
  const base = { asc, ascq };
  if (!(asc >= 0 && asc <= 0xff && ascq >= 0 && ascq <= 0xff)) return { ...base, name: 'not an ASC/ASCQ pair (each is one byte)', assigned: false };
  const name = ascIndex.get(ascKey(asc, ascq));
  const note = noteFor(asc, ascq);
  if (name !== undefined) return { ...base, name, note, assigned: true };
  for (const v of table.variable) {
    if (parseInt(v.asc, 16) === asc && inRange(v.ascq, ascq)) {
      return { ...base, name: v.name.replace(/\bNN\b/, hex2(ascq)), note: note ?? `${v.qualifier}.`, assigned: true };
    }
  }
  if (asc >= 0x80) return { ...base, name: `vendor specific (ASC ${hex2(asc)}: ASCs 0x80-0xFF are vendor specific)`, note, vendorSpecific: true, assigned: false };
  if (ascq >= 0x80) {
    return { ...base, name: `vendor specific qualifier of ASC ${hex2(asc)} (ASCQs 0x80-0xFF are vendor specific)`, note, vendorSpecific: true, assigned: false };
  }
  return { ...base, name: `reserved (not assigned in the T10 list of ${table.listDate})`, note, assigned: false };
}

/** Figures about the ASC/ASCQ table: the T10 list date and how many assignments it holds. */
export function ascTableFacts(): { listDate: string; fixed: number; later: number; variableQualifier: number; total: number } {
  const { listDate, count } = ascTable();
  return { listDate, fixed: count.fixed, later: count.later, variableQualifier: count.variableQualifier, total: count.total };
}

/** SAM status byte (ESX D:0x..). */
export function scsiStatusInfo(code: number): ScsiStatusInfo {
  const e = statusTable().codes.find((c) => parseInt(c.code, 16) === code);
  if (e) return { code, name: e.name, meaning: e.meaning };
  return { code, name: 'reserved', meaning: 'Not a status code T10 assigns.' };
}

/** Operation code (CDB byte 0). */
export function opcodeInfo(code: number): OpcodeInfo {
  const t = opcodeTable();
  const e = t.codes.find((c) => parseInt(c.code, 16) === code);
  if (e) return { code, name: e.name, others: e.others ?? [], note: e.note };
  const r = t.ranges.find((x) => code >= parseInt(x.from, 16) && code <= parseInt(x.to, 16));
  return { code, name: r?.name ?? 'not an operation code', others: [] };
}

export const scsiSources = {
  senseKeys: (): TableSource[] => senseKeys().sources,
  ascAscq: (): TableSource[] => ascTable().sources,
  status: (): TableSource[] => statusTable().sources,
  opcodes: (): TableSource[] => opcodeTable().sources,
};
