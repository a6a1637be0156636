// Idle gaps inside one log (lnav's log_idle_msecs idea): where nothing was logged for longer than a
// threshold. Raw parsed times are enough for differences; a clock going backwards (midnight in a
// time-of-day log, New Year in a year-less one, a reordered line) is never a gap.
import type { LogFormat, ParseContext } from '../formats';
import { genericLineTime } from './genericTime';

export interface IdleGap {
  /** 0-based line of the last record before the gap. */
  beforeLine: number;
  /** 0-based line of the first record after it. */
  afterLine: number;
  from: number;
  to: number;
}

/** The gaps longer than `gapMs` in a text, at most `limit` of them (the longest when there are more). */
export function findIdleGaps(text: string, format: LogFormat | undefined, gapMs: number, limit = 500, context: ParseContext = {}): IdleGap[] {
  if (!(gapMs > 0)) return [];
  const gaps: IdleGap[] = [];
  let lastTime: number | undefined;
  let lastLine = -1;
  let line = 0;
  for (let start = 0; start < text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let lineText = text.slice(start, end);
    if (lineText.endsWith('\r')) lineText = lineText.slice(0, -1);
    start = end + 1;
    const time = format ? format.parse(lineText, context)?.time : genericLineTime(lineText, context);
    if (time === undefined) continue;
    if (lastTime !== undefined && time - lastTime > gapMs) gaps.push({ beforeLine: lastLine, afterLine: line, from: lastTime, to: time });
    // a clock far back is a new day (time-only stamps) or year (year-less ones): start from it
    if (lastTime === undefined || time >= lastTime || time < lastTime - 12 * 3_600_000) {
      lastTime = time;
      lastLine = line;
    }
  }
  if (gaps.length <= limit) return gaps;
  return gaps
    .sort((a, b) => b.to - b.from - (a.to - a.from))
    .slice(0, limit)
    .sort((a, b) => a.afterLine - b.afterLine);
}
