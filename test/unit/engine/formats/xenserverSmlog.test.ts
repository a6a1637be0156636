import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat, formatById } from '../../../../server/src/engine';
import { readFixture } from '../../../helpers/paths';
import { parseRecords, slice } from '../../../helpers/records';

const sm = formatById('xenserver-smlog')!;
const text = readFixture('xenserver', 'variants', 'SMlog');
const legacy = readFixture('xenserver', 'legacy', 'SMlog');
const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

describe('xenserver-smlog detection', () => {
  it('claims SMlog by content and by name, both line shapes', () => {
    assert.equal(detectFormat('upload.txt', text)?.format.id, 'xenserver-smlog');
    assert.equal(detectFormat('/var/log/SMlog', text)?.byName, true);
    assert.equal(detectFormat('upload.txt', legacy)?.format.id, 'xenserver-smlog');
  });
});

describe('xenserver-smlog records', () => {
  it('splits stamp, SM, pid and message', () => {
    const line = 'May 22 02:14:40 xrtuk-09-11 SM: [30412] lock: opening lock file /var/lock/sm/4a1c7c3e/sr';
    const r = sm.parse(line, { year: 2017 })!;
    assert.equal(iso(r.time), '2017-05-22T02:14:40.000Z');
    assert.equal(r.component, 'SM');
    assert.equal(slice(line, r.componentRange), 'SM');
    assert.equal(r.thread, '30412');
    assert.equal(slice(line, r.threadRange), '30412');
    assert.equal(slice(line, r.messageRange), 'lock: opening lock file /var/lock/sm/4a1c7c3e/sr');
    assert.equal(r.level, undefined);
  });

  it('marks the exception lines as errors and nothing else', () => {
    const { records } = parseRecords(sm, text);
    assert.equal(records.length, 11);
    const errors = records.filter((r) => r.record.level === 'error').map((r) => slice(r.text, r.record.messageRange));
    assert.deepEqual(errors, ['Raising exception [44, There is insufficient space]', "***** LVHD over iSCSI: EXCEPTION <class 'SR.SROSError'>, There is insufficient space", '         *  E X C E P T I O N  *']);
    assert.deepEqual([...new Set(records.map((r) => r.record.component))], ['SM', 'SMGC']);
  });

  it('reads the older "[pid] YYYY-MM-DD hh:mm:ss.ffffff" lines with their full date', () => {
    const { records } = parseRecords(sm, legacy);
    assert.equal(records.length, 3);
    const [first, , last] = records;
    assert.equal(first.record.thread, '4168');
    assert.equal(slice(first.text, first.record.threadRange), '4168');
    assert.equal(slice(first.text, first.record.timeRange), '2012-10-29 23:25:50.145457');
    assert.equal(iso(first.record.time), '2012-10-29T23:25:50.145Z');
    assert.equal(slice(first.text, first.record.messageRange), 'Setting LVM_DEVICE to /dev/disk/by-scsid/1494554000000000031f4d7f7ba60cab');
    assert.equal(last.record.level, 'error');
  });

  it('handles CRLF and an empty file', () => {
    assert.equal(parseRecords(sm, text.replace(/\n/g, '\r\n')).records.length, 11);
    assert.deepEqual(parseRecords(sm, '').records, []);
  });
});
