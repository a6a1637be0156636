import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat, formatById } from '../../../../server/src/engine';
import { vmssMessageLevel } from '../../../../server/src/engine/formats/xenserverVmss';
import { isPartialTime } from '../../../../server/src/engine/formats/syslogPrefix';
import { readFixture } from '../../../helpers/paths';
import { parseRecords, slice } from '../../../helpers/records';

const vmss = formatById('xenserver-vmss-log')!;
const article = readFixture('xenserver', 'article-003', 'VMSSlog');
const variant = readFixture('xenserver', 'variants', 'VMSSlog.1');
const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

describe('xenserver-vmss-log detection', () => {
  it('claims the article excerpt by content alone and by its name', () => {
    const d = detectFormat('upload.txt', article);
    assert.equal(d?.format.id, 'xenserver-vmss-log');
    assert.equal(d?.score, 1);
    assert.equal(detectFormat('/var/log/VMSSlog', article)?.byName, true);
    assert.equal(detectFormat('/var/log/VMSSlog.1', variant)?.format.id, 'xenserver-vmss-log');
  });

  it('wins over plain syslog, which reads the same lines', () => {
    assert.ok(formatById('syslog')!.recordStart.test(article.split('\n')[0]));
    assert.equal(detectFormat('/var/log/messages', article)?.format.id, 'xenserver-vmss-log');
  });

  it('leaves a messages file with one stray VMSS line to syslog', () => {
    const text = 'May 21 10:15:01 xrtuk-09-11 crond[1]: (root) CMD (true)\n'.repeat(9) + article.split('\n')[0] + '\n';
    assert.equal(detectFormat('/var/log/messages', text)?.format.id, 'syslog');
  });
});

describe('xenserver-vmss-log records', () => {
  it('splits stamp, VMSS, the run pid and the message', () => {
    const line = 'May 21 10:15:01 xrtuk-09-11 VMSS: [10123] Processing policy: 7b10ea29-ab0c-af14-a116-ae293560f404';
    const r = vmss.parse(line, { year: 2017 })!;
    assert.equal(slice(line, r.timeRange), 'May 21 10:15:01');
    assert.equal(iso(r.time), '2017-05-21T10:15:01.000Z');
    assert.equal(r.timeZone, 'local');
    assert.equal(r.component, 'VMSS');
    assert.equal(slice(line, r.componentRange), 'VMSS');
    assert.equal(r.thread, '10123');
    assert.equal(slice(line, r.threadRange), '10123');
    assert.equal(slice(line, r.messageRange), 'Processing policy: 7b10ea29-ab0c-af14-a116-ae293560f404');
    assert.equal(r.level, undefined);
  });

  it('without a year gives the documented placeholder year, flagged as partial', () => {
    const r = vmss.parse('May 21 10:15:01 xrtuk-09-11 VMSS: [10097] ===Kicking cron job for VMSS===')!;
    assert.equal(iso(r.time), '1972-05-21T10:15:01.000Z');
    assert.ok(isPartialTime(r.time!));
  });

  it('reads the severity from the XCData message type and the VMSS_* code', () => {
    assert.equal(vmssMessageLevel('<XCData><messagetype>info</messagetype><message>VMSS_SNAPSHOT_SUCCEEDED</message></XCData>'), 'info');
    assert.equal(vmssMessageLevel('<messagetype>error</messagetype>'), 'error');
    assert.equal(vmssMessageLevel('<messagetype>warn</messagetype><message>VMSS_SNAPSHOT_LOCK_FAILED</message>'), 'warning');
    assert.equal(vmssMessageLevel('VMSS_SNAPSHOT_MISSED_EVENT: A scheduled snapshot event was missed'), 'warning');
    assert.equal(vmssMessageLevel('VMSS_XAPI_LOGON_FAILURE: Could not login'), 'error');
    assert.equal(vmssMessageLevel('Processing VM: e2a06f32-d4ad-316f-ef20-4e4541a5a453'), undefined);
  });

  it('parses every line of the article into one record per line, the run pids as threads', () => {
    const { records, orphans } = parseRecords(vmss, article, { year: 2017 });
    assert.deepEqual(orphans, []);
    assert.equal(records.length, 20);
    assert.ok(records.every((r) => r.continuation.length === 0));
    assert.deepEqual([...new Set(records.map((r) => r.record.thread))], ['10097', '10123']);
    const levels = records.filter((r) => r.record.level).map((r) => r.record.level);
    assert.deepEqual(levels, ['info']);
    const first = records[0].record.time!;
    const last = records[records.length - 1].record.time!;
    assert.equal((last - first) / 1000, 182);
  });

  it('keeps a wrapped XCData alert as one record with its continuation lines', () => {
    const { records } = parseRecords(vmss, variant);
    const failed = records.find((r) => r.record.level === 'error')!;
    assert.match(failed.text, /<messagetype>error<\/messagetype>$/);
    assert.deepEqual(failed.continuation, ["<message>VMSS_SNAPSHOT_FAILED</message><error>['SR_BACKEND_FAILURE_44', '', 'There is insufficient space']</error>", '</XCData>']);
    assert.deepEqual(
      records.map((r) => r.record.level ?? '-'),
      ['-', '-', '-', 'error', '-', 'warning', 'warning', '-', 'error'],
    );
  });

  it('reads CRLF, a missing final newline and an empty file', () => {
    assert.ok(!variant.endsWith('\n'));
    const lf = parseRecords(vmss, variant).records;
    const crlf = parseRecords(vmss, variant.replace(/\n/g, '\r\n')).records;
    assert.equal(crlf.length, lf.length);
    assert.equal(crlf[crlf.length - 1].text, 'May 22 02:30:02 xrtuk-09-11 VMSS: [22471] VMSS_XAPI_LOGON_FAILURE: Could not login to API session.');
    assert.deepEqual(parseRecords(vmss, '').records, []);
    assert.equal(detectFormat('VMSSlog', ''), undefined);
  });

  it('is not confused by other programs or by syslog lines of VMSS-like names', () => {
    assert.equal(vmss.parse('May 21 10:15:01 xrtuk-09-11 VMSSX: [1] x'), undefined);
    assert.equal(vmss.parse('May 21 10:15:01 xrtuk-09-11 SM: [1] x'), undefined);
    assert.equal(vmss.parse('<message>VMSS_SNAPSHOT_FAILED</message>'), undefined);
  });
});
