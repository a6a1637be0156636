import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatOffset,
  globMatchesPath,
  offsetFor,
  offsetRulesFromSeconds,
  parseDuration,
  parseOffsetArgument,
  parseTimeBound,
  placeBound,
  sourceTags,
  splitTimelineLine,
  TimeResolver,
  timeKind,
} from '../../../../server/src/engine/timeline';
import { yearFromHead } from '../../../../server/src/engine/timeline/genericTime';
import { yearEvidence, yearShift } from '../../../../server/src/engine/timeline/yearEvidence';
import { formatById } from '../../../../server/src/engine';

const Y1972 = (month: number, day: number, h = 0, m = 0, s = 0) => Date.UTC(1972, month, day, h, m, s);

describe('timeline: durations and bounds', () => {
  it('reads signed durations with units, a bare number being seconds', () => {
    assert.equal(parseDuration('+5s'), 5000);
    assert.equal(parseDuration('-5s'), -5000);
    assert.equal(parseDuration('1.5m'), 90_000);
    assert.equal(parseDuration('250ms'), 250);
    assert.equal(parseDuration('2h'), 7_200_000);
    assert.equal(parseDuration('90'), 90_000);
    assert.equal(parseDuration('5 parsecs'), undefined);
    assert.equal(parseDuration(''), undefined);
  });

  it('prints offsets for people', () => {
    assert.equal(formatOffset(-5000), '-5 s');
    assert.equal(formatOffset(3_690_000), '+1 h 1 min 30 s');
    assert.equal(formatOffset(250), '+250 ms');
  });

  it('reads --from/--to as spans of the precision given', () => {
    assert.deepEqual(parseTimeBound('2014-05-05T17:50'), { kind: 'absolute', start: Date.UTC(2014, 4, 5, 17, 50), end: Date.UTC(2014, 4, 5, 17, 50, 59, 999) });
    assert.deepEqual(parseTimeBound('2014-05-05 17:50:36.1'), { kind: 'absolute', start: Date.UTC(2014, 4, 5, 17, 50, 36, 100), end: Date.UTC(2014, 4, 5, 17, 50, 36, 199) });
    assert.equal(parseTimeBound('2014-05-05')!.end, Date.UTC(2014, 4, 5, 23, 59, 59, 999));
    const tod = parseTimeBound('17:50')!;
    assert.equal(tod.kind, 'timeOfDay');
    assert.deepEqual(placeBound(tod, Date.UTC(2014, 4, 5, 9)), { start: Date.UTC(2014, 4, 5, 17, 50), end: Date.UTC(2014, 4, 5, 17, 50, 59, 999) });
    assert.equal(parseTimeBound('2014-02-30'), undefined);
    assert.equal(parseTimeBound('25:00'), undefined);
    assert.equal(parseTimeBound('yesterday'), undefined);
  });
});

describe('timeline: clock offsets', () => {
  it('matches globs anywhere below the root, folders naming their files', () => {
    const p = '/cases/123/client/vnetd/log.050514';
    assert.ok(globMatchesPath('client/vnetd', p));
    assert.ok(globMatchesPath('client', p));
    assert.ok(globMatchesPath('**/vnetd/*.050514', p));
    assert.ok(globMatchesPath('log.05051?', p));
    assert.ok(globMatchesPath('/cases/*/client/**', p));
    assert.ok(!globMatchesPath('media', p));
    assert.ok(!globMatchesPath('/client/**', p));
    assert.ok(!globMatchesPath('*.log', p));
    assert.ok(globMatchesPath('*.log', 'C:\\logs\\app.log'));
  });

  it('takes the first rule whose pattern is the tag or matches the path', () => {
    const rules = [parseOffsetArgument('client/vnetd=-5s')!, parseOffsetArgument('client=+2s')!];
    assert.equal(offsetFor('/b/client/vnetd/log.050514', 'client/vnetd', rules), -5000);
    assert.equal(offsetFor('/b/client/bpcd/log.050514', 'client/bpcd', rules), 2000);
    assert.equal(offsetFor('/b/media/bpbrm/log.050514', 'media/bpbrm', rules), 0);
    assert.equal(parseOffsetArgument('nonsense'), undefined);
    assert.deepEqual(parseOffsetArgument('a=b=1.5s'), { pattern: 'a=b', ms: 1500 });
    assert.deepEqual(offsetRulesFromSeconds({ '**/client/**': -5, bad: 'x' }), [{ pattern: '**/client/**', ms: -5000 }]);
  });
});

describe('timeline: source tags', () => {
  it('uses the path below the shared folder, without NetBackup dated names', () => {
    assert.deepEqual(sourceTags(['/c/media/bpbrm/log.050514', '/c/client/bpcd/log.050514', '/c/client/vnetd/log.050514']), ['media/bpbrm', 'client/bpcd', 'client/vnetd']);
    assert.deepEqual(sourceTags(['/x/netbackup/logs/bpbrm/log.050514']), ['bpbrm']);
    assert.deepEqual(sourceTags(['/b/var/log/SMlog', '/b/var/log/xensource.log']), ['SMlog', 'xensource.log']);
  });

  it('keeps tags unique and free of brackets and spaces', () => {
    const tags = sourceTags(['/c/bpbrm/log.050514', '/c/bpbrm/log.050614', '/c/my log [1].txt', '/c/gap']);
    assert.deepEqual(tags.slice(0, 2), ['bpbrm/log.050514', 'bpbrm/log.050614']);
    assert.equal(tags[2], 'my_log__1_.txt');
    assert.notEqual(tags[3], 'gap');
    assert.equal(new Set(tags).size, tags.length);
  });

  it('cuts long paths to their last folders', () => {
    const [tag] = sourceTags(['/a/very-long-folder-name-number-one/another-long-folder/server_log', '/a/x/y']);
    assert.ok(tag.length <= 28, tag);
    assert.ok(tag.endsWith('server_log'));
  });
});

describe('timeline: time resolution', () => {
  it('tells full, year-less and time-of-day times apart', () => {
    assert.equal(timeKind(Date.UTC(2014, 4, 5)), 'absolute');
    assert.equal(timeKind(Y1972(4, 21, 10, 15, 1)), 'yearless');
    assert.equal(timeKind(61_000), 'timeOfDay');
  });

  it('gives year-less stamps the modification year, the year before when the first line is later in the year', () => {
    const mtime = Date.UTC(2017, 0, 2, 8);
    const r = new TimeResolver({ mtime });
    assert.equal(r.resolve(Y1972(11, 31, 23, 59, 59)), Date.UTC(2016, 11, 31, 23, 59, 59));
    assert.equal(r.resolve(Y1972(0, 1, 0, 0, 1)), Date.UTC(2017, 0, 1, 0, 0, 1), 'December -> January is a new year');
    assert.equal(r.resolve(Y1972(11, 31, 23, 59, 58)), Date.UTC(2016, 11, 31, 23, 59, 58), 'a late December line stays in the old year');
    assert.equal(r.resolve(Y1972(0, 1, 0, 10, 1)), Date.UTC(2017, 0, 1, 0, 10, 1));
    assert.match(r.basis!, /modification time/);
  });

  it('does not take a reordered line at a month boundary for a new year', () => {
    const r = new TimeResolver({ year: 2017 });
    assert.equal(r.resolve(Y1972(3, 1, 0, 0, 1)), Date.UTC(2017, 3, 1, 0, 0, 1));
    assert.equal(r.resolve(Y1972(2, 31, 23, 59, 59)), Date.UTC(2017, 2, 31, 23, 59, 59));
    assert.equal(r.resolve(Y1972(3, 1, 0, 0, 2)), Date.UTC(2017, 3, 1, 0, 0, 2));
  });

  it('prefers the user year, then a date written in the log, to the modification time', () => {
    assert.equal(new TimeResolver({ year: 2015, mtime: Date.UTC(2020, 5, 1) }).resolve(Y1972(4, 21)), Date.UTC(2015, 4, 21));
    assert.equal(new TimeResolver({ logYear: { year: 2017, line: 3 }, mtime: Date.UTC(2020, 5, 1) }).resolve(Y1972(4, 21)), Date.UTC(2017, 4, 21));
    const shifted = new TimeResolver({ mtime: Date.UTC(2026, 10, 1), yearShift: -9 });
    assert.equal(shifted.resolve(Y1972(4, 21)), Date.UTC(2017, 4, 21));
  });

  it('places time-of-day stamps on the day of the file name and rolls over midnight', () => {
    const day = Date.UTC(2014, 4, 5);
    const r = new TimeResolver({ context: { day } });
    assert.equal(r.resolve((23 * 3600 + 59 * 60) * 1000), day + (23 * 3600 + 59 * 60) * 1000);
    assert.equal(r.resolve(5000), day + 86_400_000 + 5000);
    // no date anywhere: times of day alone, which the merge keeps only beside other such files
    const undated = new TimeResolver({});
    assert.equal(undated.resolve(5000), 5000);
    assert.equal(undated.timeOfDayOnly, true);
    assert.match(undated.basis!, /time of day only/);
    const given = new TimeResolver({ date: Date.UTC(2014, 4, 6), mtime: Date.UTC(2020, 0, 1) });
    assert.equal(given.resolve(5000), Date.UTC(2014, 4, 6) + 5000);
    assert.equal(given.dayFrom, 'given');
  });

  it('finds the year a log writes in full on a line of the same day', () => {
    const head = [
      'May 21 10:15:01 h VMSS: [1] Processing policy: p',
      'May 21 10:16:02 h VMSS: [1] message about 2016-01-01 10:00 is not it',
      'May 21 10:18:03 h VMSS: [1] snapshot start time: 2017-05-21 10:15:01.899450, end time: 2017-05-21 10:18:03.363721',
    ].join('\n');
    assert.deepEqual(yearFromHead(head), { year: 2017, line: 2 });
    assert.deepEqual(yearFromHead('Dec 31 23:59:59 h VMSS: [1] x\nJan  1 00:00:05 h VMSS: [1] at 2018-01-01 00:00:05'), { year: 2017, line: 1 });
    assert.equal(yearFromHead('May 21 10:15:01 h VMSS: [1] nothing'), undefined);
  });

  it('corrects modification years by what a log that writes its year says', () => {
    const vmss = formatById('xenserver-vmss-log');
    const mtime = Date.UTC(2026, 10, 22);
    const witness = yearEvidence('May 21 10:18:03 h VMSS: [1] snapshot start time: 2017-05-21 10:15:01.899450, end', vmss, mtime);
    assert.deepEqual(witness, { logYear: 2017, mtimeYear: 2026 });
    assert.equal(yearShift([{ mtimeYear: 2026 }, witness]), -9);
    assert.equal(yearShift([{ mtimeYear: 2026 }]), 0);
  });
});

describe('timeline: line shape', () => {
  it('finds the tag and the original text of timed lines, continuation lines and gap markers', () => {
    const timed = '2014-05-05T17:46:37.262  [media/bpbrm] 17:46:37.262 [1660.4296] <2> bpbrm ...';
    const p = splitTimelineLine(timed)!;
    assert.equal(timed.slice(p.tagStart, p.tagEnd), 'media/bpbrm');
    assert.equal(timed.slice(p.textStart), '17:46:37.262 [1660.4296] <2> bpbrm ...');
    assert.equal(p.timed, true);
    const cont = ' '.repeat(23) + ' [media/bpbrm] ...snip...';
    assert.equal(cont.slice(splitTimelineLine(cont)!.textStart), '...snip...');
    assert.equal(splitTimelineLine(cont)!.timed, false);
    assert.equal(splitTimelineLine('17:46:37.262 [1660.4296] <2> bpbrm'), undefined);
    assert.equal(splitTimelineLine('# [bpbrm] /path: netbackup-legacy-log'), undefined);
  });
});
