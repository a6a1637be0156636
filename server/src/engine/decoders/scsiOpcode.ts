import type { Decoding } from '../types';
import type { Decoder } from './decoder';
import { hex2, opcodeInfo, scsiSources } from './scsiTables';
import { sourceLines } from './tables';

// The SCSI operation code (CDB byte 0) of a failed command, in the shapes vmkernel and HBA drivers write it:
//   ESXi 5+   ScsiDeviceIO: Cmd(0x412e80405cc0) 0x28, CmdSN 0xbf from world ...
//   ESX 4.x   ScsiDeviceIO: Command 0x28 to device "naa..."   NMP: Command 0x2a (0x4100...) to NMP device
//   NMP       nmp_ThrottleLogForDevice: Cmd 0x28 (0x4124..., 12535) to dev "naa..."
//   lpfc      FCP cmd x28 failed <4/99>
// The long hex after "Cmd(" or in parentheses is the command's address in memory, not an opcode.
const OPCODE_SHAPES: RegExp[] = [/\bCmd\(0x[0-9a-fA-F]+\) (0x[0-9a-fA-F]{1,2}),/g, /\bCmd (0x[0-9a-fA-F]{1,2}) \(0x[0-9a-fA-F]+/g, /\bCommand (0x[0-9a-fA-F]{1,2}) (?:\(0x[0-9a-fA-F]+\) )?to (?:NMP )?dev/g, /\bFCP cmd x([0-9a-fA-F]{2})\b/g];

export const scsiOpcodeDecoder: Decoder = {
  kind: 'scsi-opcode',
  decode(line) {
    const out: Decoding[] = [];
    if (!/\b(?:Cmd|Command|cmd)\b/.test(line)) return out;
    for (const re of OPCODE_SHAPES) {
      for (const m of line.matchAll(re)) {
        const text = m[1].startsWith('0x') ? m[1] : `x${m[1]}`;
        const start = m.index + m[0].indexOf(text, m[0].startsWith('Cmd(') ? m[0].indexOf(')') : 0);
        const code = parseInt(m[1].replace(/^0x/i, ''), 16);
        const op = opcodeInfo(code);
        const details: string[] = [];
        if (op.note) details.push(`On ESX: ${op.note}`);
        if (op.others.length) details.push(`Other device types use ${hex2(code)} for: ${op.others.join(', ')}.`);
        details.push(...sourceLines(scsiSources.opcodes().slice(0, 1)));
        out.push({ kind: this.kind, text, start, end: start + text.length, summary: `SCSI operation code ${hex2(code)}: ${op.name}`, details });
      }
    }
    return out;
  },
};
