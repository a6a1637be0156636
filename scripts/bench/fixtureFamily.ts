// Background lines for a family that has no generator of its own (families.ts): the records of its
// largest fixture (test/helpers/familyFixtures.ts) drawn at random, their stamps' time of day moved
// forward by a clock (the date stays the fixture's) and their long numbers varied. A record that is part of a finding, in the fixture or in
// a trial run of the generated lines, is left out: no background line is a finding.
import { analyzeText } from '../../server/src/engine';
import type { FamilyFixture } from '../../test/helpers/familyFixtures';
import { fixtureLines, fixturesOf, fixtureRecords } from '../../test/helpers/familyFixtures';
import type { FamilyGenerator } from './families';
import { Prng } from './prng';

/** One record of a fixture: its lines, and where its stamp's time of day is in the first. */
interface FixtureRecord {
  lines: string[];
  clock?: { from: number; to: number };
  /** Where the first line's message starts: numbers are varied from there on (the stamp stays whole). */
  message: number;
}

/** A stamp's time of day, with its fraction of a second if it has one. */
const TIME_OF_DAY = /(?<!\d)\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?(?!\d)/;
/** Numbers and hex runs long enough to be ids, pids, sizes or addresses, never a status code. */
const LONG_NUMBER = /\b(?:\d{5,}|[0-9a-f]{8,})\b/g;
const TRIAL_RECORDS = 3000;
const DAY_SECONDS = 24 * 3600;

/** The fixture's records of its most frequent day (their dates are kept), without those that are part of a finding. */
function recordsOf(f: FamilyFixture): FixtureRecord[] {
  const lines = fixtureRecords(f);
  const found = analyzeText(f.logName, lines.map((l) => l.line).join('\n')).findings;
  const inFinding = (i: number) => found.some((x) => i >= x.span.line && i <= Math.max(x.endLine, x.lastLine));
  const dayOf = (t: number | undefined) => (t === undefined ? undefined : Math.floor(t / (DAY_SECONDS * 1000)));
  const days = new Map<number | undefined, number>();
  for (const { record } of lines) if (record) days.set(dayOf(record.time), (days.get(dayOf(record.time)) ?? 0) + 1);
  const day = [...days].sort((a, b) => b[1] - a[1])[0]?.[0];
  const records: FixtureRecord[] = [];
  let current: FixtureRecord | undefined;
  let tainted = false;
  lines.forEach(({ line, record }, i) => {
    if (record) {
      if (current && !tainted) records.push(current);
      tainted = dayOf(record.time) !== day;
      const [from, to] = record.timeRange ?? [0, 0];
      const m = TIME_OF_DAY.exec(line.slice(from, to));
      current = { lines: [line], clock: m ? { from: from + m.index, to: from + m.index + m[0].length } : undefined, message: record.messageRange[0] };
    } else if (current) current.lines.push(line);
    if (current && inFinding(i)) tainted = true;
  });
  if (current && !tainted) records.push(current);
  return records;
}

/** `ms` after midnight written as `original` is (hours as wide, the fraction as long); the last second of the day at most. */
function timeOfDay(ms: number, original: string): string {
  const s = Math.min(Math.floor(ms / 1000), DAY_SECONDS - 1);
  const [hh, mm, ss] = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, '0'));
  const fraction = /[.,](\d+)$/.exec(original);
  const digits = fraction
    ? original[original.length - fraction[1].length - 1] +
      String(ms % 1000)
        .padStart(3, '0')
        .padEnd(fraction[1].length, '0')
        .slice(0, fraction[1].length)
    : '';
  return `${original.indexOf(':') === 1 && hh[0] === '0' ? hh[1] : hh}:${mm}:${ss}${digits}`;
}

/** Writes records drawn from `pool`: the time of day moves forward, long numbers change, lengths stay. */
function writer(pool: readonly FixtureRecord[], p: Prng): (out: string[], picked?: number[]) => void {
  let ms = 0;
  return (out, picked) => {
    const i = p.int(0, pool.length - 1);
    picked?.push(i);
    const r = pool[i];
    ms += p.int(0, 1000);
    const vary = (text: string) => text.replace(LONG_NUMBER, (d) => (/^\d+$/.test(d) ? String(p.int(10 ** (d.length - 1), 10 ** d.length - 1)) : p.hex(d.length)));
    r.lines.forEach((line, n) => {
      let text = n === 0 ? line.slice(0, r.message) + vary(line.slice(r.message)) : vary(line);
      if (n === 0 && r.clock) text = text.slice(0, r.clock.from) + timeOfDay(ms, text.slice(r.clock.from, r.clock.to)) + text.slice(r.clock.to);
      out.push(text);
    });
  };
}

/** The records whose varied copies raise no finding together, found by trial runs of the generator. */
function quietRecords(f: FamilyFixture, seed: number): FixtureRecord[] {
  let pool = recordsOf(f);
  for (let round = 0; round < 5 && pool.length; round++) {
    const out: string[] = [];
    const source: number[] = [];
    const write = writer(pool, new Prng(seed));
    for (let n = 0; n < TRIAL_RECORDS; n++) {
      const before = out.length;
      const picked: number[] = [];
      write(out, picked);
      for (let k = before; k < out.length; k++) source.push(picked[0]);
    }
    const loud = new Set(analyzeText(f.logName, out.join('\n')).findings.map((f) => source[f.span.line]));
    if (!loud.size) return pool;
    pool = pool.filter((_, i) => !loud.has(i));
  }
  if (!pool.length) throw new Error(`every record of ${f.parts.join('/')} is part of a finding: no background lines to generate`);
  return pool;
}

/** A generator for `family` from its largest fixture, named as it. */
export function fixtureFamily(family: string, seed: number): FamilyGenerator {
  const largest = fixturesOf(family)
    .map((f) => ({ f, lines: fixtureLines(f).length }))
    .sort((a, b) => b.lines - a.lines)[0]?.f;
  if (!largest) throw new Error(`no fixture of ${family} to generate its lines from`);
  return {
    family,
    file: largest.logName,
    seed,
    create(p) {
      const write = writer(quietRecords(largest, seed), p);
      return { next: (out) => write(out) };
    },
  };
}
