// The k-way merge: every file streams its records in file order; a heap picks the earliest head.
// Equal times keep the order of the inputs, then of the lines (stable), and a record's continuation
// lines travel with it. Memory: one piece of each file (about a megabyte) and one record each.
import type { ListedPath } from '../io/listLogFiles';
import { listLogFiles } from '../io/listLogFiles';
import { archiveKindOf } from '../io/archive/walk';
import { ArchiveSpill } from './archiveSpill';
import type { TimeBound } from './duration';
import { placeBound } from './duration';
import type { TimelineRecord, TimelineSourceInfo } from './fileSource';
import { FileSource, NEED_MORE } from './fileSource';
import type { DateRule } from './dates';
import type { ClockOffsetRule } from './offsets';
import { offsetFor, ruleFor } from './offsets';
import { sourceTags } from './tags';
import { yearShift } from './yearEvidence';

export interface TimelineOptions {
  /** Clock offsets per file (first matching rule); applied before anything else. */
  offsets?: readonly ClockOffsetRule[];
  /** Year of the first line of year-less logs; else each file's modification year. */
  year?: number;
  /** Days of time-of-day logs whose names give none (first matching rule); else their modification day. */
  dates?: readonly DateRule[];
  from?: TimeBound;
  to?: TimeBound;
  /** Idle time that earns a gap marker (lnav's log_idle_msecs); 0 for none. Default 5 min. */
  gapMs?: number;
  /** Most text of archive members written to the temporary spill (archiveSpill.ts); past it members are read from their archive. */
  maxSpillBytes?: number;
  /** A spill the caller made (and removes): archives it holds already are not walked again. */
  spill?: ArchiveSpill;
  /** Polled now and then; true stops the merge (summary.cancelled). */
  isCancelled?: () => boolean;
  /** Called once every file is open and its first record read (formats, time bases and unplaced files known), before any entry. */
  onReady?: (sources: readonly TimelineSourceInfo[]) => void | Promise<void>;
}

export const DEFAULT_GAP_MS = 5 * 60_000;

/** A file's clock went back: its lines from `line` on are earlier than the one before (NTP step, time zone change). */
export interface ClockStep {
  kind: 'step';
  source: number;
  /** 0-based line of the first record after the step. */
  line: number;
  from: number;
  to: number;
}

export type TimelineEntry = TimelineRecord | { kind: 'gap'; from: number; to: number } | ClockStep;

/** Going back by this much or less is lines logged out of order by threads, not a clock step. */
const STEP_TOLERANCE_MS = 2000;
/**
 * Memory the merge gives the pieces of all files together; each file gets its share, 16 KiB at least.
 * A file holds about three pieces at a time (the one read, the text of its head record, a carried line).
 */
const PIECES_BUDGET_BYTES = 12 * 1024 * 1024;
/** Past this many files, each is opened for every piece read and closed after (descriptor limits, ulimit -n 256). */
const MAX_FILES_HELD_OPEN = 64;

/** The sink may return false (or a promise of it) to stop the merge, e.g. at a size limit. */
export type TimelineSink = (entry: TimelineEntry) => void | boolean | Promise<void | boolean>;

export interface TimelineSummary {
  /** Every listed file, in input order: placed, not placed or unreadable. */
  sources: TimelineSourceInfo[];
  /** Paths that could not even be listed (missing, permission denied). */
  unreadable: { path: string; reason: string }[];
  records: number;
  lines: number;
  gaps: number;
  /** Clock steps back marked. */
  steps: number;
  firstTime?: number;
  lastTime?: number;
  /** The sink asked to stop. */
  stopped: boolean;
  cancelled: boolean;
}

function before(a: TimelineRecord, b: TimelineRecord): boolean {
  return a.time !== b.time ? a.time < b.time : a.source !== b.source ? a.source < b.source : a.line < b.line;
}

/** A binary min-heap of sources keyed by their head record. */
class SourceHeap {
  private readonly items: { source: FileSource; head: TimelineRecord }[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): { source: FileSource; head: TimelineRecord } | undefined {
    return this.items[0];
  }

  push(item: { source: FileSource; head: TimelineRecord }): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(a[i].head, a[parent].head)) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
  }

  /** Replaces the top's head (or removes the top when there is none) and restores the order. */
  replaceTop(head: TimelineRecord | undefined): void {
    const a = this.items;
    if (head) a[0].head = head;
    else {
      const last = a.pop()!;
      if (a.length === 0) return;
      a[0] = last;
    }
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && before(a[l].head, a[m].head)) m = l;
      if (r < a.length && before(a[r].head, a[m].head)) m = r;
      if (m === i) return;
      [a[i], a[m]] = [a[m], a[i]];
      i = m;
    }
  }
}

async function headOf(source: FileSource): Promise<TimelineRecord | undefined> {
  for (;;) {
    const r = source.nextRecord();
    if (r !== NEED_MORE) return r;
    await source.fill();
  }
}

/** Listed files with each archive replaced by its members, whose text goes to `spill` in one walk of the archive. */
async function expandIntoSpill(listed: ListedPath[], spill: ArchiveSpill): Promise<ListedPath[]> {
  const out: ListedPath[] = [];
  for (const entry of listed) {
    if (entry.error || !(await archiveKindOf(entry.path))) out.push(entry);
    else out.push(...(await spill.spill(entry.path)));
  }
  return out;
}

/**
 * Files in the given order (folders expanded in name order), with their tags and offsets. Archive
 * members are read from `spill` (the caller removes it when done).
 */
export async function timelineSources(inputs: string[], options: TimelineOptions = {}, spill = new ArchiveSpill()): Promise<{ sources: FileSource[]; unreadable: { path: string; reason: string }[] }> {
  const listed = await expandIntoSpill(await listLogFiles(inputs), spill);
  const unreadable = listed.filter((e) => e.error).map((e) => ({ path: e.path, reason: e.error! }));
  const files = listed.filter((e) => !e.error).map((e) => e.path);
  const tags = sourceTags(files);
  const pieceBytes = Math.min(1024 * 1024, Math.max(16 * 1024, Math.floor(PIECES_BUDGET_BYTES / Math.max(1, files.length))));
  const closeBetweenPieces = files.length > MAX_FILES_HELD_OPEN;
  const sources = files.map(
    (path, i) =>
      new FileSource(path, i, tags[i], {
        offsetMs: offsetFor(path, tags[i], options.offsets ?? []),
        year: options.year,
        date: ruleFor(path, tags[i], options.dates ?? [])?.day,
        pieceBytes,
        closeBetweenPieces,
        spilled: spill.textOf(path),
      }),
  );
  return { sources, unreadable };
}

/**
 * Merges the logs of `inputs` (files and folders) by time and hands each record, and a gap marker
 * wherever nothing was logged for longer than `gapMs`, to `sink`, in order.
 */
export async function mergeTimeline(inputs: string[], options: TimelineOptions, sink: TimelineSink): Promise<TimelineSummary> {
  const spill = options.spill ?? new ArchiveSpill(options.maxSpillBytes);
  try {
    return await mergeSources(await timelineSources(inputs, options, spill), options, sink);
  } finally {
    if (spill !== options.spill) await spill.remove();
  }
}

async function mergeSources({ sources, unreadable }: { sources: FileSource[]; unreadable: { path: string; reason: string }[] }, options: TimelineOptions, sink: TimelineSink): Promise<TimelineSummary> {
  const summary: TimelineSummary = { sources: sources.map((s) => s.info), unreadable, records: 0, lines: 0, gaps: 0, steps: 0, stopped: false, cancelled: false };
  const heap = new SourceHeap();
  const opened: FileSource[] = [];
  for (const source of sources) if (await source.open()) opened.push(source);
  // one bundle, one year: logs that write their year correct the others' modification-time years
  const shift = yearShift(opened.map((s) => s.yearEvidence));
  const heads: { source: FileSource; head: TimelineRecord }[] = [];
  for (const source of opened) {
    if (shift) source.setYearShift(shift);
    const head = await headOf(source);
    if (head) heads.push({ source, head });
  }
  // Times of day without any date sit beside each other, not beside files with dates (1970 would sort first).
  const dated = heads.some((h) => !h.source.info.timeOfDayOnly);
  for (const h of heads) {
    if (dated && h.source.info.timeOfDayOnly) h.source.withdraw('its lines give only the time of day and no date is known for it (give one with --date FILE=YYYY-MM-DD)');
    else heap.push(h);
  }
  await options.onReady?.(summary.sources);
  const gapMs = options.gapMs ?? DEFAULT_GAP_MS;
  let from: number | undefined;
  let to: number | undefined;
  const first = heap.peek();
  if (first) {
    if (options.from) from = placeBound(options.from, first.head.time).start;
    if (options.to) to = placeBound(options.to, first.head.time).end;
  }
  let latest: number | undefined;
  let polled = 0;
  /** Per file, the time of its last record: a later record earlier than this is a clock step. */
  const lastOf: (number | undefined)[] = [];
  try {
    while (heap.size > 0) {
      const top = heap.peek()!;
      const record = top.head;
      if (++polled % 4096 === 0 && options.isCancelled?.()) {
        summary.cancelled = true;
        break;
      }
      const previous = lastOf[record.source];
      lastOf[record.source] = record.time;
      // a step is marked where it happens, even outside the window: the lines after it are out of order
      if (!record.continued && previous !== undefined && record.time < previous - STEP_TOLERANCE_MS) {
        summary.steps++;
        const step: ClockStep = { kind: 'step', source: record.source, line: record.line, from: previous, to: record.time };
        if ((await sink(step)) === false) {
          summary.stopped = true;
          break;
        }
      }
      // Every record inside the window is kept, to the end of every file: after a clock step a file's
      // lines can fall inside the window again.
      if ((from === undefined || record.time >= from) && (to === undefined || record.time <= to)) {
        if (gapMs > 0 && latest !== undefined && !record.continued && record.time - latest > gapMs) {
          summary.gaps++;
          if ((await sink({ kind: 'gap', from: latest, to: record.time })) === false) {
            summary.stopped = true;
            break;
          }
        }
        if (latest === undefined || record.time > latest) latest = record.time;
        summary.firstTime ??= record.time;
        summary.lastTime = latest;
        if (!record.continued) summary.records++;
        summary.lines += record.lines.length;
        const r = sink(record);
        if ((r instanceof Promise ? await r : r) === false) {
          summary.stopped = true;
          break;
        }
      }
      let next = top.source.nextRecord();
      if (next === NEED_MORE) next = await headOf(top.source);
      heap.replaceTop(next);
    }
  } finally {
    await Promise.all(sources.map((s) => s.close()));
  }
  return summary;
}
