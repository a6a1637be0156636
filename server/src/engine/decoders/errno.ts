import type { Decoding } from '../types';
import type { Decoder } from './decoder';
import type { TableSource } from './tables';
import { loadTable, sourceLines } from './tables';

// Linux errno values where a line states one: "errno 111", "errno=28", a name such as
// ECONNREFUSED, or the strerror() text in parentheses, "(Connection refused)". Bare numbers are
// never taken for errno: too many other numbers look the same.

interface ErrnoTable {
  sources: TableSource[];
  notes: string[];
  codes: { n: number; name: string; message: string; aliases?: string[]; hint?: string }[];
}

type Entry = ErrnoTable['codes'][number];
let byCode: Map<number, Entry> | undefined;
let byName: Map<string, Entry> | undefined;
let byMessage: Map<string, Entry> | undefined;

function table(): ErrnoTable {
  const t = loadTable<ErrnoTable>('errno-linux');
  if (!byCode) {
    byCode = new Map(t.codes.map((c) => [c.n, c]));
    byName = new Map();
    byMessage = new Map();
    for (const c of t.codes) {
      byName.set(c.name, c);
      for (const a of c.aliases ?? []) byName.set(a, c);
      byMessage.set(c.message.toLowerCase(), c);
    }
  }
  return t;
}

const NUMBER = /\berrno(?:\s*[:=]\s*|\s+)(\d{1,3})(?!\w|\.\w)/gi;
const NAME = /\bE[A-Z0-9]{2,15}\b/g;
const PARENTHESISED = /\(([^()]{3,80})\)/g;

function decoding(entry: Entry, text: string, start: number, how: 'number' | 'name' | 'message'): Decoding {
  const t = table();
  const details: string[] = [`${entry.name} = errno ${entry.n} on Linux: ${entry.message}`];
  if (entry.aliases) details.push(`Also spelled ${entry.aliases.join(', ')}.`);
  if (entry.hint) details.push(entry.hint);
  if (how === 'message') details.push("The text in parentheses is the C library's message for this errno (strerror).");
  details.push(...t.notes, ...sourceLines(t.sources));
  const summary = how === 'name' ? `${text}: errno ${entry.n} on Linux, ${entry.message}${text === entry.name ? '' : ` (same as ${entry.name})`}` : `errno ${entry.n} ${entry.name}: ${entry.message}`;
  return { kind: 'errno', text, start, end: start + text.length, summary, details };
}

export const errnoDecoder: Decoder = {
  kind: 'errno',
  decode(line) {
    if (!/[eE][rR][rR][nN][oO]|\bE[A-Z0-9]{2}|\(/.test(line)) return [];
    table();
    const out: Decoding[] = [];
    for (const m of line.matchAll(NUMBER)) {
      const entry = byCode!.get(Number(m[1]));
      if (entry) out.push(decoding(entry, m[1], m.index! + m[0].length - m[1].length, 'number'));
    }
    for (const m of line.matchAll(NAME)) {
      const entry = byName!.get(m[0]);
      if (entry) out.push(decoding(entry, m[0], m.index!, 'name'));
    }
    for (const m of line.matchAll(PARENTHESISED)) {
      const inner = m[1];
      const text = inner.trim();
      const entry = byMessage!.get(text.toLowerCase());
      if (entry) out.push(decoding(entry, text, m.index! + 1 + inner.indexOf(text), 'message'));
    }
    return out;
  },
};
