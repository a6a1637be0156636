// Timelines of logs as customers send them: clocks that step back, NetBackup logs renamed without
// their date, hostile text, and more files than the descriptor limit.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, describe, it } from 'node:test';
import { mergeTimeline, parseDateArgument, parseDay, parseTimeBound } from '../../../../server/src/engine/timeline';
import { runTimelineCommand } from '../../../../server/src/engine/timeline/command';
import { mergeToLines, original } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-timeline-odd-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, lines: string[], mtime?: string): string {
  const file = path.join(tmp, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, lines.join('\n') + '\n');
  if (mtime) fs.utimesSync(file, new Date(mtime), new Date(mtime));
  return file;
}

/** An ESXi vmkernel line at hh:mm on 2024-05-05. */
const vmk = (hhmm: string, text: string) => `2024-05-05T${hhmm}:00.000Z cpu1:100)${text}`;
/** A NetBackup legacy line (time of day only). */
const nbu = (hhmmss: string, text: string) => `${hhmmss}.000 [1660.4296] <2> bpbrm ${text}`;

async function command(args: string[], json = false): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await runTimelineCommand(args, json, stdout, stderr);
  return { code, out, err };
}

describe('timeline: a clock that steps back', () => {
  const stepped = write('step/vmkernel.log', [vmk('10:00', 'a0'), vmk('10:05', 'a1'), vmk('10:10', 'a2'), vmk('09:15', 'after step'), vmk('09:20', 'after step 2'), vmk('10:12', 'caught up')]);
  const other = write('step/vmkwarning.log', [vmk('09:10', 'b0'), vmk('09:30', 'b1'), vmk('10:11', 'b2')]);

  it('marks the step where it happens, naming the file, its line and how far back', async () => {
    const { text, summary } = await mergeToLines([stepped, other], { gapMs: 0 });
    const marker = text.findIndex((l) => l.includes('[clock]'));
    assert.ok(marker > 0, text.join('\n'));
    assert.match(text[marker], /the clock of \[vmkernel\.log\] went back 55 min at its line 4 \(from 2024-05-05T10:10:00\.000\)/);
    assert.equal(original(text[marker + 1]), vmk('09:15', 'after step'));
    assert.equal(summary.steps, 1);
  });

  it('does not mark lines a moment out of order (threads)', async () => {
    const jitter = write('step/jitter.log', ['2024-05-05T10:00:01.500Z cpu1:1)x', '2024-05-05T10:00:00.200Z cpu1:1)y', '2024-05-05T10:00:02.000Z cpu1:1)z']);
    const { summary } = await mergeToLines([jitter], { gapMs: 0 });
    assert.equal(summary.steps, 0);
  });

  it('keeps every line inside --from/--to, also those after the step', async () => {
    const { text } = await mergeToLines([stepped], { gapMs: 0, from: parseTimeBound('2024-05-05T09:14'), to: parseTimeBound('2024-05-05T09:25') });
    assert.deepEqual(text.filter((l) => !l.includes('[clock]')).map(original), [vmk('09:15', 'after step'), vmk('09:20', 'after step 2')]);
  });

  it('reports no idle gap over a stretch that has lines in it', async () => {
    const { text } = await mergeToLines([stepped, other], { gapMs: 30 * 60_000 });
    assert.deepEqual(
      text.filter((l) => l.includes('[gap]')),
      [],
    );
  });
});

describe('timeline: time-of-day logs whose names give no date', () => {
  const renamed = write('nodate/bpbrm.txt', [nbu('17:46:37', 'first'), nbu('17:50:04', 'second')], '2014-05-05T23:00:00Z');
  const renamedToo = write('nodate/vnetd.txt', [nbu('17:48:41', 'vnetd line')], '2014-05-05T23:30:00Z');

  it('takes the day from the modification time and says so in the header, instead of refusing', async () => {
    const { code, out } = await command([renamed, renamedToo]);
    assert.equal(code, 0);
    assert.match(out, /# \[bpbrm\.txt\] .*day 2014-05-05 from the file's modification time/);
    const timed = out.split('\n').filter((l) => /^\d{4}-/.test(l));
    assert.deepEqual(
      timed.map((l) => l.slice(0, 23)),
      ['2014-05-05T17:46:37.000', '2014-05-05T17:48:41.000', '2014-05-05T17:50:04.000'],
    );
  });

  it('puts a first line later in the day than the modification time on the day before', async () => {
    const late = write('nodate/late.txt', [nbu('23:50:00', 'before midnight'), nbu('00:10:00', 'after midnight')], '2014-05-06T00:20:00Z');
    const { text } = await mergeToLines([late], { gapMs: 0 });
    assert.deepEqual(
      text.map((l) => l.slice(0, 23)),
      ['2014-05-05T23:50:00.000', '2014-05-06T00:10:00.000'],
    );
  });

  it('takes the day given with --date for the file named, by tag or glob', async () => {
    const { out } = await command([renamed, renamedToo, '--date', 'bpbrm.txt=2014-05-06']);
    assert.match(out, /# \[bpbrm\.txt\] .*day 2014-05-06 given for the first line/);
    assert.match(out, /# \[vnetd\.txt\] .*from the file's modification time/);
    assert.ok(out.includes('2014-05-06T17:46:37.000 [bpbrm.txt]'));
  });

  it('refuses a --date that is not a day, naming the option', async () => {
    await assert.rejects(command([renamed, '--date', 'bpbrm.txt=2014-02-30']), /--date bpbrm\.txt=2014-02-30: expected file=YYYY-MM-DD/);
    assert.equal(parseDay('2014-02-30'), undefined);
    assert.deepEqual(parseDateArgument('a=b=2014-05-05'), { pattern: 'a=b', day: Date.UTC(2014, 4, 5) });
  });
});

describe('timeline: hostile text', () => {
  const evil = '\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\ \u202eevil\u200b \u001b[31mred';
  const file = write('evil/vmkernel.log', [vmk('10:00', evil)]);

  it('prints no escape, bidi or zero-width character raw in text', async () => {
    const { out } = await command([file]);
    assert.ok(!/[\u001b\u202e\u200b]/.test(out), JSON.stringify(out));
    assert.ok(out.includes('click'));
  });

  it('escapes them in JSON, which reads back to the original text', async () => {
    const { out } = await command([file], true);
    assert.ok(!/[\u001b\u202e\u200b]/.test(out));
    const parsed = JSON.parse(out) as { lines: { text: string }[] };
    assert.equal(parsed.lines[0].text, vmk('10:00', evil));
  });
});

describe('timeline: more files than descriptors', () => {
  it('merges 300 files holding few open at once, every line in order', async () => {
    const files: string[] = [];
    for (let i = 0; i < 300; i++) {
      const mm = String(i % 60).padStart(2, '0');
      files.push(write(`many/host${i}/vmkernel.log`, [vmk(`10:${mm}`, `file ${i} first`), vmk(`11:${mm}`, `file ${i} second`)]));
    }
    const openFds = () => fs.readdirSync('/proc/self/fd').length;
    const before = openFds();
    let most = 0;
    let lines = 0;
    let last = 0;
    const { summary } = await mergeToLines(files, { gapMs: 0 });
    // watch descriptors while records flow, through a second merge with a counting sink
    await mergeTimeline(files, { gapMs: 0 }, (e) => {
      if (e.kind !== 'record') return;
      most = Math.max(most, openFds());
      assert.ok(e.time >= last, 'in time order');
      last = e.time;
      lines++;
    });
    assert.equal(summary.records, 600);
    assert.equal(lines, 600);
    assert.ok(most - before < 32, `at most a few files open at once (${most - before} more descriptors than before)`);
  });
});
