import type { LogFormat } from '../formats';
import { FORMATS } from '../formats';
import type { Decoding } from '../types';
import type { Decoder } from './decoder';
import { recordLevelDecoder } from './recordLevel';
import { errnoDecoder } from './errno';
import { ndmpDecoder } from './ndmp';
import { netbackupLevelDecoder } from './netbackupLevel';
import { netbackupStatusDecoder } from './netbackupStatus';
import { numbersDecoder } from './numbers';
import { scsiOpcodeDecoder } from './scsiOpcode';
import { labeledScsiFieldDecoder, senseBytesDecoder, senseTripleDecoder } from './scsiSense';
import { vmwareScsiTupleDecoder } from './vmwareScsiTuple';
import { winsockDecoder } from './winsock';
import { xapiDecoder } from './xapi';

export const DECODERS: readonly Decoder[] = [
  recordLevelDecoder,
  netbackupLevelDecoder,
  netbackupStatusDecoder,
  winsockDecoder,
  errnoDecoder,
  ndmpDecoder,
  xapiDecoder,
  // SCSI/VMware before numbers: on an equal span the more specific reading comes first.
  vmwareScsiTupleDecoder,
  scsiOpcodeDecoder,
  senseTripleDecoder,
  senseBytesDecoder,
  labeledScsiFieldDecoder,
  numbersDecoder,
];

/** Every code span in one line of a known (or guessed) family, left to right. */
export function decodeLine(line: string, format?: LogFormat): Decoding[] {
  const fmt = format ?? FORMATS.find((f) => f.recordStart.test(line));
  const record = fmt?.parse(line);
  const out: Decoding[] = [];
  for (const decoder of DECODERS) out.push(...decoder.decode(line, { format: fmt, record }));
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** `logtriage decode`: every line of a free text, each guessing its own family. */
export function decodeText(text: string): Decoding[] {
  return text.split(/\r?\n/).flatMap((line) => decodeLine(line));
}
