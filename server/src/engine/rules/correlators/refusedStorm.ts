import type { LineSpan, RelatedEvidence } from '../../types';
import { MAX_RELATED } from '../repeats';
import type { Correlator } from './correlator';
import { BoundedMap, secondsBetween } from './correlator';

/** Back-off pauses listed per storm: the first ones show the pattern, the last one where it ended. */
const BACKOFF_SHOWN = 8;

interface StormRun {
  first: LineSpan;
  firstTime?: number;
  lastTime?: number;
  last: LineSpan;
  count: number;
  /** The first refusals after the first, as evidence (at most MAX_RELATED - 1). */
  refusals: RelatedEvidence[];
  /** The first BACKOFF_SHOWN pauses, then the last one and how many there were. */
  backoff: number[];
  lastBackoff?: number;
  backoffs: number;
  /** Time of the last refusal, for the wait until the next attempt. */
  refusedAt?: number;
}

/** "2, 4, 8 … 64 (12 pauses)": the back-off as a person reads it, however long the storm. */
function describeBackoff(run: StormRun): string {
  const shown = run.backoff.map((b) => Math.round(b)).join(', ');
  if (run.backoffs <= run.backoff.length) return shown;
  return `${shown} … ${Math.round(run.lastBackoff ?? 0)} (${run.backoffs} pauses)`;
}

// Repeated WSAECONNREFUSED (10061) on one thread with growing pauses between attempts: the
// process keeps retrying a port nobody listens on (article 002: bpcd retrying vnetd's forward
// socket that already timed out). Reported once per run, on its first refusal; a run whose thread
// is forgotten to make room for others is reported then, not lost.
export const refusedStorm: Correlator = {
  name: 'refused-storm',
  start(rule, parameters, emit) {
    const minCount = parameters.minCount ?? 3;
    const gapSeconds = parameters.gapSeconds ?? 120;
    const report = (thread: string, run: StormRun) => {
      if (run.count < minCount) return;
      const span = secondsBetween(run.firstTime, run.lastTime);
      const related = [...run.refusals];
      if (run.count > related.length + 1) {
        const more = run.count - related.length - 1;
        related.push({ span: run.last, message: `and ${more} more refusal${more === 1 ? '' : 's'}, the last at line ${run.last.line + 1}`, more });
      }
      emit({
        span: run.first,
        endLine: run.last.line,
        time: run.firstTime,
        thread,
        vars: {
          count: String(run.count),
          thread: thread || 'this process',
          span: span === undefined ? '?' : span.toFixed(span % 1 ? 1 : 0),
          backoff: run.backoffs ? describeBackoff(run) : 'none',
          retrying: run.backoffs ? `retrying after ${describeBackoff(run)} s` : 'retrying at once',
        },
        related,
      });
    };
    const runs = new BoundedMap<string, StormRun>(4096, report);
    return {
      see({ line, match, record }) {
        const thread = record?.thread ?? '';
        const time = record?.time;
        let run = runs.get(thread);
        if (match.groups?.refused === undefined) {
          // a new attempt: the pause since the last refusal is the back-off
          const wait = run && secondsBetween(run.refusedAt, time);
          if (run && wait !== undefined && run.refusedAt !== undefined) {
            if (run.backoff.length < BACKOFF_SHOWN) run.backoff.push(wait);
            run.lastBackoff = wait;
            run.backoffs++;
            run.refusedAt = undefined;
          }
          return;
        }
        const span = { line, start: match.index, end: match.index + match[0].length };
        const gap = run && secondsBetween(run.lastTime, time);
        if (run && gap !== undefined && gap > gapSeconds) {
          report(thread, run);
          run = undefined;
        }
        if (!run) {
          run = { first: span, firstTime: time, last: span, count: 0, refusals: [], backoff: [], backoffs: 0 };
          runs.set(thread, run);
        }
        run.count++;
        run.last = span;
        run.lastTime = time;
        run.refusedAt = time;
        if (run.count > 1 && run.refusals.length < MAX_RELATED - 1) run.refusals.push({ span, message: `refusal ${run.count}` });
      },
      finish() {
        for (const [thread, run] of runs) report(thread, run);
      },
    };
  },
};
