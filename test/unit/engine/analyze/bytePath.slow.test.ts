// ASCII pieces of a file are scanned as bytes (LogScanner.pushBytes), decoding only the lines the
// rules need: it must give exactly what the text path gives (findings, lines, times, warnings), for
// any cut of the file into pieces, with CRs, long lines, lines cut between pieces and the families'
// own lines; and analyzeFile, which uses it, must agree with analyzeText.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFile, analyzeText, builtInRules, FORMATS, LogScanner } from '../../../../server/src/engine';
import { DETECTION_HEAD } from '../../../../server/src/engine/analyze';
import type { LogFormat } from '../../../../server/src/engine';
import { prng } from '../../../helpers/prng';

/** ASCII log text: the rules' samples and near misses, noise, now and then a CR or a very long line. */
function randomLog(random: () => number, lines: number, options: { cr: boolean; long: boolean }): string {
  const pool = builtInRules().flatMap((r) => [...r.samples, ...r.counterSamples].flatMap((s) => s.split('\n')));
  const pick = <T>(a: readonly T[]) => a[Math.floor(random() * a.length)];
  const noise = 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 :;.,()[]<>=_-/\'"%\t';
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const kind = random();
    let line: string;
    if (kind < 0.5) line = pick(pool);
    else if (kind < 0.65) {
      const s = pick(pool).split('');
      for (let k = 0; k < 3; k++) s[Math.floor(random() * s.length)] = pick([...noise]);
      line = s.join('');
    } else if (kind < 0.66 && options.long) line = 'x'.repeat(20_000 + Math.floor(random() * 5000)) + pick(pool);
    else if (kind < 0.7) line = '';
    else line = Array.from({ length: Math.floor(random() * 120) }, () => pick([...noise])).join('');
    out.push(line.replace(/[^\x00-\x7f]/g, '?') + (options.cr && random() < 0.05 ? '\r' : ''));
  }
  return out.join('\n') + (random() < 0.5 ? '\n' : '');
}

function run(format: LogFormat | undefined, pieces: (string | Buffer)[]) {
  const scanner = new LogScanner(format, {}, '/logs/log.030119');
  for (const p of pieces) {
    if (typeof p === 'string') scanner.push(p);
    else scanner.pushBytes(p);
  }
  const { findings, lines } = scanner.end();
  return { findings, lines, warnings: scanner.warnings, firstTime: scanner.firstTime, lastTime: scanner.lastTime };
}

function cuts(random: () => number, length: number, size: number): number[] {
  const at = [0];
  while (at[at.length - 1] < length) at.push(Math.min(length, at[at.length - 1] + 1 + Math.floor(random() * size)));
  return at;
}

describe('scan of ASCII bytes', () => {
  it('gives what the text scan gives, for every family and any cut into pieces', () => {
    const random = prng(42);
    let findings = 0;
    for (const format of [...FORMATS, undefined]) {
      for (const options of [
        { cr: false, long: false },
        { cr: true, long: false },
        { cr: false, long: true },
      ]) {
        const text = randomLog(random, 600, options);
        const bytes = Buffer.from(text, 'latin1');
        const at = cuts(random, text.length, random() < 0.5 ? 300 : 40_000);
        const want = run(
          format,
          at.slice(1).map((to, i) => text.slice(at[i], to)),
        );
        // the same pieces as bytes, or mixed (a file turns to strings after its first non-ASCII piece)
        const got = run(
          format,
          at.slice(1).map((to, i) => bytes.subarray(at[i], to)),
        );
        const mixed = run(
          format,
          at.slice(1).map((to, i) => (i % 3 === 1 ? text.slice(at[i], to) : bytes.subarray(at[i], to))),
        );
        const label = `${format?.id ?? 'no family'} ${JSON.stringify(options)}`;
        assert.deepEqual(got, want, label);
        assert.deepEqual(mixed, want, label);
        findings += want.findings.length;
      }
    }
    assert.ok(findings > 100, `only ${findings} findings: the generated logs do not exercise the rules`);
  });

  it('leaves the pieces it was given as they were, so that a reader may reuse its buffer', () => {
    const text = randomLog(prng(1), 300, { cr: false, long: false });
    const bytes = Buffer.from(text, 'latin1');
    const copy = Buffer.from(bytes);
    run(FORMATS[0], [bytes.subarray(0, 5000), bytes.subarray(5000)]);
    assert.ok(bytes.equals(copy));
  });

  it('analyzeFile (bytes after the first megabyte) agrees with analyzeText', async () => {
    const random = prng(9);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-bytes-'));
    try {
      for (const format of FORMATS.slice(0, 6)) {
        // about 3 MB, so that most of it goes through the byte path
        let text = '';
        while (text.length < 3_000_000) text += randomLog(random, 2000, { cr: false, long: false }) + '\n';
        const file = path.join(dir, `${format.id}.log`);
        fs.writeFileSync(file, text, 'latin1');
        const fromFile = await analyzeFile(file, { format: format.id });
        const fromText = analyzeText(file, text, { format: format.id });
        assert.deepEqual(fromFile.findings, fromText.findings, format.id);
        assert.equal(fromFile.lines, fromText.lines, format.id);
        assert.deepEqual(fromFile.warnings, fromText.warnings, format.id);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('analyzeFile detects the family on the same head as analyzeText, however the pieces cut it', async () => {
    // the family is detected on the first DETECTION_HEAD characters whatever the pieces (a file's
    // megabyte, an archive member's few kilobytes); the piece that completes the head is scanned as read
    const random = prng(10);
    const families = new Set<string | null>();
    const heads = { 'vmkernel.log': 'esx-vmkernel-log', SMlog: 'xenserver-smlog', 'log.030119': 'netbackup-legacy-log', 'hostd.log': 'esx-hostd-log', 'unknown.txt': 'xenserver-vmss-log' };
    for (const [name, family] of Object.entries(heads)) {
      const own = builtInRules()
        .filter((r) => r.families.includes(family))
        .flatMap((r) => r.samples.flatMap((x) => x.split('\n')));
      // a head of one family's lines, then lines of every family: a detection past the head would differ
      let text = '';
      while (text.length < DETECTION_HEAD * 1.2 && own.length) text += own[Math.floor(random() * own.length)] + '\n';
      text += randomLog(random, 4000, { cr: false, long: false });
      const bytes = Buffer.from(text, 'utf8');
      // repeats left apart: how far apart two lines are in time depends on the file's date, which a text has not
      const options = { aggregateRepeats: false };
      const want = analyzeText(`/logs/${name}`, text, options);
      families.add(want.format);
      for (const size of [700, 20_000, DETECTION_HEAD - 1, 300_000, bytes.length]) {
        const at = cuts(random, bytes.length, size);
        async function* chunks() {
          for (let i = 1; i < at.length; i++) yield bytes.subarray(at[i - 1], at[i]);
        }
        const got = await analyzeFile(`/logs/${name}`, options, { chunks: chunks(), compressed: false });
        assert.equal(got.format, want.format, `${name}, pieces up to ${size}`);
        assert.deepEqual(got.findings, want.findings, `${name}, pieces up to ${size}`);
        assert.equal(got.lines, want.lines);
      }
    }
    assert.ok(families.size >= 3, `families detected: ${[...families].join(', ')}`);
  });
});
