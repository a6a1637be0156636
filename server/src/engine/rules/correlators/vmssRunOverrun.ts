import { capRelated } from '../repeats';
import type { Correlator, WatchedLine } from './correlator';
import { BoundedMap } from './correlator';
import type { LineSpan } from '../../types';

/** "YYYY-MM-DD hh:mm:ss[.f...]" read as UTC, as Date.parse reads it in ISO form (ms truncated). */
export function parseStamp(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const fast = plainStamp(s);
  if (fast !== undefined) return fast;
  const t = Date.parse(s.replace(' ', 'T') + 'Z');
  return Number.isNaN(t) ? undefined : t;
}

/**
 * The common shape, digit by digit, with every field in its everyday range: Date.parse with its
 * string building costs more than the rest of the correlator. Undefined for anything else, which
 * Date.parse then decides (24:00:00, years before 1000, odd fractions ...).
 */
function plainStamp(s: string): number | undefined {
  if (s.length < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 32 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const y = digits(s, 0, 4),
    mo = digits(s, 5, 7),
    d = digits(s, 8, 10),
    h = digits(s, 11, 13),
    mi = digits(s, 14, 16),
    sec = digits(s, 17, 19);
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return undefined;
  let ms = 0;
  if (s.length > 19) {
    if (s.charCodeAt(19) !== 46 || s.length === 20) return undefined;
    if (digits(s, 20, s.length) < 0) return undefined;
    ms = digits(s, 20, Math.min(s.length, 23)) * (s.length >= 23 ? 1 : s.length === 22 ? 10 : 100);
  }
  return dayStart(y, mo, d) + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
}

// Date.UTC(y, mo - 1, d) of the last day asked for: a run's stamps share their day (Date.UTC is
// linear in the time of day, days past a month's end roll over the same way)
let lastDayKey = -1;
let lastDayStart = 0;
function dayStart(y: number, mo: number, d: number): number {
  const key = (y * 100 + mo) * 100 + d;
  if (key !== lastDayKey) ((lastDayStart = Date.UTC(y, mo - 1, d)), (lastDayKey = key));
  return lastDayStart;
}

/** The decimal number written in s[from, to), or -1 when a character there is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * The VMSS run's process id: the first "[digits]" on the line, or ''. On a VMSSlog line that is the
 * thread the family parses ("VMSS: [10123] ..."; no "[" can come before it in the syslog prefix), so
 * the line's record need not be parsed for it. By hand: it runs on every line the correlator watches.
 */
export function vmssPidOf(text: string): string {
  for (let open = text.indexOf('['); open >= 0; open = text.indexOf('[', open + 1)) {
    let i = open + 1;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i > open + 1 && text.charCodeAt(i) === 93) return text.slice(open + 1, i);
  }
  return '';
}

/** Where the watched pattern matched (only where it is kept: most watched lines report nothing). */
function spanOf(line: number, match: RegExpExecArray): LineSpan {
  return { line, start: match.index, end: match.index + match[0].length };
}

const NO_GROUPS: Readonly<Record<string, string | undefined>> = Object.freeze({});

interface OpenRun {
  pid: string;
  policy: string;
  span: LineSpan;
  /** The line that opened the policy: its record (a parse) is read only if the run is reported. */
  opened: WatchedLine;
  /** Cron kicks seen before the run opened its policy. */
  kick: number;
  /** Already named by a kick's overlap finding. */
  named: boolean;
}

/** Open runs named in one overlap finding's message; the rest are counted. */
const NAMED_RUNS = 3;

// VMSS runs from cron every 15 minutes and only one run may work at a time: a run that lasts
// longer makes the next ones skip (VMSS_SNAPSHOT_MISSED_EVENT / LOCK_FAILED). Two signs:
// the run's own "snapshot start time ..., end time ..." line, and a cron kick while an earlier
// process still has a policy open. A run still open after a few kicks never reported its end: it
// is reported once as unfinished and forgotten, so that a log of such runs keeps bounded state.
export const vmssRunOverrun: Correlator = {
  name: 'vmss-run-overrun',
  start(rule, parameters, emit) {
    const intervalMinutes = parameters.intervalMinutes ?? 15;
    const staleKicks = Math.max(1, parameters.staleIntervals ?? 4);
    let kicks = 0;
    const unfinished = (run: OpenRun) =>
      emit({
        span: run.span,
        time: run.opened.record?.time,
        thread: run.pid,
        template: 'unfinished',
        vars: { pid: run.pid, policy: run.policy, kicks: String(kicks - run.kick), interval: String(intervalMinutes) },
      });
    /** pid → the policy it is processing and where it started */
    const open = new BoundedMap<string, OpenRun>(256, (_pid, run) => unfinished(run));
    return {
      // the record (its parse) is read only for a finding's time and an opened policy: the pid is on the text
      see(seen) {
        const { text, line, match } = seen;
        const g = match.groups ?? NO_GROUPS;
        if (g.start !== undefined) {
          const start = parseStamp(g.start);
          const end = parseStamp(g.end);
          if (start === undefined || end === undefined) return;
          const minutes = (end - start) / 60000;
          if (minutes <= intervalMinutes) return;
          const pid = vmssPidOf(text);
          emit({ span: spanOf(line, match), time: seen.record?.time, thread: pid, template: 'long', vars: { minutes: minutes.toFixed(1), interval: String(intervalMinutes), pid } });
        } else if (g.policy !== undefined) {
          const pid = vmssPidOf(text);
          if (g.phase === 'Processing') open.set(pid, { pid, policy: g.policy, span: spanOf(line, match), opened: seen, kick: kicks, named: false });
          else if (open.get(pid)?.policy === g.policy) open.delete(pid);
        } else {
          kicks++;
          const pid = vmssPidOf(text);
          const overlapping: OpenRun[] = [];
          for (const [other, run] of open) {
            if (kicks - run.kick > staleKicks) {
              open.delete(other);
              unfinished(run);
            } else if (other !== pid && !run.named) overlapping.push(run);
          }
          if (overlapping.length) overlap(seen, pid, overlapping);
        }
      },
      finish() {
        for (const run of open.values()) if (kicks - run.kick > staleKicks) unfinished(run);
      },
    };

    /** One finding per kick, naming the runs it found open (each run named once). */
    function overlap(seen: WatchedLine, pid: string, runs: OpenRun[]): void {
      for (const run of runs) run.named = true;
      const first = runs[0];
      const names = runs
        .slice(0, NAMED_RUNS)
        .map((r) => `[${r.pid}]`)
        .join(', ');
      const more = runs.length > NAMED_RUNS ? ` and ${runs.length - NAMED_RUNS} more` : '';
      emit({
        span: spanOf(seen.line, seen.match),
        time: seen.record?.time,
        thread: pid,
        template: runs.length > 1 ? 'overlapMany' : 'overlap',
        vars: { pid, other: first.pid, others: names + more, count: String(runs.length), policy: first.policy, line: String(first.span.line + 1), interval: String(intervalMinutes) },
        related: capRelated(runs.map((r) => ({ span: r.span, message: `run [${r.pid}] still processing policy ${r.policy}` }))),
      });
    }
  },
};
