// The correlators' second pass over a file (engine/correlate/scan.ts) gives the event loop turns
// while it works, so that a language server answers hovers meanwhile: the lines it hands over must
// be exactly those of a plain split, whatever the pieces and the turns, and cancellation must stop it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { after, describe, it } from 'node:test';
import { AnalysisCancelled } from '../../../../server/src/engine';
import type { ScanNeed, ScannedLine } from '../../../../server/src/engine/correlate/scan';
import { scanLines } from '../../../../server/src/engine/correlate/scan';
import { prng } from '../../../helpers/prng';

/** Random lines of random lengths (empty, short, a few very long), \n or \r\n ends, maybe no final break. */
function randomText(random: () => number, chars: number): string {
  const parts: string[] = [];
  let length = 0;
  while (length < chars) {
    const r = random();
    const body = r < 0.05 ? '' : r < 0.0503 ? 'L'.repeat(300_000) : `line ${Math.floor(random() * 1e9)} ${'word '.repeat(Math.floor(random() * 40))}`;
    const end = random() < 0.2 ? '\r\n' : '\n';
    parts.push(body + end);
    length += body.length + end.length;
  }
  if (random() < 0.5) parts.push('last line without a break');
  return parts.join('');
}

/** What the scan should hand over: every line, \r of a \r\n end removed, numbered from 0. */
function plainSplit(text: string): { line: number; text: string }[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l, line) => ({ line, text: l.endsWith('\r') ? l.slice(0, -1) : l }));
}

async function scanned(file: string, wants: ScanNeed | ((text: string, line: number) => boolean), isCancelled?: () => boolean): Promise<ScannedLine[]> {
  const out: ScannedLine[] = [];
  await scanLines(file, null, { offsetMs: 0, isCancelled }, wants, (l) => out.push(l));
  return out;
}

/** Waits about `ms` without giving the event loop a turn: a slow line for the scan. */
function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('correlation scan', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-scan-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  /** The text as a plain file and as its .gz: both paths. */
  const plainAndGz = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    fs.writeFileSync(file + '.gz', zlib.gzipSync(text));
    return [file, file + '.gz'];
  };

  it('hands over the same lines as a plain split, plain and .gz, across pieces and turns', async () => {
    const random = prng(11);
    for (let round = 0; round < 3; round++) {
      const text = randomText(random, 2_500_000 + round * 700_000);
      const files = plainAndGz(`log${round}`, text);
      const expected = plainSplit(text);
      const every = 1 + Math.floor(random() * 5);
      const wants = (t: string, line: number) => line % every === 0 || t.includes('word word word word');
      const wanted = expected.filter((l) => wants(l.text, l.line));
      for (const f of files) {
        const got = (await scanned(f, wants)).map(({ line, text }) => ({ line, text }));
        assert.equal(got.length, wanted.length, `${path.basename(f)}: number of lines`);
        assert.deepEqual(got, wanted, path.basename(f));
      }
    }
  });

  it('with what every wanted line has (numbers, literals), hands over the same lines as a plain split', async () => {
    const random = prng(12);
    for (let round = 0; round < 3; round++) {
      const text = randomText(random, 2_000_000 + round * 900_000);
      const files = plainAndGz(`only${round}`, text);
      const expected = plainSplit(text);
      const lines = new Set(expected.filter(() => random() < 0.01).map((l) => l.line));
      // a rare literal, a common one, one that only the very long lines hold, one that never occurs
      const literals = [`line ${Math.floor(random() * 10)}${Math.floor(random() * 10)}`, 'word '.repeat(38), 'LLLLL', 'nowhere in the text'];
      const wants = (t: string, line: number) => lines.has(line) || literals.some((l) => t.includes(l));
      const wanted = expected.filter((l) => wants(l.text, l.line));
      assert.ok(wanted.length > 100 && wanted.length < expected.length / 2, `${wanted.length} of ${expected.length} lines wanted`);
      for (const f of files) {
        const got = (await scanned(f, { keepsText: true, wants, only: { lines, literals } })).map(({ line, text }) => ({ line, text }));
        assert.deepEqual(got, wanted, path.basename(f));
      }
    }
  });

  it('hands over the same lines when pieces of bytes and of text alternate, and a line is longer than a piece', async () => {
    // a piece that is not ASCII is read as text, the others as bytes: the line cut between two pieces
    // must come out whole whichever kinds they are, and so must a line no piece holds a break of
    const random = prng(13);
    const parts: string[] = [];
    for (let i = 0; i < 60_000; i++) {
      const r = random();
      const body = i === 30_000 ? 'M'.repeat(1_500_000) : r < 0.0005 ? `naïve → ${'x'.repeat(Math.floor(random() * 200))}` : `line ${i} ${'word '.repeat(Math.floor(random() * 30))}${random() < 0.02 ? 'needle' : ''}`;
      parts.push(body + (random() < 0.1 ? '\r\n' : '\n'));
    }
    parts.push('M'.repeat(1_200_000) + ' needle at the very end');
    const text = parts.join('');
    assert.ok(/[^\x00-\x7f]/.test(text) && text.includes('M'.repeat(1_500_000)), 'the text has lines that are not ASCII and one longer than a piece');
    const files = plainAndGz('mixed', text);
    const expected = plainSplit(text);
    const lines = new Set(expected.filter(() => random() < 0.002).map((l) => l.line));
    const literals = ['needle', '→', 'MMMMMMMM'];
    const wants = (t: string, line: number) => lines.has(line) || literals.some((l) => t.includes(l));
    const wanted = expected.filter((l) => wants(l.text, l.line));
    assert.ok(wanted.some((l) => l.text.includes('→')) && wanted.some((l) => l.text.length > 1_000_000));
    for (const f of files) {
      const got = (await scanned(f, { keepsText: true, wants, only: { lines, literals } })).map(({ line, text }) => ({ line, text }));
      assert.equal(got.length, wanted.length, `${path.basename(f)}: number of lines`);
      assert.deepEqual(got, wanted, path.basename(f));
    }
  });

  it('gives the event loop turns inside a piece of the file', async () => {
    // one piece (under 1 MiB), about 200 ms of work: without turns inside it, nothing else would run until its end
    const text = Array.from({ length: 4000 }, (_, i) => `line ${i}\n`).join('');
    const file = path.join(dir, 'slow');
    fs.writeFileSync(file, text);
    let seen = 0;
    let seenAtTurn = 0;
    let longest = 0;
    let ticking = true;
    const tick = () => {
      longest = Math.max(longest, seen - seenAtTurn);
      seenAtTurn = seen;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const lines = await scanned(file, () => (seen++, spin(0.05), true));
    ticking = false;
    longest = Math.max(longest, seen - seenAtTurn);
    assert.equal(lines.length, 4000);
    assert.ok(longest <= 1000, `${longest} lines in a row without a turn of the event loop`);
  });

  it('stops with AnalysisCancelled when cancelled, before or during the scan', async () => {
    const text = Array.from({ length: 4000 }, (_, i) => `line ${i}\n`).join('');
    const file = path.join(dir, 'cancel');
    fs.writeFileSync(file, text);
    await assert.rejects(
      scanned(
        file,
        () => true,
        () => true,
      ),
      AnalysisCancelled,
    );
    let seen = 0;
    await assert.rejects(
      scanned(
        file,
        () => (seen++, spin(0.05), true),
        () => seen > 500,
      ),
      AnalysisCancelled,
    );
    assert.ok(seen > 500 && seen < 4000, `${seen} lines looked at`);
  });
});
