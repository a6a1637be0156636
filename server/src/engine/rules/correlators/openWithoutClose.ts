import type { LineSpan } from '../../types';
import type { Correlator } from './correlator';
import { BoundedMap, secondsBetween } from './correlator';

interface Opened {
  span: LineSpan;
  time?: number;
}

// A state entered and never left: a device that entered All Paths Down and never exited it. The
// rule's pattern matches both ends; the named group `open` or `close` says which one a line is,
// and `key` (the device, the volume) pairs them. An open that no close follows (within
// `withinSeconds` when given, else by the end of the log) is reported on its own line.
export const openWithoutClose: Correlator = {
  name: 'open-without-close',
  start(rule, parameters, emit) {
    const withinSeconds = parameters.withinSeconds;
    let lastTime: number | undefined;
    const report = (key: string, opened: Opened, waited: string) => emit({ span: opened.span, time: opened.time, vars: { key: key || 'this log', waited } });
    const untilTheEnd = (opened: Opened) => {
      const seen = secondsBetween(opened.time, lastTime);
      return seen === undefined || seen <= 0 ? 'until the end of the log' : `${Math.round(seen)} s, until the end of the log`;
    };
    const open = new BoundedMap<string, Opened>(4096, (key, opened) => report(key, opened, `${untilTheEnd(opened)} (tracking stopped: too many open at once)`));
    return {
      see({ line, match, record }) {
        const key = match.groups?.key ?? '';
        const time = record?.time;
        lastTime = time ?? lastTime;
        if (match.groups?.open !== undefined) {
          // a repeated open before any close: the first one tells how long the state has lasted
          if (!open.has(key)) open.set(key, { span: { line, start: match.index, end: match.index + match[0].length }, time });
          return;
        }
        if (match.groups?.close === undefined) return;
        const opened = open.get(key);
        if (!opened) return;
        open.delete(key);
        const waited = secondsBetween(opened.time, time);
        if (withinSeconds !== undefined && waited !== undefined && waited > withinSeconds) report(key, opened, `${Math.round(waited)} s`);
      },
      finish() {
        for (const [key, opened] of open) report(key, opened, untilTheEnd(opened));
        open.clear();
      },
    };
  },
};
