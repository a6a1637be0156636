// Durations and instants as a person types them on the command line or in settings:
// "+5s", "-1.5m", "500ms", "2h", "90" (seconds); "2014-05-05T17:46", "2014-05-05 17:46:37.262", "17:46".

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^([+-]?)(\d+(?:\.\d+)?|\.\d+)(ms|s|m|min|h|d)?$/;

/** Milliseconds of a signed duration ("+5s", "-250ms", "1.5m"; a bare number is seconds), or undefined. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m) return undefined;
  const ms = Math.round(+m[2] * UNIT_MS[m[3] ?? 's']);
  return m[1] === '-' ? -ms : ms;
}

/** "+5 s", "-1 min 30 s", "+250 ms": an offset for people. */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  let rest = Math.abs(ms);
  if (rest < 1000) return `${sign}${rest} ms`;
  const parts: string[] = [];
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (rest) parts.push(`${+(rest / 1000).toFixed(3)} s`);
  return sign + parts.join(' ');
}

/** Where a bound given as text lies: an absolute span, or a time of day on the timeline's first day. */
export type TimeBound = { kind: 'absolute'; start: number; end: number } | { kind: 'timeOfDay'; start: number; end: number };

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;
const TIME_ONLY = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/**
 * Reads a `--from`/`--to` value. The span covers what the text leaves open: "17:50" is
 * 17:50:00.000 to 17:50:59.999, so `--to 17:50` keeps the whole minute. Times are wall clock,
 * like the records (ms read as UTC). Undefined when the text is not a date or time.
 */
export function parseTimeBound(text: string): TimeBound | undefined {
  const t = text.trim();
  const d = DATE_TIME.exec(t);
  if (d) {
    const [, y, mo, day, h, mi, s, ms] = d;
    const start = Date.UTC(+y, +mo - 1, +day, +(h ?? 0), +(mi ?? 0), +(s ?? 0), ms ? +ms.padEnd(3, '0') : 0);
    const check = new Date(start);
    if (Number.isNaN(start) || check.getUTCDate() !== +day || check.getUTCMonth() !== +mo - 1 || +(h ?? 0) > 23 || +(mi ?? 0) > 59 || +(s ?? 0) > 59) return undefined;
    const unit = ms ? 10 ** (3 - ms.length) : s !== undefined ? 1000 : mi !== undefined ? 60_000 : 86_400_000;
    return { kind: 'absolute', start, end: start + unit - 1 };
  }
  const o = TIME_ONLY.exec(t);
  if (o) {
    const [, h, mi, s, ms] = o;
    if (+h > 23 || +mi > 59 || +(s ?? 0) > 59) return undefined;
    const start = ((+h * 60 + +mi) * 60 + +(s ?? 0)) * 1000 + (ms ? +ms.padEnd(3, '0') : 0);
    const unit = ms ? 10 ** (3 - ms.length) : s !== undefined ? 1000 : 60_000;
    return { kind: 'timeOfDay', start, end: start + unit - 1 };
  }
  return undefined;
}

/** The bound's first and last instant, a time of day placed on the day of `firstTime`. */
export function placeBound(bound: TimeBound, firstTime: number): { start: number; end: number } {
  if (bound.kind === 'absolute') return bound;
  const day = Math.floor(firstTime / 86_400_000) * 86_400_000;
  return { start: day + bound.start, end: day + bound.end };
}

/** A duration for people: "1 min 59 s", "3 h 12 min", "12 d 4 h" (idle times, how long after a cause). */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

let cachedDay = NaN;
let cachedDate = '';

function two(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/**
 * "2014-05-05T17:46:37.262": wall-clock time without a zone, as the records carry it. Called for
 * every line of a merge, so the date part is cached per day (toISOString was a third of the time).
 */
export function isoTime(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  if (day !== cachedDay) {
    const iso = new Date(day * 86_400_000).toISOString();
    cachedDay = day;
    cachedDate = iso.length === 24 ? iso.slice(0, 11) : iso.slice(0, iso.indexOf('T') + 1);
  }
  const inDay = ms - day * 86_400_000;
  const s = Math.floor(inDay / 1000);
  const milli = inDay - s * 1000;
  const m = Math.floor(s / 60);
  return `${cachedDate}${two(Math.floor(m / 60))}:${two(m % 60)}:${two(s % 60)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}`;
}
