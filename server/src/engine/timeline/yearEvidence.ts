// One bundle, one year. A year-less log takes its year from a date it writes in full (VMSSlog's
// alerts do) or else from its file's modification time. When a bundle was copied without keeping
// modification times, the two disagree by whole years; the logs that write their year show by how
// much, and the others' modification-time years are corrected by the same amount.
import { logModifiedTime } from '../io/archive/openMember';
import { DETECTION_HEAD } from '../analyze';
import type { LogFormat } from '../formats';
import { formatById } from '../formats';
import type { ReadLogOptions } from '../io/readLog';
import { pieceText, readLogPieces } from '../io/readLog';
import { genericLineTime, yearFromHead } from './genericTime';
import { TimeResolver, timeKind } from './timeResolver';

export interface YearEvidence {
  /** The first line's year from a full date inside the log. */
  logYear?: number;
  /** The first line's year the modification time implies. */
  mtimeYear?: number;
}

/** Lines of the head searched for the first year-less record. */
const HEAD_LINES = 2000;

/** What the head of a file and its modification time say about the year of its first line. */
export function yearEvidence(head: string, format: LogFormat | undefined, mtime: number | undefined): YearEvidence {
  const evidence: YearEvidence = {};
  const logYear = yearFromHead(head);
  if (logYear) evidence.logYear = logYear.year;
  if (mtime === undefined) return evidence;
  let lines = 0;
  for (let start = 0; start < head.length && lines < HEAD_LINES; lines++) {
    let end = head.indexOf('\n', start);
    if (end < 0) end = head.length;
    const line = head.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    const raw = format ? format.parse(line, {})?.time : genericLineTime(line, {});
    if (raw === undefined) continue;
    if (timeKind(raw) !== 'yearless') break;
    const placed = new TimeResolver({ mtime }).resolve(raw);
    if (placed !== undefined) evidence.mtimeYear = new Date(placed).getUTCFullYear();
    break;
  }
  return evidence;
}

/** Years to add to modification-time years: what the first log that writes its own year says. */
export function yearShift(evidence: readonly YearEvidence[]): number {
  const witness = evidence.find((e) => e.logYear !== undefined && e.mtimeYear !== undefined);
  return witness ? witness.logYear! - witness.mtimeYear! : 0;
}

/** The evidence of a file on disk or of a member's bytes (its first piece and mtime); empty when unreadable. */
export async function readYearEvidence(path: string, formatId: string | null, from: ReadLogOptions = {}): Promise<YearEvidence> {
  try {
    const mtime = await logModifiedTime(path);
    const pieces = readLogPieces(path, undefined, from);
    const first = await pieces.next();
    await pieces.return(undefined);
    if (first.done) return {};
    // the head only is decoded: a piece is a megabyte
    return yearEvidence(pieceText(first.value, 0, DETECTION_HEAD), formatById(formatId), mtime);
  } catch {
    return {};
  }
}
