import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat, formatById } from '../../../../server/src/engine';
import { isPartialTime, UNKNOWN_YEAR } from '../../../../server/src/engine/formats/syslogPrefix';
import { readFixture } from '../../../helpers/paths';
import { parseRecords, slice } from '../../../helpers/records';

const syslog = formatById('syslog')!;
const cron = readFixture('xenserver', 'article-003', 'cron');
const rollover = readFixture('xenserver', 'variants', 'messages-rollover');
const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

describe('syslog records', () => {
  it('splits the article cron line: stamp, program, pid, message', () => {
    const line = cron.trimEnd();
    const r = syslog.parse(line, { year: 2017 })!;
    assert.equal(iso(r.time), '2017-05-18T14:00:01.000Z');
    assert.equal(slice(line, r.timeRange), 'May 18 14:00:01');
    assert.equal(r.component, 'CROND');
    assert.equal(slice(line, r.componentRange), 'CROND');
    assert.equal(r.thread, '17114');
    assert.equal(slice(line, r.threadRange), '17114');
    assert.match(slice(line, r.messageRange)!, /^\(root\) CMD \(python -c 'import imp; vmss = /);
    assert.equal(r.level, undefined);
  });

  it('reads a tag with parentheses, a missing host, a single-digit day and a line without tag', () => {
    const pam = 'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown';
    const a = syslog.parse(pam)!;
    assert.equal(a.component, 'sshd(pam_unix)');
    assert.equal(a.thread, '19939');
    assert.equal(slice(pam, a.messageRange), 'check pass; user unknown');
    const hostless = 'Aug 16 20:09:17 kernel: eth0: link up';
    const b = syslog.parse(hostless)!;
    assert.equal(b.component, 'kernel');
    assert.equal(slice(hostless, b.messageRange), 'eth0: link up');
    const short = 'Mar 1 08:53:36 host.example ntpd[1187]: synchronized';
    assert.equal(iso(syslog.parse(short, { year: 2011 })!.time), '2011-03-01T08:53:36.000Z');
    const padded = 'Mar  1 08:53:36 host.example ntpd[1187]: synchronized';
    assert.equal(iso(syslog.parse(padded, { year: 2011 })!.time), '2011-03-01T08:53:36.000Z');
    const repeated = 'Jun 14 15:16:02 combo last message repeated 3 times';
    const c = syslog.parse(repeated)!;
    assert.equal(c.component, undefined);
    assert.equal(slice(repeated, c.messageRange), 'last message repeated 3 times');
  });

  it('without a year uses the placeholder year (a leap year, so Feb 29 stays valid)', () => {
    assert.equal(UNKNOWN_YEAR, 1972);
    const t = syslog.parse('Feb 29 12:00:00 h p: x')!.time!;
    assert.equal(iso(t), '1972-02-29T12:00:00.000Z');
    assert.ok(isPartialTime(t));
    assert.ok(!isPartialTime(syslog.parse('Feb 29 12:00:00 h p: x', { year: 2016 })!.time!));
  });

  it('across Dec 31 -> Jan 1 each line keeps the given year, so time steps back (the timeline resolves it)', () => {
    const { records } = parseRecords(syslog, rollover, { year: 2016 });
    const times = records.map((r) => iso(r.record.time));
    assert.deepEqual(times, ['2016-12-31T23:59:58.000Z', '2016-12-31T23:59:59.000Z', '2016-01-01T00:00:01.000Z', '2016-01-01T00:00:02.000Z']);
    assert.ok(records[2].record.time! < records[1].record.time!);
    const placeholder = parseRecords(syslog, rollover).records.map((r) => r.record.time!);
    assert.ok(placeholder.every(isPartialTime));
    assert.equal(records[3].record.component, 'run-parts(/etc/cron.hourly)');
  });

  it('handles CRLF, a missing final newline, continuation lines and an empty file', () => {
    const text = rollover.replace(/\n/g, '\r\n').trimEnd() + '\r\n  a wrapped tail';
    const { records } = parseRecords(syslog, text);
    assert.equal(records.length, 4);
    assert.deepEqual(records[3].continuation, ['  a wrapped tail']);
    assert.deepEqual(parseRecords(syslog, '').records, []);
  });
});

describe('syslog detection', () => {
  it('claims /var/log/cron and other plain syslog files', () => {
    const d = detectFormat('/var/log/cron', cron);
    assert.equal(d?.format.id, 'syslog');
    assert.equal(d?.byName, true);
    assert.equal(detectFormat('upload.txt', rollover)?.format.id, 'syslog');
    assert.equal(detectFormat('/var/log/cron-20170521', cron)?.byName, true);
  });
});
