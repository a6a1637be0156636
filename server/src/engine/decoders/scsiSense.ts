import type { Decoding, Severity } from '../types';
import type { Decoder } from './decoder';
import { ascAscqInfo, hex2, parseHexByte, scsiSources, scsiStatusInfo, senseKeyInfo } from './scsiTables';
import { sourceLines } from './tables';
import { hostStatusInfo, vmwareSources } from './vmwareTables';

// SCSI sense data written in its many shapes: "sense key/asc/ascq 0x6/0x29/0x0",
// "SCSI sense key 0x6 ASC 0x29 ASCQ 0x0", "sk 0x0 asc 0x0 ascq 0x0", ESX 3.5 "status = 2/0 0x6 0x3f 0xe",
// hand-written tables ("Sense Key 0x6", "ASC/ASCQ 0x3f/0xe") and raw fixed/descriptor sense bytes.
// ESX's "H:.. D:.. P:.. Valid sense data: ..." has its own decoder (vmwareScsiTuple.ts).

export interface SenseReading {
  key: number;
  asc: number;
  ascq: number;
  /** One line, e.g. "UNIT ATTENTION: REPORTED LUNS DATA HAS CHANGED (0x6/0x3F/0x0E)". */
  summary: string;
  severity: Severity;
  /** The ASC/ASCQ note, else the sense key note. */
  note?: string;
  details: string[];
}

/** Sense key + ASC/ASCQ read together: what the lead's esx/scsi-check-condition rule shows. */
export function describeSense(key: number, asc: number, ascq: number): SenseReading {
  const k = senseKeyInfo(key);
  const a = ascAscqInfo(asc, ascq);
  const note = a.note ?? k.note;
  const details = [`Sense key 0x${key.toString(16).toUpperCase()} ${k.name}: ${k.meaning}`, `ASC/ASCQ ${hex2(asc)}/${hex2(ascq)} ${a.name}.`];
  if (note) details.push(`What it usually means: ${note}`);
  if (a.note && k.note) details.push(`About the sense key: ${k.note}`);
  return {
    key,
    asc,
    ascq,
    summary: `${k.name}: ${a.name} (0x${key.toString(16).toUpperCase()}/${hex2(asc)}/${hex2(ascq)})`,
    severity: k.severity,
    note,
    details,
  };
}

/** The source lines for a sense decoding (sense keys + ASC/ASCQ list, and with `withCopy` the copy transcribed). */
export function senseSourceLines(withCopy = true): string[] {
  return sourceLines([...scsiSources.senseKeys().slice(0, 1), ...scsiSources.ascAscq().slice(0, withCopy ? 2 : 1)]);
}

function senseDecoding(kind: string, line: string, start: number, end: number, key: number, asc: number, ascq: number, lead?: string): Decoding {
  const r = describeSense(key, asc, ascq);
  return {
    kind,
    text: line.slice(start, end),
    start,
    end,
    summary: `SCSI sense ${r.summary}`,
    details: [...(lead ? [lead] : []), ...r.details, ...senseSourceLines()],
  };
}

const HEX = '(?:0x)?[0-9a-fA-F]{1,2}';

// "sense key/asc/ascq 0x6/0x29/0x0", "key/asc/ascq: 6/29/00" and the bare "0x6/0x29/0x0".
const SLASH_TRIPLE = new RegExp(`(?:\\b(?:sense[ _]key|sk|key)/asc/ascq:?\\s*(${HEX})/(${HEX})/(${HEX})|(?<![\\w/.])(0x[0-9a-fA-F])/(0x[0-9a-fA-F]{1,2})/(0x[0-9a-fA-F]{1,2}))(?![\\w/])`, 'gi');
// "SCSI sense key 0x6 ASC 0x29 ASCQ 0x0", "sk 0x0 asc 0x0 ascq 0x0", "Sense Key=0x6, ASC=0x29, ASCQ=0x0".
const WORD_TRIPLE = new RegExp(`\\b(?:sense[ _]key|sk|key) ?[:=]? ?(${HEX})\\b,? asc ?[:=]? ?(${HEX})\\b,? ascq ?[:=]? ?(${HEX})\\b`, 'gi');
// ESX 3.5 and the article's shorthand: "status = 2/0 0x6 0x3f 0xe" (device status / host status, key, ASC, ASCQ).
const ESX35_STATUS = /(?<![\w/.:])([0-9a-fA-F]{1,2})\/([0-9a-fA-F]{1,2}) (0x[0-9a-fA-F]{1,2}) (0x[0-9a-fA-F]{1,2}) (0x[0-9a-fA-F]{1,2})(?![\w])/g;

function overlaps(taken: [number, number][], start: number, end: number): boolean {
  return taken.some(([s, e]) => start < e && end > s);
}

export const senseTripleDecoder: Decoder = {
  kind: 'scsi-sense',
  decode(line) {
    const out: Decoding[] = [];
    const taken: [number, number][] = [];
    // Cheap tests first: most log lines carry neither a slash triple nor the word ASC.
    const slash = /0x[0-9a-fA-F]\/0x|\/ascq/i.test(line);
    const words = /\bascq\b/i.test(line);
    const esx35 = /[0-9a-fA-F]\/[0-9a-fA-F]{1,2} 0x/.test(line);
    if (!slash && !words && !esx35) return out;
    for (const m of slash ? line.matchAll(SLASH_TRIPLE) : []) {
      const [key, asc, ascq] = (m[1] !== undefined ? [m[1], m[2], m[3]] : [m[4], m[5], m[6]]).map(parseHexByte);
      if (key > 0xf) continue;
      const start = m.index + m[0].length - (m[1] !== undefined ? `${m[1]}/${m[2]}/${m[3]}` : `${m[4]}/${m[5]}/${m[6]}`).length;
      const end = m.index + m[0].length;
      out.push(senseDecoding(this.kind, line, start, end, key, asc, ascq));
      taken.push([start, end]);
    }
    for (const m of words ? line.matchAll(WORD_TRIPLE) : []) {
      const [key, asc, ascq] = [m[1], m[2], m[3]].map(parseHexByte);
      const start = m.index;
      const end = m.index + m[0].length;
      if (key > 0xf || overlaps(taken, start, end)) continue;
      out.push(senseDecoding(this.kind, line, start, end, key, asc, ascq));
      taken.push([start, end]);
    }
    for (const m of esx35 ? line.matchAll(ESX35_STATUS) : []) {
      const device = parseInt(m[1], 16);
      const host = parseInt(m[2], 16);
      const [key, asc, ascq] = [m[3], m[4], m[5]].map(parseHexByte);
      const start = m.index;
      const end = m.index + m[0].length;
      if (key > 0xf || overlaps(taken, start, end)) continue;
      // Only a known SAM status on the left keeps "12/31 ..." dates and ratios out.
      const d = scsiStatusInfo(device);
      if (d.name === 'reserved') continue;
      const h = hostStatusInfo(host);
      const noSense = key === 0 && asc === 0 && ascq === 0;
      const hostPart = host === 0 ? '' : `, host ${h.status}`;
      const summary = noSense ? `ESX 3.5 SCSI status: device ${d.name}${hostPart}, no sense data` : `ESX 3.5 SCSI status: device ${d.name}${hostPart}, ${describeSense(key, asc, ascq).summary}`;
      const details = [
        'ESX/ESXi 3.5 writes the result as "device status/host status sense-key ASC ASCQ" (VMware KB 289902).',
        `Device status ${hex2(device)} ${d.name}: ${d.meaning}`,
        `Host status ${hex2(host)} ${h.status}${h.linux ? ` (${h.linux})` : ''}: ${h.meaning}`,
        ...(noSense ? ['Sense 0x0 0x0 0x0: no sense data.'] : describeSense(key, asc, ascq).details),
        ...sourceLines([...vmwareSources.host().slice(1, 2), ...scsiSources.status().slice(0, 1)]),
        ...(noSense ? [] : senseSourceLines()),
      ];
      out.push({ kind: this.kind, text: m[0], start, end, summary, details });
      taken.push([start, end]);
    }
    return out;
  },
};

// A whole-line table row, as in support articles and case notes: "Host 0x0 DID_OK", "Device 0x2 CHECK CONDITION",
// "Sense Key 0x6 UNIT ATTENTION", "ASC/ASCQ* 0x3f/0xe ...". Anchored at the line start (after blanks).
const LABELED = /^\s*(Host|Device|Plug-?in|Sense Key)(?: Status)? *(?:[:=] *)?(0x[0-9a-fA-F]{1,2})\b/i;
const LABELED_ASC = /\bASC\/ASCQ\*? *(?:[:=] *)?(0x[0-9a-fA-F]{1,2})\/(0x[0-9a-fA-F]{1,2})\b/i;

export const labeledScsiFieldDecoder: Decoder = {
  kind: 'scsi-field',
  decode(line) {
    const out: Decoding[] = [];
    const m = LABELED.exec(line);
    if (m) {
      const value = parseHexByte(m[2]);
      const start = m.index + m[0].length - m[2].length;
      const end = start + m[2].length;
      const label = m[1].toLowerCase();
      if (label === 'host') {
        const h = hostStatusInfo(value);
        out.push({ kind: 'vmware-host-status', text: m[2], start, end, summary: `host status ${m[2]}: ${h.status}${h.linux ? ` (${h.linux})` : ''}`, details: [h.meaning, ...sourceLines(vmwareSources.host().slice(0, 1))] });
      } else if (label === 'device') {
        const d = scsiStatusInfo(value);
        out.push({ kind: 'scsi-status', text: m[2], start, end, summary: `SCSI status ${m[2]}: ${d.name}`, details: [d.meaning, ...sourceLines(scsiSources.status().slice(0, 1))] });
      } else if (label === 'sense key' && value <= 0xf) {
        const k = senseKeyInfo(value);
        out.push({ kind: 'scsi-sense-key', text: m[2], start, end, summary: `sense key ${m[2]}: ${k.name}`, details: [k.meaning, ...(k.note ? [`On ESX: ${k.note}`] : []), ...sourceLines(scsiSources.senseKeys().slice(0, 1))] });
      }
    }
    const a = LABELED_ASC.exec(line);
    if (a) {
      const asc = parseHexByte(a[1]);
      const ascq = parseHexByte(a[2]);
      const info = ascAscqInfo(asc, ascq);
      const start = a.index + a[0].length - `${a[1]}/${a[2]}`.length;
      const end = a.index + a[0].length;
      out.push({
        kind: 'scsi-asc',
        text: line.slice(start, end),
        start,
        end,
        summary: `ASC/ASCQ ${hex2(asc)}/${hex2(ascq)}: ${info.name}`,
        details: [...(info.note ? [`What it usually means: ${info.note}`] : []), ...sourceLines(scsiSources.ascAscq().slice(0, 2))],
      });
    }
    return out;
  },
};

// Raw sense bytes in hex: fixed format (response code 0x70/0x71, or 0xF0/0xF1 with the VALID bit) keeps
// the key in byte 2 (low nibble), ASC in byte 12, ASCQ in byte 13; descriptor format (0x72/0x73) keeps
// them in bytes 1, 2 and 3 (SPC-4 4.5).
const BYTE_TOKEN = /(?<![\w.:-])(?:0x[0-9a-fA-F]{1,2}|[0-9a-fA-F]{2})(?![\w.:-])/g;
/** A response code byte somewhere in the line: without one there is nothing to look at. */
const RESPONSE_CODE = /(?<![\w.:-])(?:0x)?(?:7[0-3]|[fF][01])(?![\w.:-])/;

interface ByteRun {
  start: number;
  end: number;
  bytes: number[];
}

/** Runs of hex byte tokens separated by one space or comma (", " too). */
function byteRuns(line: string): ByteRun[] {
  const runs: ByteRun[] = [];
  let cur: ByteRun | undefined;
  let prefixed: boolean | undefined;
  for (const m of line.matchAll(BYTE_TOKEN)) {
    const isPrefixed = m[0].startsWith('0x') || m[0].startsWith('0X');
    const gap = cur ? line.slice(cur.end, m.index) : '';
    if (cur && /^(?: |,|, )$/.test(gap) && prefixed === isPrefixed) {
      cur.bytes.push(parseInt(m[0].replace(/^0x/i, ''), 16));
      cur.end = m.index + m[0].length;
    } else {
      if (cur) runs.push(cur);
      cur = { start: m.index, end: m.index + m[0].length, bytes: [parseInt(m[0].replace(/^0x/i, ''), 16)] };
      prefixed = isPrefixed;
    }
  }
  if (cur) runs.push(cur);
  return runs;
}

export const senseBytesDecoder: Decoder = {
  kind: 'scsi-sense-bytes',
  decode(line) {
    const out: Decoding[] = [];
    if (!RESPONSE_CODE.test(line)) return out;
    for (const run of byteRuns(line)) {
      const b = run.bytes;
      const code = b[0] & 0x7f;
      let key: number, asc: number, ascq: number, layout: string;
      if ((code === 0x70 || code === 0x71) && b.length >= 14 && b[7] >= 6) {
        key = b[2] & 0x0f;
        asc = b[12];
        ascq = b[13];
        layout = `fixed format (response code ${hex2(b[0])}${code === 0x71 ? ', deferred error' : ', current error'}${b[0] & 0x80 ? ', INFORMATION field valid' : ''}): sense key = byte 2 bits 0-3, ASC = byte 12, ASCQ = byte 13`;
      } else if ((b[0] === 0x72 || b[0] === 0x73) && b.length >= 8 && (b[1] & 0xf0) === 0) {
        key = b[1] & 0x0f;
        asc = b[2];
        ascq = b[3];
        layout = `descriptor format (response code ${hex2(b[0])}${b[0] === 0x73 ? ', deferred error' : ', current error'}): sense key = byte 1 bits 0-3, ASC = byte 2, ASCQ = byte 3`;
      } else continue;
      out.push(senseDecoding(this.kind, line, run.start, run.end, key, asc, ascq, `Raw sense data, ${b.length} bytes, ${layout}.`));
    }
    return out;
  },
};
