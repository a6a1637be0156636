import type { Decoding, Severity } from '../types';
import type { Decoder } from './decoder';
import type { TableSource } from './tables';
import { loadTable, sourceLines } from './tables';

// The storage manager's error codes (knowledge/tables/xenserver-sr-errors.json). A backend error
// reaches the logs in three shapes, each carrying the same number:
//   xensource.log  Server_error(SR_BACKEND_FAILURE_46, [ ; The VDI is not available [opterr=...]; ])
//   SMlog          SM: [27183] Raising exception [46, The VDI is not available [opterr=...]]
//   XO / alerts    SR_BACKEND_FAILURE_46(, The VDI is not available, )

export interface SrErrorEntry {
  code: number;
  name: string;
  description: string;
  source: string;
  hint?: string;
  /** Set on codes no longer in the current storage manager. */
  retired?: string;
  /** Set on codes only the XCP-ng fork has. */
  only?: string;
  severity?: Severity;
}

interface SrErrorTable {
  title: string;
  sources: TableSource[];
  notes: string[];
  codes: SrErrorEntry[];
}

let byCode: Map<number, SrErrorEntry> | undefined;

function table(): SrErrorTable {
  const t = loadTable<SrErrorTable>('xenserver-sr-errors');
  byCode ??= new Map(t.codes.map((c) => [c.code, c]));
  return t;
}

/** The table entry of an SR backend error code, or undefined for a code the table does not hold. */
export function srError(code: number): SrErrorEntry | undefined {
  table();
  return byCode!.get(code);
}

/** "SR_BACKEND_FAILURE_46 VDIUnavailable: The VDI is not available", or a plain note for an unknown code. */
export function srErrorSummary(code: number): string {
  const e = srError(code);
  if (!e) return `SR_BACKEND_FAILURE_${code}: a code the storage manager's table does not list`;
  const where = e.retired ? ` (${e.retired})` : e.only ? ` (${e.only} only)` : '';
  return `SR_BACKEND_FAILURE_${code} ${e.name}: ${e.description}${where}`;
}

// The code after SR_BACKEND_FAILURE_ (never a prefix of a longer number) or after "Raising exception [".
const CODE = /\bSR_BACKEND_FAILURE_(\d{1,5})(?!\w)|\bRaising exception \[(\d{1,5}),/g;

export const srErrorDecoder: Decoder = {
  kind: 'xenserver-sr-error',
  decode(line) {
    if (!line.includes('SR_BACKEND_FAILURE_') && !line.includes('Raising exception [')) return [];
    const t = table();
    const out: Decoding[] = [];
    for (const m of line.matchAll(CODE)) {
      const digits = m[1] ?? m[2];
      const code = Number(digits);
      const entry = byCode!.get(code);
      const start = m[1] !== undefined ? m.index! : m.index! + m[0].length - 1 - digits.length;
      const text = m[1] !== undefined ? `SR_BACKEND_FAILURE_${digits}` : digits;
      const details: string[] = [];
      if (entry?.hint) details.push(entry.hint);
      details.push(...t.notes);
      details.push(...sourceLines(t.sources.filter((s) => !entry || s.url === entry.source)));
      out.push({ kind: this.kind, text, start, end: start + text.length, summary: `Storage manager error ${srErrorSummary(code)}`, details });
    }
    return out;
  },
};
