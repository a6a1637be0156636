import type { RelatedEvidence } from '../../types';
import type { Correlator } from './correlator';
import { BoundedMap, secondsBetween } from './correlator';

interface StormRun {
  first: { line: number; start: number; end: number };
  firstTime?: number;
  lastTime?: number;
  lastLine: number;
  count: number;
  refusals: RelatedEvidence[];
  backoff: number[];
  /** Time of the last refusal, for the wait until the next attempt. */
  refusedAt?: number;
}

// Repeated WSAECONNREFUSED (10061) on one thread with growing pauses between attempts: the
// process keeps retrying a port nobody listens on (article 002: bpcd retrying vnetd's forward
// socket that already timed out). Reported once per run, on its first refusal.
export const refusedStorm: Correlator = {
  name: 'refused-storm',
  start(rule, parameters, emit) {
    const minCount = parameters.minCount ?? 3;
    const gapSeconds = parameters.gapSeconds ?? 120;
    const runs = new BoundedMap<string, StormRun>();
    const report = (thread: string, run: StormRun) => {
      if (run.count < minCount) return;
      const span = secondsBetween(run.firstTime, run.lastTime);
      emit({
        span: run.first,
        endLine: run.lastLine,
        time: run.firstTime,
        thread,
        vars: {
          count: String(run.count),
          thread: thread || 'this process',
          span: span === undefined ? '?' : span.toFixed(span % 1 ? 1 : 0),
          backoff: run.backoff.length ? run.backoff.map((b) => Math.round(b)).join(', ') : 'none',
        },
        related: run.refusals.slice(1, 20),
      });
    };
    return {
      see({ line, match, record }) {
        const thread = record?.thread ?? '';
        const time = record?.time;
        let run = runs.get(thread);
        if (match.groups?.refused === undefined) {
          // a new attempt: the pause since the last refusal is the back-off
          const wait = run && secondsBetween(run.refusedAt, time);
          if (run && wait !== undefined && run.refusedAt !== undefined) run.backoff.push(wait), (run.refusedAt = undefined);
          return;
        }
        const span = { line, start: match.index, end: match.index + match[0].length };
        const gap = run && secondsBetween(run.lastTime, time);
        if (run && gap !== undefined && gap > gapSeconds) {
          report(thread, run);
          run = undefined;
        }
        if (!run) {
          run = { first: span, firstTime: time, lastLine: line, count: 0, refusals: [], backoff: [] };
          runs.set(thread, run);
        }
        run.count++;
        run.lastLine = line;
        run.lastTime = time;
        run.refusedAt = time;
        if (run.refusals.length < 20) run.refusals.push({ span, message: `refusal ${run.count}` });
      },
      finish() {
        for (const [thread, run] of runs) report(thread, run);
      },
    };
  },
};
