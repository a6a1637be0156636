import type { Decoding } from '../types';
import type { Decoder } from './decoder';
import type { TableSource } from './tables';
import { loadTable, sourceLines } from './tables';

// Windows Sockets error codes (10004-11004), written in decimal, in hex, or by name:
//   getsockopt SO_ERROR returned: 10061 0x0000274d      (both spans: WSAECONNREFUSED)
// A bare five-digit number is a port or a count far more often than an error, so a decimal or hex
// value counts only after an error word ("error", "returned", "failed"...) or as the hex echo of
// the decimal before it.

interface WinsockTable {
  sources: TableSource[];
  notes: string[];
  codes: { n: number; hex: string; name: string; message: string; hint?: string }[];
}

type Entry = WinsockTable['codes'][number];
let byCode: Map<number, Entry> | undefined;
let byName: Map<string, Entry> | undefined;

function table(): WinsockTable {
  const t = loadTable<WinsockTable>('winsock-errors');
  byCode ??= new Map(t.codes.map((c) => [c.n, c]));
  byName ??= new Map(t.codes.map((c) => [c.name, c]));
  return t;
}

const ERROR_WORD = /\b(?:error|err|errno|returned|failed|failure|status|code|WSAGetLastError\(\)|SO_ERROR)(?:\s*[:=]\s*|\s+)\(?(1[01]\d{3}|0x0000[0-9a-fA-F]{4})(?!\w|\.\w)/gi;
const WITH_ECHO = /(?<![\w.:])(1[01]\d{3}) (0x[0-9a-fA-F]{8})(?!\w|\.\w)/g;
const NAME = /\bWSA[A-Z_]{3,}\b/g;

function decoding(entry: Entry, text: string, start: number, how: 'decimal' | 'hex' | 'name'): Decoding {
  const t = table();
  const details: string[] = [`${entry.name} = ${entry.n} = ${entry.hex}: ${entry.message}`];
  if (entry.hint) details.push(entry.hint);
  if (how === 'hex') details.push(`${text} is ${entry.n} written in hexadecimal.`);
  details.push(...t.notes.slice(1), ...sourceLines(t.sources));
  return {
    kind: 'winsock-error',
    text,
    start,
    end: start + text.length,
    summary: `Winsock error ${entry.n} ${entry.name}: ${entry.message}`,
    details,
  };
}

export const winsockDecoder: Decoder = {
  kind: 'winsock-error',
  decode(line) {
    if (!/1[01]\d{3}|0x0000|WSA/.test(line)) return [];
    table();
    const out: Decoding[] = [];
    const seen = new Set<number>();
    const add = (value: string, start: number): void => {
      if (seen.has(start)) return;
      const hex = value.startsWith('0x');
      const entry = byCode!.get(hex ? parseInt(value, 16) : Number(value));
      if (!entry) return;
      seen.add(start);
      out.push(decoding(entry, value, start, hex ? 'hex' : 'decimal'));
    };
    for (const m of line.matchAll(ERROR_WORD)) add(m[1], m.index! + m[0].length - m[1].length);
    for (const m of line.matchAll(WITH_ECHO)) {
      if (parseInt(m[2], 16) !== Number(m[1])) continue;
      add(m[1], m.index!);
      add(m[2], m.index! + m[1].length + 1);
    }
    for (const m of line.matchAll(NAME)) {
      const entry = byName!.get(m[0]);
      if (entry) out.push(decoding(entry, m[0], m.index!, 'name'));
    }
    return out;
  },
};
