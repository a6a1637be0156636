// `logtriage timeline`: the merged timeline on the command line. Streams to the given output with
// back-pressure, so a merge of big logs never sits in memory. No process access here: cli.ts hands
// in stdout and stderr.
import { BufferedOutput } from '../io/bufferedOutput';
import { plainText, safeJson } from '../markdown';
import type { DateRule } from './dates';
import { parseDateArgument } from './dates';
import type { TimeBound } from './duration';
import { formatOffset, isoTime, parseDuration, parseTimeBound } from './duration';
import type { TimelineSourceInfo } from './fileSource';
import type { TimelineEntry, TimelineOptions } from './merge';
import { DEFAULT_GAP_MS, mergeTimeline } from './merge';
import type { ClockOffsetRule } from './offsets';
import { parseOffsetArgument } from './offsets';
import { TimelineRenderer } from './render';

export const TIMELINE_USAGE = 'logtriage timeline <files|folder>... [--from T] [--to T] [--offset file=+5s ...] [--date file=YYYY-MM-DD ...] [--gap 5m] [--year Y] [--json]';

/** A command-line mistake: cli.ts prints it with the usage and exits 2. */
export class TimelineUsageError extends Error {}

export interface TimelineArgs {
  inputs: string[];
  from?: TimeBound;
  to?: TimeBound;
  offsets: ClockOffsetRule[];
  dates: DateRule[];
  gapMs: number;
  year?: number;
}

/** Reads the arguments after `timeline` (without --json, which cli.ts takes). */
export function parseTimelineArgs(args: readonly string[]): TimelineArgs {
  const parsed: TimelineArgs = { inputs: [], offsets: [], dates: [], gapMs: DEFAULT_GAP_MS };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      parsed.inputs.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (!['--from', '--to', '--offset', '--date', '--gap', '--year'].includes(name)) throw new TimelineUsageError(`unknown option ${name}`);
    if (value === undefined) throw new TimelineUsageError(`${name} needs a value`);
    switch (name) {
      case '--from':
      case '--to': {
        const bound = parseTimeBound(value);
        if (!bound) throw new TimelineUsageError(`${name} ${value}: not a date and time (2014-05-05T17:46:00, "2014-05-05 17:46" or 17:46)`);
        parsed[name === '--from' ? 'from' : 'to'] = bound;
        break;
      }
      case '--offset': {
        const rule = parseOffsetArgument(value);
        if (!rule) throw new TimelineUsageError(`--offset ${value}: expected file=+5s (a tag, path or glob, then a signed duration)`);
        parsed.offsets.push(rule);
        break;
      }
      case '--date': {
        const rule = parseDateArgument(value);
        if (!rule) throw new TimelineUsageError(`--date ${value}: expected file=YYYY-MM-DD (a tag, path or glob, then the day of its first line)`);
        parsed.dates.push(rule);
        break;
      }
      case '--gap': {
        const ms = parseDuration(value);
        if (ms === undefined || ms < 0) throw new TimelineUsageError(`--gap ${value}: expected a duration such as 5m, 90s or 0 (no markers)`);
        parsed.gapMs = ms;
        break;
      }
      case '--year': {
        if (!/^\d{4}$/.test(value)) throw new TimelineUsageError(`--year ${value}: expected a four-digit year`);
        parsed.year = +value;
        break;
      }
    }
  }
  if (parsed.inputs.length === 0) throw new TimelineUsageError('timeline needs at least one file or folder');
  return parsed;
}

function describeSource(s: TimelineSourceInfo): string {
  const parts = [s.format ?? 'no known family'];
  if (s.basis) parts.push(s.basis);
  if (s.offsetMs) parts.push(`clock offset ${formatOffset(s.offsetMs)}`);
  return plainText(`# [${s.tag}] ${s.path}: ${parts.join(', ')}`);
}

/** Runs the command; returns the exit code (0 ran, 1 some input unreadable). Throws TimelineUsageError. */
export async function runTimelineCommand(args: readonly string[], json: boolean, stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): Promise<number> {
  const parsed = parseTimelineArgs(args);
  const out = new BufferedOutput(stdout);
  let renderer: TimelineRenderer | undefined;
  let infos: readonly TimelineSourceInfo[] = [];
  let first = true;
  const onReady = (ready: readonly TimelineSourceInfo[]) => {
    infos = ready;
    renderer = new TimelineRenderer(
      ready.map((s) => s.tag),
      ready.filter((s) => !s.unplaced && !s.unreadable).map((s) => s.tag),
    );
    if (json) return out.write('{"lines":[');
    const placed = ready.filter((s) => !s.unplaced && !s.unreadable);
    const header = placed.map(describeSource);
    if (placed.length && placed.every((s) => s.timeOfDayOnly)) header.push('# no file gives a date: merged by time of day alone (give days with --date FILE=YYYY-MM-DD)');
    for (const s of ready) if (s.unplaced) header.push(plainText(`# not placed: ${s.path}: ${s.unplaced}`));
    return out.write(header.length ? header.join('\n') + '\n' : '');
  };
  const jsonLine = (entry: TimelineEntry): string => {
    if (entry.kind === 'gap') return JSON.stringify({ gap: { from: isoTime(entry.from), to: isoTime(entry.to), ms: entry.to - entry.from } });
    const s = infos[entry.source];
    if (entry.kind === 'step') return safeJson({ clockStep: { tag: s.tag, path: s.path, line: entry.line + 1, from: isoTime(entry.from), to: isoTime(entry.to), ms: entry.to - entry.from } });
    return entry.lines.map((text, i) => safeJson({ time: isoTime(entry.time), tag: s.tag, path: s.path, line: entry.line + i + 1, text, ...(i > 0 || entry.continued ? { continuation: true } : {}) })).join(',\n');
  };
  const options: TimelineOptions = { offsets: parsed.offsets, dates: parsed.dates, year: parsed.year, from: parsed.from, to: parsed.to, gapMs: parsed.gapMs, onReady };
  const summary = await mergeTimeline(parsed.inputs, options, (entry) => {
    if (json) {
      const text = (first ? '\n' : ',\n') + jsonLine(entry);
      first = false;
      return out.write(text);
    }
    const lines: string[] = [];
    renderer!.render(entry, (l) => lines.push(plainText(l.text)));
    return out.write(lines.join('\n') + '\n');
  });
  if (json) {
    if (!renderer) await out.write('{"lines":['); // onReady is always called, but be safe
    const files = summary.sources.map((s) => ({
      path: s.path,
      tag: s.tag,
      format: s.format,
      offsetMs: s.offsetMs,
      ...(s.basis ? { basis: s.basis } : {}),
      placed: !s.unplaced && !s.unreadable,
      ...(s.unplaced ? { notPlaced: s.unplaced } : {}),
      ...(s.unreadable ? { error: s.unreadable } : {}),
      lines: s.lines,
      records: s.records,
      ...(s.timeOfDayOnly ? { timeOfDayOnly: true } : {}),
      ...(s.firstTime !== undefined ? { firstTime: isoTime(s.firstTime), lastTime: isoTime(s.lastTime!) } : {}),
    }));
    const unreadable = summary.unreadable.map((u) => ({ path: u.path, error: u.reason }));
    await out.write(`\n],"files":${safeJson(files)},"unreadable":${safeJson(unreadable)},"records":${summary.records},"gaps":${summary.gaps},"clockSteps":${summary.steps}}\n`);
  }
  await out.flush();
  let failed = summary.unreadable.length > 0;
  const warn = (text: string) => stderr.write(`logtriage: ${plainText(text)}\n`); // a file name may hold terminal escapes
  for (const u of summary.unreadable) warn(`${u.path}: ${u.reason}`);
  for (const s of summary.sources) {
    if (s.unreadable) {
      failed = true;
      warn(`${s.path}: ${s.unreadable}`);
    } else if (s.unplaced) warn(`${s.path}: not placed on the timeline: ${s.unplaced}`);
    for (const w of s.warnings) warn(`${s.path}: ${w}`);
  }
  return failed ? 1 : 0;
}
