import type { Decoding } from '../types';
import type { Decoder, DecodeContext } from './decoder';
import type { TableSource } from './tables';
import { loadTable, sourceLines } from './tables';

// NDMP protocol numbers on NDMP lines (a VNX Data Mover's NDMP facility, a DMA's NDMP log):
//   ... encountered xdrrec_endofrecord error (...) for msg 0x501, message_type=0.
//   ... fails in sendRequest, msg=1281, err=0, ...
//   ... fails at SendStream, status=92.
// Message codes in hex or decimal, the header's message type and error code, NDMP_* names, and
// the VNX Data Mover's own "status=N" (not published: the table says what is inferred, if anything).

interface NdmpTable {
  sources: TableSource[];
  notes: string[];
  messages: { code: string; n: number; name: string; interface: string; meaning: string; versions?: string }[];
  errors: { n: number; name: string; meaning: string }[];
  dataHaltReasons: { n: number; name: string }[];
  moverHaltReasons: { n: number; name: string }[];
  ranges: { from: number; to: number; name: string; meaning: string }[];
}

interface VnxStatusTable {
  sources: TableSource[];
  notes: string[];
  statuses: { n: number; known: boolean; evidence: string; probable: string }[];
}

type Message = NdmpTable['messages'][number];
type NdmpError = NdmpTable['errors'][number];
let messageByCode: Map<number, Message> | undefined;
let errorByCode: Map<number, NdmpError> | undefined;
let byName: Map<string, { what: string; n: number; detail: string }> | undefined;

function table(): NdmpTable {
  const t = loadTable<NdmpTable>('ndmp-v4');
  if (!messageByCode) {
    messageByCode = new Map(t.messages.map((m) => [m.n, m]));
    errorByCode = new Map(t.errors.map((e) => [e.n, e]));
    byName = new Map();
    for (const m of t.messages) byName.set(m.name, { what: 'message', n: m.n, detail: m.meaning });
    for (const e of t.errors) byName.set(e.name, { what: 'error code', n: e.n, detail: e.meaning });
    for (const r of t.dataHaltReasons) byName.set(r.name, { what: 'data halt reason', n: r.n, detail: 'Reason the data service (backup or restore stream) halted, sent in NDMP_NOTIFY_DATA_HALTED.' });
    for (const r of t.moverHaltReasons) byName.set(r.name, { what: 'mover halt reason', n: r.n, detail: 'Reason the tape mover halted, sent in NDMP_NOTIFY_MOVER_HALTED.' });
    byName.set('NDMP_MESSAGE_REQUEST', { what: 'message type', n: 0, detail: 'A request (or a notification, which NDMP sends as a request without reply).' });
    byName.set('NDMP_MESSAGE_REPLY', { what: 'message type', n: 1, detail: 'The reply to a request.' });
  }
  return t;
}

const CODE = /\b(?:msg|message|message_code)(?:\s*[:=]\s*|\s+)(0x[0-9a-fA-F]{1,8}|\d{1,10})(?!\w|\.\w)/gi;
const MESSAGE_TYPE = /\bmessage_type\s*[:=]\s*(\d{1,2})(?!\w|\.\w)/gi;
const ERROR = /\b(?:err|error|error_code)\s*[:=]\s*(\d{1,3})(?!\w|\.\w)/gi;
const NAME = /\bNDMP[2-4]?_[A-Z0-9_]+\b/g;
const VNX_STATUS = /\bstatus=(\d{1,6})(?!\w|\.\w)/g;

function isNdmpLine(line: string, context: DecodeContext): boolean {
  return context.record?.component === 'NDMP' || /ndmp/i.test(line);
}

function isVnxLine(line: string, context: DecodeContext): boolean {
  return context.format?.id === 'vnx-server-log' || /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}: \d+: NDMP: \d+: /.test(line);
}

function span(kind: string, text: string, start: number, summary: string, details: string[]): Decoding {
  return { kind, text, start, end: start + text.length, summary, details };
}

function messageDecoding(text: string, start: number): Decoding {
  const t = table();
  const n = text.startsWith('0x') || text.startsWith('0X') ? parseInt(text, 16) : Number(text);
  const hex = `0x${n.toString(16).toUpperCase()}`;
  const m = messageByCode!.get(n);
  if (m) {
    return span('ndmp-message', text, start, `NDMP message ${hex} (${n}): ${m.name}`, [m.meaning, `Interface: ${m.interface}.${m.versions ? ` Protocol versions: ${m.versions}.` : ''}`, ...sourceLines(t.sources.slice(0, 2))]);
  }
  const range = t.ranges.find((r) => n >= r.from && n <= r.to);
  return span('ndmp-message', text, start, range ? `NDMP message ${hex} (${n}): in the ${range.name}` : `NDMP message ${hex} (${n}): not an NDMP v4 message code`, [
    range ? range.meaning : 'Not in the NDMP v4 list; it may be a vendor extension or not a message code at all.',
    t.notes[0],
    ...sourceLines(t.sources.slice(0, 2)),
  ]);
}

function vnxStatusDecoding(text: string, start: number): Decoding {
  const t = loadTable<VnxStatusTable>('ndmp-vnx-status');
  const n = Number(text);
  const entry = t.statuses.find((s) => s.n === n);
  if (entry) {
    return span('vnx-ndmp-status', text, start, `VNX Data Mover NDMP status ${n}: undocumented; probably ${entry.probable}`, [`Evidence: ${entry.evidence}`, ...t.notes, ...sourceLines(t.sources)]);
  }
  return span('vnx-ndmp-status', text, start, `VNX Data Mover NDMP status ${n}: not documented, meaning unknown`, [...t.notes, ...sourceLines(t.sources.slice(0, 1))]);
}

export const ndmpDecoder: Decoder = {
  kind: 'ndmp',
  decode(line, context) {
    if (!isNdmpLine(line, context)) return [];
    const t = table();
    const out: Decoding[] = [];
    let sawCode = false;
    for (const m of line.matchAll(CODE)) {
      sawCode = true;
      out.push(messageDecoding(m[1], m.index! + m[0].length - m[1].length));
    }
    for (const m of line.matchAll(MESSAGE_TYPE)) {
      const n = Number(m[1]);
      const name = n === 0 ? 'NDMP_MESSAGE_REQUEST' : n === 1 ? 'NDMP_MESSAGE_REPLY' : undefined;
      out.push(
        span('ndmp-message-type', m[1], m.index! + m[0].length - m[1].length, name ? `NDMP message type ${n}: ${name}` : `NDMP message type ${n}: not defined (0 request, 1 reply)`, [
          'The header field that says whether a message is a request (notifications are sent as requests) or a reply.',
          ...sourceLines(t.sources.slice(0, 1)),
        ]),
      );
    }
    // An error number means the NDMP header's error code only beside a message code.
    if (sawCode) {
      for (const m of line.matchAll(ERROR)) {
        const n = Number(m[1]);
        const e = errorByCode!.get(n);
        out.push(
          span('ndmp-error', m[1], m.index! + m[0].length - m[1].length, e ? `NDMP error ${n}: ${e.name} (if this is the NDMP header error code)` : `NDMP error ${n}: not an NDMP v4 error code`, [
            ...(e ? [e.meaning] : []),
            'Read as the error_code of the NDMP message on the same line; the product may use its own numbers here.',
            ...sourceLines([t.sources[0], t.sources[3]]),
          ]),
        );
      }
    }
    for (const m of line.matchAll(NAME)) {
      const name = m[0].replace(/^NDMP[2-4]_/, 'NDMP_');
      const hit = byName!.get(name);
      if (!hit) continue;
      const value = hit.what === 'message' ? `0x${hit.n.toString(16).toUpperCase()}` : String(hit.n);
      out.push(span('ndmp-name', m[0], m.index!, `NDMP ${hit.what} ${value}: ${name}`, [hit.detail, ...sourceLines(t.sources.slice(0, 1))]));
    }
    if (isVnxLine(line, context)) {
      for (const m of line.matchAll(VNX_STATUS)) out.push(vnxStatusDecoding(m[1], m.index! + m[0].length - m[1].length));
    }
    return out;
  },
};
