import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot } from '../../../helpers/paths';

const MB = 1024 * 1024;

/** A NetBackup-shaped log of about `mb` megabytes, one line every `stepMs`, with a continuation now and then. */
function writeLog(file: string, mb: number, startMs: number, stepMs: number, thread: string): number {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  let size = 0;
  let lines = 0;
  let t = startMs;
  const parts: string[] = [];
  while (size < mb * MB) {
    const stamp = new Date(t).toISOString().slice(11, 23);
    const line = `${stamp} [${thread}] <2> bpbrm handle_backup: bpbrm.c.${lines % 20000}: media_port: 0 0 0x00000000 job ${lines} and a little more text\n`;
    parts.push(line);
    size += line.length;
    lines++;
    t += stepMs;
    if (lines % 50_000 === 0) {
      parts.push('...snip...\n');
      lines++;
    }
    if (parts.length >= 5000) fs.writeSync(fd, parts.splice(0).join(''));
  }
  fs.writeSync(fd, parts.join(''));
  fs.closeSync(fd);
  return lines;
}

// The merge runs in a child process so that its peak RSS is its own. It renders every line (the
// CLI's work without the output), checks the order, and samples the live heap after a forced GC:
// that is what "bounded" means, whatever the garbage collector's appetite for RSS.
const CHILD = `
const t = require(process.argv[1]);
(async () => {
  let renderer; let lines = 0; let bytes = 0; let last = -Infinity; let disorder = 0; let maxLive = 0; let n = 0;
  const start = process.hrtime.bigint();
  const summary = await t.mergeTimeline(process.argv.slice(2), { gapMs: 0, onReady: (s) => (renderer = new t.TimelineRenderer(s.map((x) => x.tag))) }, (e) => {
    if (e.time < last) disorder++;
    last = e.time;
    renderer.render(e, (l) => { lines++; bytes += l.text.length; });
    if (++n % 100000 === 0) { global.gc(); maxLive = Math.max(maxLive, process.memoryUsage().heapUsed); }
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(JSON.stringify({ ms, lines, bytes, disorder, records: summary.records, maxLiveMB: maxLive / 1048576, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
})();
`;

describe('timeline merge of 2 x 50 MB', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-bigmerge-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('streams both files in time order with a bounded live heap', (t) => {
    const a = path.join(dir, 'media', 'bpbrm', 'log.050514');
    const b = path.join(dir, 'client', 'bpcd', 'log.050514');
    const linesA = writeLog(a, 50, 3_600_000, 97, '1660.4296');
    const linesB = writeLog(b, 50, 3_600_050, 101, '2172.4736');
    const module = path.join(repoRoot, 'out', 'server', 'src', 'engine', 'timeline', 'index.js');
    const r = spawnSync(process.execPath, ['--expose-gc', '-e', CHILD, module, a, b], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const m = JSON.parse(r.stdout);
    const inputMb = (fs.statSync(a).size + fs.statSync(b).size) / MB;
    t.diagnostic(
      `timeline merge: ${inputMb.toFixed(0)} MB, ${m.lines} lines in ${(m.ms / 1000).toFixed(1)} s = ${(inputMb / (m.ms / 1000)).toFixed(1)} MB/s; ` + `peak RSS ${m.maxRssMB.toFixed(0)} MB, live heap at most ${m.maxLiveMB.toFixed(1)} MB`,
    );
    assert.equal(m.lines, linesA + linesB, 'every line, continuation lines included');
    assert.equal(m.disorder, 0);
    // Holding either file would put 50 MB of text on the heap; the merge holds a piece of each.
    assert.ok(m.maxLiveMB < 40, `live heap ${m.maxLiveMB} MB`);
  });
});
