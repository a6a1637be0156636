import type { Correlator } from './correlator';
import { BoundedMap, secondsBetween } from './correlator';

// NetBackup vnet_async_connect logs "connect in progress: 1" when it starts a connection attempt
// and "connect in progress: 2" when it gives up on the first target (PBX, port 1556) and tries
// the next. Ten seconds between them is the PBX timeout: a firewall dropped the SYN silently.
// Each delay is reported on the ": 2" line; the running total per [pid.tid] shows how they add up.
export const connectDelay: Correlator = {
  name: 'connect-delay',
  start(rule, parameters, emit) {
    const threshold = parameters.delaySeconds ?? 9;
    const started = new BoundedMap<string, { line: number; start: number; end: number; time?: number }>();
    const totals = new BoundedMap<string, { seconds: number; count: number }>();
    return {
      see({ text, line, match, record }) {
        const thread = record?.thread ?? '';
        const attempt = match.groups?.attempt;
        const span = { line, start: match.index, end: match.index + match[0].length };
        if (attempt === '1') {
          started.set(thread, { line, start: span.start, end: span.end, time: record?.time });
          return;
        }
        const first = started.get(thread);
        started.delete(thread);
        const delay = first && secondsBetween(first.time, record?.time);
        if (delay === undefined || delay < threshold) return;
        const total = totals.get(thread) ?? { seconds: 0, count: 0 };
        total.seconds += delay;
        total.count++;
        totals.set(thread, total);
        emit({
          span,
          time: record?.time,
          thread,
          vars: {
            delay: delay.toFixed(delay % 1 ? 1 : 0),
            thread: thread || 'this process',
            count: String(total.count),
            total: total.seconds.toFixed(total.seconds % 1 ? 1 : 0),
            line: String(first!.line + 1),
          },
          related: [{ span: { line: first!.line, start: first!.start, end: first!.end }, message: 'the connection attempt that waited' }],
        });
        void text;
      },
      finish() {},
    };
  },
};
