// The merged timeline as text: `<time> [tag] <original line>`, tags right-aligned so that the
// original lines start in one column. Continuation lines leave the time column blank; gap markers
// carry the tag [gap], clock steps back [clock]. The editor and the hover read lines back with splitTimelineLine.
import { formatDuration, isoTime } from './duration';
import type { TimelineEntry } from './merge';
import { CLOCK_TAG, GAP_TAG } from './tags';

/** Width of "2014-05-05T17:46:37.262". */
export const TIME_WIDTH = 23;
const BLANK_TIME = ' '.repeat(TIME_WIDTH);
/** Tags longer than this are not padded to (the alignment gives way to one long tag). */
const MAX_ALIGNED_TAG = 30;

/** One output line and where it came from (source -1 for gap markers). */
export interface RenderedLine {
  text: string;
  source: number;
  /** 0-based line in the source file, -1 for gap markers. */
  line: number;
}

export class TimelineRenderer {
  private readonly prefixes: string[];
  private readonly gapPrefix: string;
  private readonly clockPrefix: string;

  /** `alignTo`: the tags whose lines will show (files not placed need no room). */
  constructor(
    private readonly tags: readonly string[],
    alignTo: readonly string[] = tags,
  ) {
    const width = Math.min(MAX_ALIGNED_TAG, Math.max(CLOCK_TAG.length, ...alignTo.map((t) => t.length))) + 2;
    const bracket = (t: string) => `[${t}]`.padStart(width);
    this.prefixes = tags.map(bracket);
    this.gapPrefix = bracket(GAP_TAG);
    this.clockPrefix = bracket(CLOCK_TAG);
  }

  /** The lines of one entry, in order. */
  render(entry: TimelineEntry, out: (line: RenderedLine) => void): void {
    if (entry.kind === 'gap') {
      const idle = formatDuration(entry.to - entry.from);
      out({ text: `${isoTime(entry.from)} ${this.gapPrefix} ··· ${idle} with nothing logged, until ${isoTime(entry.to)} ···`, source: -1, line: -1 });
      return;
    }
    if (entry.kind === 'step') {
      const back = formatDuration(entry.from - entry.to);
      const tag = this.tags[entry.source];
      out({ text: `${isoTime(entry.to)} ${this.clockPrefix} ··· the clock of [${tag}] went back ${back} at its line ${entry.line + 1} (from ${isoTime(entry.from)}): its lines from here on are out of order ···`, source: -1, line: -1 });
      return;
    }
    const prefix = this.prefixes[entry.source];
    for (let i = 0; i < entry.lines.length; i++) {
      const time = i === 0 && !entry.continued ? isoTime(entry.time) : BLANK_TIME;
      out({ text: `${time} ${prefix} ${entry.lines[i]}`, source: entry.source, line: entry.line + i });
    }
  }
}

export interface TimelineLineParts {
  /** Offsets of the tag without its brackets. */
  tagStart: number;
  tagEnd: number;
  /** Where the original line starts. */
  textStart: number;
  /** False for a continuation line (blank time column). */
  timed: boolean;
}

const TIME_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/;

/** Finds the time, tag and original text of a timeline line; undefined for other lines. */
export function splitTimelineLine(line: string): TimelineLineParts | undefined {
  if (line.length < TIME_WIDTH + 4 || line[TIME_WIDTH] !== ' ') return undefined;
  const time = line.slice(0, TIME_WIDTH);
  const timed = time !== BLANK_TIME;
  if (timed && !TIME_SHAPE.test(time)) return undefined;
  let open = TIME_WIDTH + 1;
  while (line[open] === ' ' && open - TIME_WIDTH <= MAX_ALIGNED_TAG + 3) open++;
  if (line[open] !== '[') return undefined;
  const close = line.indexOf(']', open + 1);
  if (close < 0 || close - open > 4096) return undefined;
  if (close + 1 < line.length && line[close + 1] !== ' ') return undefined;
  return { tagStart: open + 1, tagEnd: close, textStart: Math.min(close + 2, line.length), timed };
}
