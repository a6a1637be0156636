// Splits a log text into records the way the engine's model reads it: a line that the family
// parses starts a record, any other non-empty line continues the record before it.
import type { LogFormat, ParseContext } from '../../server/src/engine/formats';
import type { LogRecord } from '../../server/src/engine';

export interface ParsedRecord {
  /** 0-based line of the record's first line. */
  line: number;
  text: string;
  record: LogRecord;
  /** Non-empty lines that belong to this record after its first line. */
  continuation: string[];
}

export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function parseRecords(format: LogFormat, text: string, context?: ParseContext): { records: ParsedRecord[]; orphans: string[] } {
  const records: ParsedRecord[] = [];
  const orphans: string[] = [];
  splitLines(text).forEach((line, i) => {
    const record = format.parse(line, context);
    if (record) records.push({ line: i, text: line, record, continuation: [] });
    else if (line.trim() === '') return;
    else if (records.length) records[records.length - 1].continuation.push(line);
    else orphans.push(line);
  });
  return { records, orphans };
}

/** The text a record range covers. */
export function slice(text: string, range: [number, number] | undefined): string | undefined {
  return range ? text.slice(range[0], range[1]) : undefined;
}
