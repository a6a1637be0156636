import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parseOffsetArgument, parseTimeBound } from '../../../../server/src/engine/timeline';
import { fixture } from '../../../helpers/paths';
import { mergeToLines, original } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-timeline-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('timeline merge', () => {
  it('orders identical times by input order, then line, and carries continuation lines with their record', async () => {
    const a = fixture('timeline', 'ties', 'hostA', 'bpcd', 'log.050514');
    const b = fixture('timeline', 'ties', 'hostB', 'bpcd', 'log.050514');
    const { text, lines } = await mergeToLines([b, a], { gapMs: 0 });
    assert.deepEqual(text.map(original), [
      '10:00:00.000 [200.1] <2> process_requests: B first',
      '10:00:00.000 [200.1] <2> process_requests: B second',
      '...snip...',
      '10:00:00.000 [100.1] <2> process_requests: A first',
      '...snip...',
      '10:00:00.000 [100.1] <2> process_requests: A second',
      '10:00:01.000 [200.1] <2> process_requests: B third',
      '10:00:01.000 [100.1] <2> process_requests: A third',
    ]);
    // every line knows its file (input order) and its line there
    assert.deepEqual(
      lines.map((l) => [l.source, l.line]),
      [
        [0, 0],
        [0, 1],
        [0, 2],
        [1, 0],
        [1, 1],
        [1, 2],
        [0, 3],
        [1, 3],
      ],
    );
    assert.ok(text[0].startsWith('2014-05-05T10:00:00.000 [hostB/bpcd] '), text[0]);
    assert.ok(text[2].startsWith(' '.repeat(23) + ' [hostB/bpcd] '), 'continuation lines leave the time blank');
  });

  it('merges the two hosts of article 002 and applies a clock offset to every line of the client', async () => {
    const dir = fixture('timeline', 'nbu-two-hosts');
    const timeoutLine = (text: string[]) => text.findIndex((l) => l.includes('vnet_sock_ready: ... 0: Function failed: 11'));
    const handoverLine = (text: string[]) => text.findIndex((l) => l.includes('read_media_msg'));
    const raw = await mergeToLines([dir], { gapMs: 0 });
    assert.deepEqual(
      raw.summary.sources.map((s) => s.tag),
      ['client/bpcd', 'client/vnetd', 'media/bpbrm'],
    );
    assert.ok(raw.text.some((l) => l.startsWith('2014-05-05T17:48:41.611 [client/vnetd] 17:48:41.611 ')));
    const vnetdCreates = (text: string[]) => text.findIndex((l) => l.includes('process_connect_forward_socket: ... 0: ipc_string: 57276'));
    assert.ok(vnetdCreates(raw.text) > handoverLine(raw.text), 'the client clock runs 5 s ahead: its socket seems created after the hand-over');
    const fixed = await mergeToLines([dir], { gapMs: 0, offsets: [parseOffsetArgument('client=-5s')!] });
    assert.ok(
      fixed.text.some((l) => l.startsWith('2014-05-05T17:48:36.611 [client/vnetd] 17:48:41.611 ')),
      'the offset moves the time column, not the original text',
    );
    assert.ok(vnetdCreates(fixed.text) < handoverLine(fixed.text));
    assert.ok(timeoutLine(fixed.text) > handoverLine(fixed.text));
    assert.equal(fixed.summary.sources[1].offsetMs, -5000);
    assert.equal(fixed.summary.lines, 65 + 71 + 65);
  });

  it('filters by --from/--to after the offsets, a time of day meaning the first day', async () => {
    const dir = fixture('timeline', 'nbu-two-hosts');
    const { text } = await mergeToLines([dir], { gapMs: 0, offsets: [parseOffsetArgument('client=-5s')!], from: parseTimeBound('17:50:35'), to: parseTimeBound('2014-05-05T17:50:35') });
    const timed = text.filter((l) => !l.startsWith(' '));
    assert.equal(timed.length, 7, 'the records of 17:50:40.517 on the client clock');
    assert.ok(timed.every((l) => l.startsWith('2014-05-05T17:50:35.517  [client/bpcd] 17:50:40.517 ')));
    assert.ok(text.every((l) => l.includes('[client/bpcd]')));
  });

  it('marks idle gaps longer than the threshold', async () => {
    const dir = fixture('timeline', 'nbu-two-hosts');
    const { text, summary } = await mergeToLines([dir], { gapMs: 60_000, offsets: [parseOffsetArgument('client=-5s')!] });
    const gaps = text.filter((l) => l.includes('[gap]'));
    assert.deepEqual(gaps, [
      '2014-05-05T17:46:37.262          [gap] ··· 1 min 59 s with nothing logged, until 2014-05-05T17:48:36.611 ···',
      '2014-05-05T17:48:36.611          [gap] ··· 1 min 17 s with nothing logged, until 2014-05-05T17:49:54.006 ···',
    ]);
    assert.equal(summary.gaps, 2);
  });

  it('lists files it cannot place instead of dropping them silently', async () => {
    const { summary, text } = await mergeToLines([fixture('timeline', 'mixed')]);
    const byTag = new Map(summary.sources.map((s) => [s.tag, s]));
    assert.match(byTag.get('collection-notes.txt')!.unplaced!, /no log family recognised/);
    // a NetBackup log renamed without its date is placed on its modification day, and says so
    const undated = byTag.get('undated/bpbrm/bpbrm.txt')!;
    assert.equal(undated.unplaced, undefined);
    assert.equal(undated.dayFrom, 'mtime');
    assert.match(undated.basis!, /from the file's modification time: its name gives no date/);
    assert.equal(byTag.get('dated/bpcd')!.unplaced, undefined);
    assert.equal(text.filter((l) => l.includes('[dated/bpcd]')).length, 4);
    assert.equal(text.filter((l) => l.includes('[undated/bpbrm/bpbrm.txt]')).length, undated.lines);
  });

  it('gives a year-less log its year from the modification time and rolls over at New Year', async () => {
    const file = path.join(tmp, 'messages');
    fs.copyFileSync(fixture('timeline', 'rollover', 'messages'), file);
    const mtime = new Date(Date.UTC(2017, 0, 1, 0, 20));
    fs.utimesSync(file, mtime, mtime);
    const { text, summary } = await mergeToLines([file], { gapMs: 0 });
    assert.deepEqual(
      text.map((l) => l.slice(0, 23)),
      ['2016-12-31T23:58:01.000', '2016-12-31T23:59:59.000', '2017-01-01T00:00:01.000', '2016-12-31T23:59:59.000', '2017-01-01T00:10:01.000'],
    );
    assert.match(summary.sources[0].basis!, /^year 2016 .*then 2017/);
    const given = await mergeToLines([file], { gapMs: 0, year: 2020 });
    assert.equal(given.text[2].slice(0, 23), '2021-01-01T00:00:01.000');
  });

  it('reads a file no family claims by the date and time its lines start with', async () => {
    const file = path.join(tmp, 'app.txt');
    fs.writeFileSync(file, '2017-05-21 10:15:00,123 INFO start\n  continued\n2017-05-21T10:15:02Z WARN next\n');
    const { text, summary } = await mergeToLines([file], { gapMs: 0 });
    assert.equal(summary.sources[0].format, null);
    assert.deepEqual(
      text.map((l) => l.slice(0, 23)),
      ['2017-05-21T10:15:00.123', ' '.repeat(23), '2017-05-21T10:15:02.000'],
    );
  });

  it('cuts a huge record into pieces that stay together, and lists an unreadable file', async () => {
    const file = path.join(tmp, 'log.050514');
    const backtrace = Array.from({ length: 1000 }, (_, i) => `...frame ${i}`).join('\n');
    fs.writeFileSync(file, `10:00:00.000 [1.1] <2> a: start\n${backtrace}\n10:00:00.500 [1.1] <2> a: end\n`);
    const other = path.join(tmp, 'other', 'log.050514');
    fs.mkdirSync(path.dirname(other));
    fs.writeFileSync(other, '10:00:00.000 [2.2] <2> b: between?\n');
    const binary = path.join(tmp, 'core.bin');
    fs.writeFileSync(binary, Buffer.from([0x7f, 0x45, 0, 0, 1]));
    const { text, summary } = await mergeToLines([file, other, binary], { gapMs: 0 });
    assert.equal(text.length, 1003);
    assert.ok(text[1000].endsWith('...frame 999'), 'the pieces of one record are not split by another file');
    assert.ok(text[1001].endsWith('b: between?'));
    assert.equal(summary.records, 3);
    assert.match(summary.sources[2].unreadable!, /binary/);
  });
});
