import type { Decoding } from '../types';
import type { Decoder } from './decoder';
import { describeSense, senseSourceLines } from './scsiSense';
import { scsiSources, scsiStatusInfo } from './scsiTables';
import { sourceLines } from './tables';
import type { EsxGeneration, PluginStatusInfo } from './vmwareTables';
import { esxGenerationOf, hostStatusInfo, pluginStatusInfo, vmwareSources } from './vmwareTables';

// The result of a failed SCSI command in ESX/ESXi 4.0 and later vmkernel logs (VMware KB 289902):
//   ... failed H:0x0 D:0x2 P:0x0 Valid sense data: 0x6 0x3f 0xe.
//   ... Failed: H:0x5 D:0x0 P:0x0 Possible sense data: 0x0 0x0 0x0. Act:EVAL
//   ... failed H:0x2 D:0x0 P:0x0 Invalid sense data: 0x75 0x70 0x64.
// H: host (initiator/HBA) status, D: SCSI status from the device, P: multipathing plug-in status, then the
// sense key, ASC, ASCQ. "Valid" sense came back from the device, "Possible" is what ESX has without vouching
// for it (usually zeros), "Invalid" bytes are not sense data at all and are never decoded as such.
//
// One decoding covers the whole tuple ("scsi-tuple", the combined reading) and one each covers H:, D:,
// P: and the sense bytes. The tuple starts where H: starts and is longer, so decodeLine lists it first and
// a hover anywhere on the tuple shows the combined reading; every part also carries that reading in its
// details, for clients that show the innermost span.
const TUPLE = /\bH:(0x[0-9a-fA-F]{1,8}) D:(0x[0-9a-fA-F]{1,8}) P:(0x[0-9a-fA-F]{1,8})(?: (Valid|Possible|Invalid) sense(?: data: (0x[0-9a-fA-F]{1,2}) (0x[0-9a-fA-F]{1,2}) (0x[0-9a-fA-F]{1,2})\b)?)?/g;

type SenseKind = 'Valid' | 'Possible' | 'Invalid';

interface TupleParts {
  /** The values as written ("0x0"). */
  raw: [string, string, string];
  host: number;
  device: number;
  plugin: number;
  senseKind?: SenseKind;
  sense?: [number, number, number];
}

function pluginText(p: PluginStatusInfo): string {
  if (p.readings.length === 0) return 'unknown plug-in status';
  if (p.readings.length === 1) return p.readings[0].status;
  return p.readings.map((r) => `${r.status} (${r.generation === 'esxi5' ? 'ESXi 5+' : 'ESX 4.x'})`).join(' or ');
}

function pluginDetail(p: PluginStatusInfo, generation: EsxGeneration, raw: string): string[] {
  const label = `P:${raw} plug-in status`;
  if (p.readings.length === 0) return [`${label}: not in VMware's published list (KB 2004086).`];
  const lines = p.readings.map((r) => {
    // 0x0-0x3 mean the same on every generation; from 0x4 on, say which reading this is.
    const who = p.code >= 4 && (p.readings.length > 1 || generation !== 'unknown') ? (r.generation === 'esxi5' ? ' on ESXi 5.x and later' : ' on ESX/ESXi 4.x') : '';
    return `${label}${who}: ${r.status}: ${r.meaning}${r.confirmed ? '' : ' (inferred, see the table notes)'}`;
  });
  if (p.readings.length > 1) lines.push('ESX 4.x and ESXi 5+ number the plug-in status differently from 0x4 on; the line does not say which wrote it.');
  return lines;
}

/** The combined reading of one tuple: summary line and detail lines. */
function combined(t: TupleParts, generation: EsxGeneration): { summary: string; details: string[] } {
  const h = hostStatusInfo(t.host);
  const d = scsiStatusInfo(t.device);
  const p = pluginStatusInfo(t.plugin, generation);
  const sense = t.sense;
  const realSense = sense && t.senseKind !== 'Invalid' && !(sense[0] === 0 && sense[1] === 0 && sense[2] === 0);
  const reading = realSense ? describeSense(sense[0], sense[1], sense[2]) : undefined;

  const failures: string[] = [];
  if (t.host !== 0) failures.push(`host ${h.status}${h.linux ? ` (${h.linux})` : ''}`);
  if (t.device !== 0) failures.push(`device ${d.name}`);
  if (t.plugin !== 0) failures.push(`plug-in ${pluginText(p)}`);
  const okParts = [t.host === 0 ? 'host OK' : '', t.device === 0 ? 'device GOOD' : '', t.plugin === 0 ? 'plug-in OK' : ''].filter(Boolean);
  let summary = failures.length ? `SCSI command failed: ${failures.join('; ')}` : 'SCSI result: host, device and plug-in all report no error';
  if (reading) summary += t.senseKind === 'Valid' ? ` — ${reading.summary}` : `; possible sense ${reading.summary}`;
  if (t.senseKind === 'Invalid') summary += '; sense bytes NOT valid';
  if (failures.length && okParts.length) summary += ` (${okParts.join(', ')})`;

  const details = [`H:${t.raw[0]} host status ${h.status}${h.linux ? ` (Linux ${h.linux})` : ''}: ${h.meaning}`, `D:${t.raw[1]} device status ${d.name}: ${d.meaning}`, ...pluginDetail(p, generation, t.raw[2])];
  if (t.senseKind === 'Invalid') {
    details.push('Invalid sense data: ESX marks these bytes as not valid sense data, so they are not read as a sense key, ASC and ASCQ; the H: and D: values carry the meaning.');
  } else if (sense && !realSense) {
    details.push(`${t.senseKind} sense data 0x0 0x0 0x0: no sense data; the failure is on the side the H:/D:/P: values show.`);
  } else if (reading) {
    if (t.senseKind === 'Possible') details.push("Possible sense data: ESX reports these bytes without vouching for them as this command's sense data (valid sense comes with host status OK); read them with care.");
    details.push(...reading.details);
  } else if (t.senseKind) {
    details.push(`${t.senseKind} sense data: the bytes are cut off in this line.`);
  }
  details.push(...sourceLines([...vmwareSources.host().slice(0, 2), ...vmwareSources.plugin().slice(0, 1), ...scsiSources.status().slice(0, 1)]), ...(reading ? senseSourceLines(false) : []));
  return { summary, details };
}

export const vmwareScsiTupleDecoder: Decoder = {
  kind: 'scsi-tuple',
  decode(line) {
    const out: Decoding[] = [];
    if (!line.includes('H:0x')) return out;
    const generation = esxGenerationOf(line);
    for (const m of line.matchAll(TUPLE)) {
      const parts: TupleParts = {
        raw: [m[1], m[2], m[3]],
        host: parseInt(m[1], 16),
        device: parseInt(m[2], 16),
        plugin: parseInt(m[3], 16),
        senseKind: m[4] as SenseKind | undefined,
        sense: m[5] !== undefined ? [parseInt(m[5], 16), parseInt(m[6], 16), parseInt(m[7], 16)] : undefined,
      };
      const start = m.index;
      const end = m.index + m[0].length;
      const whole = combined(parts, generation);
      const together = `Together: ${whole.summary}.`;
      out.push({ kind: this.kind, text: m[0], start, end, summary: whole.summary, details: whole.details });

      const hStart = start;
      const dStart = start + m[0].indexOf(' D:') + 1;
      const pStart = start + m[0].indexOf(' P:') + 1;
      const h = hostStatusInfo(parts.host);
      out.push({
        kind: 'vmware-host-status',
        text: `H:${m[1]}`,
        start: hStart,
        end: hStart + 2 + m[1].length,
        summary: `host status ${m[1]}: ${h.status}${h.linux ? ` (${h.linux})` : ''}`,
        details: [h.meaning, together, ...sourceLines(vmwareSources.host().slice(0, 1))],
      });
      const d = scsiStatusInfo(parts.device);
      out.push({
        kind: 'scsi-status',
        text: `D:${m[2]}`,
        start: dStart,
        end: dStart + 2 + m[2].length,
        summary: `device (SCSI) status ${m[2]}: ${d.name}`,
        details: [d.meaning, together, ...sourceLines(scsiSources.status().slice(0, 1))],
      });
      const p = pluginStatusInfo(parts.plugin, generation);
      out.push({
        kind: 'vmware-plugin-status',
        text: `P:${m[3]}`,
        start: pStart,
        end: pStart + 2 + m[3].length,
        summary: `plug-in status ${m[3]}: ${pluginText(p)}`,
        details: [...pluginDetail(p, generation, m[3]), together, ...sourceLines(vmwareSources.plugin().slice(0, 1))],
      });
      if (parts.sense && m[5] !== undefined) {
        const bytes = `${m[5]} ${m[6]} ${m[7]}`;
        const bStart = start + m[0].lastIndexOf(bytes);
        const [k, a, q] = parts.sense;
        if (parts.senseKind === 'Invalid') {
          out.push({
            kind: 'scsi-sense-invalid',
            text: bytes,
            start: bStart,
            end: bStart + bytes.length,
            summary: 'NOT valid sense data: ESX marks these bytes invalid, so they are no sense key, ASC or ASCQ',
            details: ['ESX could not accept these bytes as sense data; read the H: and D: values instead.', together],
          });
        } else if (k === 0 && a === 0 && q === 0) {
          out.push({
            kind: 'scsi-sense',
            text: bytes,
            start: bStart,
            end: bStart + bytes.length,
            summary: `${parts.senseKind} sense data ${bytes}: no sense data`,
            details: ['All zero: the device returned no sense information (or none was requested, as when the host side failed the command).', together],
          });
        } else {
          const r = describeSense(k, a, q);
          out.push({
            kind: 'scsi-sense',
            text: bytes,
            start: bStart,
            end: bStart + bytes.length,
            summary: `${parts.senseKind === 'Possible' ? 'possible ' : ''}SCSI sense ${r.summary}`,
            details: [...r.details, together, ...senseSourceLines()],
          });
        }
      }
    }
    return out;
  },
};
