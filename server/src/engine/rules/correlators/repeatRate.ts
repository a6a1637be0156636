import type { LineSpan, RelatedEvidence } from '../../types';
import type { Correlator } from './correlator';
import { BoundedMap, secondsBetween } from './correlator';

/** Occurrences kept as related evidence per burst; the count says how many there were in all. */
const EVIDENCE_KEPT = 10;
/** Largest `count` honoured: the ring of recent times per key is this long at most. */
const MAX_COUNT = 10_000;

interface Burst {
  first: LineSpan;
  firstTime?: number;
  lastTime?: number;
  lastLine: number;
  count: number;
  /** Times of the last `count` occurrences (a ring), to tell whether `count` fell within one window. */
  recent: (number | undefined)[];
  /** At some point `count` occurrences fell within one window. */
  dense: boolean;
  evidence: RelatedEvidence[];
}

// One thing happening again and again on one subject: a VDI coalesced many times a day, a volume's
// heartbeat reclaimed many times an hour. Each occurrence is harmless; the rate is the problem.
// Occurrences of one key no further apart than the window form a burst; a burst in which `count`
// of them fell within one window is reported once, on its first line, when it ends.
export const repeatRate: Correlator = {
  name: 'repeat-rate',
  start(rule, parameters, emit) {
    const count = Math.min(MAX_COUNT, Math.max(2, Math.floor(parameters.count ?? 3)));
    const windowSeconds = parameters.windowSeconds ?? 3600;
    const report = (key: string, burst: Burst) => {
      if (!burst.dense) return;
      const span = secondsBetween(burst.firstTime, burst.lastTime);
      emit({
        span: burst.first,
        endLine: burst.lastLine,
        time: burst.firstTime,
        vars: {
          key: key || 'this log',
          count: String(burst.count),
          span: span === undefined ? '?' : String(Math.round(span)),
          window: String(windowSeconds),
        },
        related: burst.evidence,
      });
    };
    const bursts = new BoundedMap<string, Burst>(4096, report);
    return {
      see({ line, match, record }) {
        const key = match.groups?.key ?? '';
        const time = record?.time;
        const span = { line, start: match.index, end: match.index + match[0].length };
        let burst = bursts.get(key);
        const gap = burst && secondsBetween(burst.lastTime, time);
        if (burst && gap !== undefined && gap > windowSeconds) {
          bursts.delete(key);
          report(key, burst);
          burst = undefined;
        }
        if (!burst) {
          burst = { first: span, firstTime: time, lastLine: line, count: 0, recent: [], dense: false, evidence: [] };
          bursts.set(key, burst);
        }
        burst.count++;
        burst.lastLine = line;
        burst.lastTime = time ?? burst.lastTime;
        if (burst.evidence.length < EVIDENCE_KEPT) burst.evidence.push({ span, message: `occurrence ${burst.count}` });
        // the oldest of the last `count` occurrences, overwritten by this one
        const slot = (burst.count - 1) % count;
        const oldest = burst.recent[slot];
        burst.recent[slot] = time;
        if (!burst.dense && burst.count >= count) {
          const within = secondsBetween(burst.count === count ? burst.firstTime : oldest, time);
          // lines without a time count as close together: the log gives no reason to think otherwise
          burst.dense = within === undefined || within <= windowSeconds;
        }
      },
      finish() {
        for (const [key, burst] of bursts) report(key, burst);
        bursts.clear();
      },
    };
  },
};
