import type { LogFormat } from './logFormat';
import { vnxServerLog } from './vnxServerLog';

export type { LogFormat, ParseContext } from './logFormat';

/** Every family the engine knows, in detection tie-break order. */
export const FORMATS: readonly LogFormat[] = [vnxServerLog];

export function formatById(id: string | null | undefined): LogFormat | undefined {
  return FORMATS.find((f) => f.id === id);
}

export interface Detection {
  format: LogFormat;
  /** Share of the sampled lines that start a record of this family, 0..1. */
  score: number;
  byName: boolean;
}

const SAMPLE_LINES = 60;
/** Below this share of record-shaped lines content alone does not claim a file. */
const CONTENT_THRESHOLD = 0.3;

function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}

/**
 * Scores each family on the first non-empty lines of a file (and its name) and returns the best,
 * or undefined when nothing is convincing: mixed or unknown content stays unclaimed.
 */
export function detectFormat(path: string, head: string): Detection | undefined {
  const lines: string[] = [];
  let from = 0;
  while (lines.length < SAMPLE_LINES && from < head.length) {
    let to = head.indexOf('\n', from);
    if (to < 0) to = head.length;
    const line = head.slice(from, to).replace(/\r$/, '');
    if (line.trim()) lines.push(line);
    from = to + 1;
  }
  if (lines.length === 0) return undefined;
  const name = baseName(path);
  let best: Detection | undefined;
  for (const format of FORMATS) {
    let hits = 0;
    for (const line of lines) if (format.recordStart.test(line)) hits++;
    const score = hits / lines.length;
    const byName = format.fileNames.some((re) => re.test(name));
    const claims = score >= CONTENT_THRESHOLD || (byName && hits > 0);
    if (!claims) continue;
    const rank = score + (byName ? 0.5 : 0);
    if (!best || rank > best.score + (best.byName ? 0.5 : 0)) best = { format, score, byName };
  }
  return best;
}
