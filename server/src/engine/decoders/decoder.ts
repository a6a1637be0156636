import type { LogFormat } from '../formats';
import type { Decoding, LogRecord } from '../types';

export interface DecodeContext {
  /** The line's family when known; some codes mean something only in one family. */
  format?: LogFormat;
  /** The line parsed by that family, when it starts a record. */
  record?: LogRecord;
}

/** Finds the code spans of one kind in a line and explains each. */
export interface Decoder {
  kind: string;
  decode(line: string, context: DecodeContext): Decoding[];
}
