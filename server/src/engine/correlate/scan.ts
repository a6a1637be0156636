// A second, cheap pass over the few files a cross-file relation needs: only lines a predicate wants
// (a finding's line, or a line holding a key such as an ipc string) are parsed, and their times go
// through the timeline's resolution (year, day, clock offset), so that files of different hosts
// compare on one clock.
import { SLICE_MS, Slices } from '../turns';
import { logModifiedTime } from '../io/archive/openMember';
import { AnalysisCancelled, DETECTION_HEAD } from '../analyze';
import { formatById } from '../formats';
import { readLogChunks } from '../io/readLog';
import { yearFromHead } from '../timeline/genericTime';
import { TimeResolver } from '../timeline/timeResolver';
import type { LogRecord } from '../types';

export interface ScannedLine {
  /** 0-based line number. */
  line: number;
  text: string;
  record?: LogRecord;
  /** Absolute time with the file's clock offset, when the line has one that can be placed. */
  time?: number;
}

export interface ScanOptions {
  offsetMs: number;
  year?: number;
  /** The bundle's correction of modification-time years (timeline/yearEvidence.ts). */
  yearShift?: number;
  isCancelled?: () => boolean;
}

/**
 * Longest stretch of scanning without a turn of the event loop (ms). Pieces already read arrive as
 * promise callbacks, which let no other work in: a language server running a folder analysis must
 * still answer hovers, so the line loop gives way now and then.
 */
export const YIELD_EVERY_MS = SLICE_MS;
/** Lines between two looks at the clock. */
const CHECK_EVERY_LINES = 256;

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/**
 * Streams `path` and calls `onLine` for every line `wants` accepts (by its text and number), with
 * its record and placed time. Memory: one piece of the file. Unreadable files are skipped quietly:
 * the analysis already reported them. Gives the event loop a turn at least every YIELD_EVERY_MS of
 * work; throws AnalysisCancelled once `options.isCancelled` says so.
 */
export async function scanLines(path: string, formatId: string | null, options: ScanOptions, wants: (text: string, line: number) => boolean, onLine: (l: ScannedLine) => void): Promise<void> {
  const format = formatById(formatId);
  let mtime: number | undefined;
  try {
    mtime = await logModifiedTime(path);
  } catch {
    return;
  }
  let resolver: TimeResolver | undefined;
  let carry = '';
  let lineNo = 0;
  const take = (raw: string) => {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const line = lineNo++;
    if (!wants(text, line)) return;
    const record = format?.parse(text, {});
    const abs = record?.time !== undefined ? resolver!.resolve(record.time) : undefined;
    onLine({ line, text, record, time: abs === undefined ? undefined : abs + options.offsetMs });
  };
  const slices = new Slices();
  let unchecked = 0;
  const breathe = async () => {
    unchecked = 0;
    if (!slices.due()) return;
    await slices.turn();
    if (options.isCancelled?.()) throw new AnalysisCancelled();
  };
  try {
    for await (const chunk of readLogChunks(path)) {
      if (options.isCancelled?.()) throw new AnalysisCancelled();
      resolver ??= new TimeResolver({
        context: format?.contextFromName?.(baseName(path)) ?? {},
        year: options.year,
        logYear: yearFromHead(chunk.slice(0, DETECTION_HEAD)),
        mtime,
        yearShift: options.yearShift,
      });
      const text = carry + chunk;
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        take(text.slice(start, nl));
        start = nl + 1;
        if (++unchecked === CHECK_EVERY_LINES) await breathe();
      }
      carry = text.slice(start);
      await breathe();
    }
    if (carry) take(carry);
  } catch (e) {
    if (e instanceof AnalysisCancelled) throw e;
    // unreadable or damaged: the analysis has its reason already
  }
}
