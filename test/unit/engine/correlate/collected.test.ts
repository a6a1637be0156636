// The cross-file correlation over lines a worker read ahead (collectForCorrelation, replayed) must
// give exactly what it gives when it reads the files again itself: the same links, clock hints,
// related evidence and messages, on the fixtures and on random bundles made from their lines, with
// the caps passed (then the correlation reads the file itself) or not.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { FileAnalysis } from '../../../../server/src/engine';
import { analyzeFile } from '../../../../server/src/engine';
import type { CorrelateOptions, ReadAhead } from '../../../../server/src/engine/correlate';
import { correlateAnalyses, readAheadForCorrelation } from '../../../../server/src/engine/correlate';
import type { CollectCaps, ScannedLine } from '../../../../server/src/engine/correlate/scan';
import { collectLines, replayLines, scanLines } from '../../../../server/src/engine/correlate/scan';
import { parseOffsetArgument } from '../../../../server/src/engine/timeline';
import { fixture } from '../../../helpers/paths';
import { prng } from '../../../helpers/prng';

const BUNDLES = [fixture('timeline', 'nbu-two-hosts'), fixture('timeline', 'vmss-failed-run')];

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

async function analyses(files: string[]): Promise<FileAnalysis[]> {
  return Promise.all(files.map((f) => analyzeFile(f)));
}

/** Everything the correlation decides, in its order: two runs agree on all of it or differ. */
async function correlated(files: FileAnalysis[], options: CorrelateOptions) {
  const result = await correlateAnalyses(files, options);
  return { links: result.links, hints: result.hints, changed: result.changed.map((f) => f.path), findings: files.map((f) => f.findings) };
}

/** The correlation of these files read again, and over the lines collected ahead (under `caps`). */
async function bothWays(paths: string[], options: CorrelateOptions, caps?: CollectCaps) {
  const analysed = await analyses(paths);
  const again = await correlated(structuredClone(analysed), options);
  const ahead = structuredClone(analysed);
  const readAhead = new Map<string, ReadAhead>();
  for (const a of ahead) {
    const read = await readAheadForCorrelation(a, caps);
    // what a worker sends crosses a thread: only what survives a structured clone counts
    if (read) readAhead.set(a.path, structuredClone(read));
  }
  const replayed = await correlated(ahead, { ...options, readAhead });
  return { again, replayed, readAhead };
}

/** A variant of a fixture log: lines dropped, repeated and copied from elsewhere in it, maybe every hour moved. */
function mutate(text: string, random: () => number): string {
  const lines = text.split('\n').filter((l) => l);
  const out: string[] = [];
  for (const l of lines) {
    if (random() < 0.1) continue;
    out.push(l);
    if (random() < 0.1) out.push(l);
    if (random() < 0.1) out.push(lines[Math.floor(random() * lines.length)]);
    if (random() < 0.03) out.push('');
  }
  const text2 = out.join(random() < 0.2 ? '\r\n' : '\n') + (random() < 0.5 ? '\n' : '');
  // a clock a minute off on some hosts: relations come and go, and must come and go alike
  return random() < 0.3 ? text2.replace(/(\d\d):(\d\d):(\d\d)/g, (_, h, m, s) => `${h}:${String((+m + 1) % 60).padStart(2, '0')}:${s}`) : text2;
}

describe('correlation over lines collected ahead', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-collected-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('equals the correlation that reads the files again, on the fixtures (nothing left to read again)', async () => {
    for (const [bundle, options] of [
      [BUNDLES[0], { clockOffsets: [parseOffsetArgument('client=-5s')!] }],
      [BUNDLES[0], {}],
      [BUNDLES[1], {}],
      [BUNDLES[1], { clockOffsets: [parseOffsetArgument('SMlog=+20m')!] }],
    ] as const) {
      const { again, replayed, readAhead } = await bothWays(filesUnder(bundle), options);
      assert.ok(again.links.length + again.hints.length > 0, `${path.basename(bundle)}: the fixture relates files`);
      assert.deepEqual(replayed, again, path.basename(bundle));
      const scans = [...readAhead.values()].flatMap((r) => Object.values(r.scans));
      assert.ok(scans.length >= 2, 'lines were collected');
      for (const c of scans) assert.ok(c.complete && c.line.length > 0, 'within the caps');
    }
  });

  it('equals it on random bundles made from the fixtures, within and past the caps', async () => {
    const random = prng(1805);
    for (let round = 0; round < 40; round++) {
      const bundle = BUNDLES[round % 2];
      const dir = path.join(tmp, `round${round}`);
      for (const file of filesUnder(bundle)) {
        const to = path.join(dir, path.relative(bundle, file));
        fs.mkdirSync(path.dirname(to), { recursive: true });
        fs.writeFileSync(to, mutate(fs.readFileSync(file, 'utf8'), random));
        // year-less stamps take their year from the file time: some files a year older
        if (random() < 0.3) fs.utimesSync(to, new Date('2016-03-01T00:00:00Z'), new Date('2016-03-01T00:00:00Z'));
      }
      const caps = random() < 0.5 ? undefined : { lines: Math.floor(random() * 12), chars: Math.floor(random() * 1500) };
      const options: CorrelateOptions = random() < 0.5 ? {} : { clockOffsets: [parseOffsetArgument(`${random() < 0.5 ? 'client' : 'SMlog'}=${Math.floor(random() * 11) - 5}s`)!] };
      const { again, replayed } = await bothWays(filesUnder(dir), options, caps);
      assert.deepEqual(replayed, again, `round ${round}, caps ${JSON.stringify(caps)}`);
    }
  });

  it('replays the lines and times a second scan hands over, across year and day roll-overs', async () => {
    const random = prng(77);
    const months = ['Dec', 'Jan', 'Feb', 'Nov'];
    for (let round = 0; round < 10; round++) {
      const lines: string[] = [];
      for (let i = 0; i < 400; i++) {
        const month = months[Math.min(months.length - 1, Math.floor((i / 400) * months.length + random() * 0.3))];
        const stamp = `${month} ${String(1 + Math.floor(random() * 28)).padStart(2, ' ')} ${String(Math.floor(random() * 24)).padStart(2, '0')}:10:0${i % 10}`;
        lines.push(random() < 0.1 ? `  continuation ${i}` : `${stamp} host SM: [${100 + Math.floor(random() * 5)}] ${random() < 0.2 ? 'Raising exception' : 'lock'} ${i}`);
      }
      const file = path.join(tmp, `SMlog.${round}`);
      fs.writeFileSync(file, lines.join('\n'));
      const need = { keepsText: random() < 0.5, wants: (text: string, line: number) => line % 3 === 0 || text.includes('exception') };
      const options = { offsetMs: Math.floor(random() * 10_000), yearShift: Math.floor(random() * 3) - 1 };
      const scanned: ScannedLine[] = [];
      await scanLines(file, 'xenserver-smlog', options, need, (l) => scanned.push(l));
      const collected = structuredClone(await collectLines(file, 'xenserver-smlog', need));
      const replayed: ScannedLine[] = [];
      replayLines(file, 'xenserver-smlog', collected, options, (l) => replayed.push(l));
      assert.ok(scanned.some((l) => l.time !== undefined));
      assert.deepEqual(replayed, scanned, `round ${round}`);
    }
  });
});
