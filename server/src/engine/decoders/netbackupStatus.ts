import type { Decoding } from '../types';
import type { DecodeContext, Decoder } from './decoder';
import { netbackupLine } from './netbackupLine';
import type { TableSource } from './tables';
import { loadTable, sourceLines } from './tables';

// NetBackup job status codes (status 25 "cannot connect on socket"...) and, on the same lines,
// the vnet/vnetd routines' own status numbers, which are a different numbering: in article 002
// vnet_async_connect gives up with vnet status 18, and bpcd turns that into NetBackup status 25.
// Only lines shaped like a NetBackup legacy debug log are read: "status 25" means nothing elsewhere.

interface StatusTable {
  sources: TableSource[];
  codes: { n: number; message: string; olderMessage?: string; hint?: string; checked?: string }[];
}

interface VnetTable {
  sources: TableSource[];
  notes: string[];
  statuses: { n: number; meaning: string; evidence: string }[];
}

let statusByCode: Map<number, StatusTable['codes'][number]> | undefined;
let vnetByCode: Map<number, VnetTable['statuses'][number]> | undefined;

function statusTable(): StatusTable {
  const t = loadTable<StatusTable>('netbackup-status');
  statusByCode ??= new Map(t.codes.map((c) => [c.n, c]));
  return t;
}

function vnetTable(): VnetTable {
  const t = loadTable<VnetTable>('netbackup-vnet-status');
  vnetByCode ??= new Map(t.statuses.map((s) => [s.n, s]));
  return t;
}

// "status 25", "status: 25", "status=25", "status code 25", "EXIT STATUS 156"
const STATUS = /\b(?:exit )?status(?: code)?(?:\s*[:=]\s*|\s+)(\d{1,4})(?!\d|\.\d)/gi;
// "failed: 25", "vnet_async_connect() failed: 18", "bpcd returned failure: 25", "Function failed: 11"
const FAILED = /(?:\b([A-Za-z_]\w*)(?:\(\))? )?(?:failed|returned failure|failure)\s*[:=]\s*(\d{1,4})(?!\d|\.\d)/g;
/** The job details' last line: "media write error  (84)". */
const JOB_END = /\((\d{1,5})\)\s*$/;
/** The hex echo vnet logging puts after a number: "18 0x00000012". */
const ECHO = /^ (0x[0-9a-fA-F]{8})\b/;

/** Functions whose numbers are vnet status values, not NetBackup job status codes. */
export function isVnetFunction(name: string | undefined): boolean {
  if (!name) return false;
  return /^vnet_/i.test(name) || name === 'connect_to_service' || name === 'ProcessRequests' || name === 'process_connect_forward_socket' || name === 'process_service_socket' || name === 'do_vnetd_service';
}

function netbackupDecoding(n: number, text: string, start: number, echoOf?: number): Decoding {
  const table = statusTable();
  const entry = statusByCode!.get(n);
  const details: string[] = [];
  if (echoOf !== undefined) details.push(`${text} is the hex echo of ${echoOf} that NetBackup logs after the number.`);
  if (entry) {
    if (entry.hint) details.push(entry.hint);
    if (entry.olderMessage) details.push(`Older releases wrote: "${entry.olderMessage}".`);
    if (entry.checked) details.push(`Wording checked against: ${entry.checked}.`);
  } else {
    details.push(`${n} is not in the NetBackup status table (${table.codes.length} codes); look it up in the Status Codes Reference Guide for the release in use.`);
  }
  details.push("A NetBackup job status code: the same number appears as the job's exit status in the Activity Monitor and bpdbjobs.");
  details.push(...sourceLines(table.sources.slice(0, 2)));
  return {
    kind: 'netbackup-status',
    text,
    start,
    end: start + text.length,
    summary: entry ? `NetBackup status ${n}: ${entry.message}` : `NetBackup status ${n}: not in the status table`,
    details,
  };
}

function vnetDecoding(n: number, text: string, start: number, echoOf?: number): Decoding {
  const table = vnetTable();
  const entry = vnetByCode!.get(n);
  const details: string[] = [];
  if (echoOf !== undefined) details.push(`${text} is the hex echo of ${echoOf} that vnet logging puts after the number.`);
  details.push('This number comes from a vnet/vnetd routine, not from a NetBackup job: it is not the NetBackup status code with the same number.');
  if (entry) details.push(`Evidence: ${entry.evidence}`);
  else details.push('Veritas does not publish the vnet status numbers; this value has no known meaning.');
  details.push(...table.notes.slice(1));
  details.push(...sourceLines(table.sources));
  return {
    kind: 'netbackup-vnet-status',
    text,
    start,
    end: start + text.length,
    summary: entry ? `vnet status ${n}: ${entry.meaning} — not a NetBackup status code` : `vnet status ${n}: meaning not published — not a NetBackup status code`,
    details,
  };
}

/** "Media Write Error." and "media write error" are the same words. */
function words(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Whether the words before the line's last "(digits)" end with the status message `meaning`
 * ("end writing file read failed (13)"): only then is the bracketed number the job's status.
 */
export function saysStatusBefore(line: string, digits: string, meaning: string): boolean {
  const at = line.lastIndexOf(`(${digits})`);
  return at >= 0 && ` ${words(line.slice(0, at))}`.endsWith(` ${words(meaning)}`);
}

/** Job details text: statuses in its messages, and the status of its last line. */
function jobDetailsDecodings(line: string, context: DecodeContext): Decoding[] {
  const offset = context.record?.messageRange[0] ?? 0;
  const message = line.slice(offset);
  const out: Decoding[] = [];
  for (const m of message.matchAll(STATUS)) out.push(netbackupDecoding(Number(m[1]), m[1], offset + m.index! + m[0].length - m[1].length));
  for (const m of message.matchAll(FAILED)) {
    if (!isVnetFunction(m[1])) out.push(netbackupDecoding(Number(m[2]), m[2], offset + m.index! + m[0].length - m[2].length));
  }
  const end = JOB_END.exec(line);
  if (end) {
    const n = Number(end[1]);
    statusTable();
    const meaning = statusByCode!.get(n)?.message;
    if (meaning && saysStatusBefore(line, end[1], meaning)) out.push(netbackupDecoding(n, end[1], end.index + 1));
  }
  return out;
}

export const netbackupStatusDecoder: Decoder = {
  kind: 'netbackup-status',
  decode(line, context) {
    if (context.format?.id === 'netbackup-job-details') return jobDetailsDecodings(line, context);
    const nb = netbackupLine(line, context);
    if (!nb) return [];
    const out: Decoding[] = [];
    const emit = (n: number, start: number, digits: string, vnet: boolean): void => {
      const make = vnet ? vnetDecoding : netbackupDecoding;
      out.push(make(n, digits, start));
      const echo = ECHO.exec(line.slice(start + digits.length, start + digits.length + 12));
      if (echo && parseInt(echo[1], 16) === n) out.push(make(n, echo[1], start + digits.length + 1, n));
    };
    const message = line.slice(nb.messageStart);
    const offset = nb.messageStart;
    for (const m of message.matchAll(STATUS)) {
      const digitsStart = offset + m.index! + m[0].length - m[1].length;
      emit(Number(m[1]), digitsStart, m[1], isVnetFunction(nb.function));
    }
    for (const m of message.matchAll(FAILED)) {
      const callee = m[1] && m[1] !== 'Function' ? m[1] : undefined;
      // The routine named before "failed" says whose number it is; without one, the writer does.
      const vnet = callee ? isVnetFunction(callee) : isVnetFunction(nb.function);
      const digitsStart = offset + m.index! + m[0].length - m[2].length;
      emit(Number(m[2]), digitsStart, m[2], vnet);
    }
    return out;
  },
};
