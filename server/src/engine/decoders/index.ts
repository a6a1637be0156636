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
import { vmwareVobDecoder } from './vmwareVob';
import { winsockDecoder } from './winsock';
import { xapiDecoder } from './xapi';
import { srErrorDecoder } from './xenserverSrErrors';

export const DECODERS: readonly Decoder[] = [
  recordLevelDecoder,
  netbackupLevelDecoder,
  netbackupStatusDecoder,
  winsockDecoder,
  errnoDecoder,
  ndmpDecoder,
  xapiDecoder,
  srErrorDecoder,
  vmwareVobDecoder,
  // SCSI/VMware before numbers: on an equal span the more specific reading comes first.
  vmwareScsiTupleDecoder,
  scsiOpcodeDecoder,
  senseTripleDecoder,
  senseBytesDecoder,
  labeledScsiFieldDecoder,
  numbersDecoder,
];

/** Told when one decoder throws on a line: the others' decodings are still returned. */
export type DecoderErrorHandler = (kind: string, error: unknown) => void;

/** Every code span in one line of a known (or guessed) family, left to right. */
export function decodeLine(line: string, format?: LogFormat, onError: DecoderErrorHandler = () => undefined): Decoding[] {
  const fmt = format ?? FORMATS.find((f) => f.recordStart.test(line));
  let record;
  try {
    record = fmt?.parse(line);
  } catch (e) {
    onError(`format ${fmt?.id}`, e);
  }
  const out: Decoding[] = [];
  for (const decoder of DECODERS) {
    try {
      out.push(...decoder.decode(line, { format: fmt, record }));
    } catch (e) {
      onError(decoder.kind, e); // one broken decoder must not take the hover or `decode` down
    }
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** `logtriage decode`: every line of a free text, each guessing its own family. */
export function decodeText(text: string): Decoding[] {
  return text.split(/\r?\n/).flatMap((line) => decodeLine(line));
}
