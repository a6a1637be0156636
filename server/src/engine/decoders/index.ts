import type { LogFormat } from '../formats';
import { FORMATS } from '../formats';
import type { Decoding } from '../types';
import type { Decoder } from './decoder';
import { recordLevelDecoder } from './recordLevel';

export const DECODERS: readonly Decoder[] = [recordLevelDecoder];

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
