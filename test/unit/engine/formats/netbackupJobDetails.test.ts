import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, detectFormat, formatById, outline } from '../../../../server/src/engine';
import { jobDetailsDayFirst, type JobDetailsContext } from '../../../../server/src/engine/formats/netbackupJobDetails';
import { readFixture } from '../../../helpers/paths';
import { parseRecords, slice } from '../../../helpers/records';

const jd = formatById('netbackup-job-details')!;
const read = (name: string) => readFixture('netbackup', 'jobdetails', name);
const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString().slice(0, 19));
const timeOf = (line: string, context?: JobDetailsContext) => iso(jd.parse(line, context)?.time);

describe('netbackup-job-details detection', () => {
  it('claims each fixture by content alone, whatever its locale', () => {
    for (const name of ['us_partial_success.txt', 'dayfirst_tape_84.txt', 'de_ampm_success.txt']) {
      const d = detectFormat('pasted.txt', read(name));
      assert.equal(d?.format.id, 'netbackup-job-details', name);
      assert.equal(d?.byName, false);
    }
  });

  it('weighs names like jobdetails.txt, job_details_4711.log and detailed-status.txt', () => {
    const head = 'copied from the console\n04/12/2019 10:00:01 - connecting\n' + 'x\n'.repeat(8);
    for (const name of ['jobdetails.txt', 'job_details_4711.log', 'Detailed-Status.txt']) assert.equal(detectFormat(name, head)?.byName, true, name);
    assert.equal(detectFormat('notes.txt', head), undefined);
  });

  it('does not take the lines of other families or look-alikes', () => {
    for (const line of [
      '17:50:04.006 [5592.5372] <2> vnet_async_connect: ... 0: connect in progress: 1 0x00000001',
      '2015-05-05 12:10:10: 26041581568: NDMP: 6: Active NDMP backup/restore streams: 1',
      '2019-04-12 10:00:01,123 - app.worker - INFO - job started',
      'Jun 14 15:16:01 web2 kernel: e1000: eth0 NIC Link is Up 1000 Mbps Full Duplex',
      '04/12/2019 10:00:01 Info nbjm started',
      '04/12/2019 - connecting',
    ])
      assert.equal(jd.recordStart.test(line), false, line);
  });
});

describe('netbackup-job-details records', () => {
  it('splits stamp, severity, process, pid and message with exact ranges', () => {
    const line = '04/12/2019 10:01:12 - Error bpbrm (pid=5678) from client fs01: ERR - failure reading file';
    const r = jd.parse(line)!;
    assert.equal(slice(line, r.timeRange), '04/12/2019 10:01:12');
    assert.equal(slice(line, r.levelRange), 'Error');
    assert.equal(r.level, 'error');
    assert.equal(slice(line, r.componentRange), 'bpbrm');
    assert.equal(slice(line, r.threadRange), '5678');
    assert.equal(slice(line, r.messageRange), 'from client fs01: ERR - failure reading file');
    assert.equal(r.timeZone, 'local');
  });

  it('reads the severities: Critical and Error as errors, Warning as a warning, Info as info', () => {
    const level = (sev: string) => jd.parse(`04/12/2019 10:01:12 - ${sev} bptm (pid=1) x`)?.level;
    assert.deepEqual(['Critical', 'Error', 'Warning', 'Info'].map(level), ['error', 'error', 'warning', 'info']);
    const phase = jd.parse('04/12/2019 10:01:14 - end writing; write time: 0:01:09')!;
    assert.equal(phase.component, undefined);
    assert.equal(slice('04/12/2019 10:01:14 - end writing; write time: 0:01:09', phase.messageRange), 'end writing; write time: 0:01:09');
  });

  it('reads US, ISO, dotted, month-name and long stamps, 12-hour clocks included', () => {
    assert.equal(timeOf('04/12/2019 10:00:01 - connecting'), '2019-04-12T10:00:01');
    assert.equal(timeOf('2019-04-12 10:00:01 - connecting'), '2019-04-12T10:00:01');
    assert.equal(timeOf('12.04.2019 10:00:01 - connecting'), '2019-04-12T10:00:01');
    assert.equal(timeOf('29.jan.2021 03:02:43 - connecting'), '2021-01-29T03:02:43');
    assert.equal(timeOf('29.Okt.2021 03:02:43 - connecting'), '2021-10-29T03:02:43');
    assert.equal(timeOf('Dec 17, 2021 12:00:20 PM - connecting'), '2021-12-17T12:00:20');
    assert.equal(timeOf('Dec 17, 2021 12:00:20 AM - connecting'), '2021-12-17T00:00:20');
    assert.equal(timeOf('4/2/2019 1:15:02 PM - connecting'), '2019-04-02T13:15:02');
    assert.equal(timeOf('12.04.2019 1:15:02 pm - connecting'), '2019-04-12T13:15:02');
  });

  it('reads slash dates day first where the date or the text says so', () => {
    assert.equal(timeOf('13/04/2019 22:00:01 - connecting'), '2019-04-13T22:00:01');
    assert.equal(timeOf('12/04/2019 22:00:01 - connecting'), '2019-12-04T22:00:01');
    assert.equal(timeOf('12/04/2019 22:00:01 - connecting', { dayFirst: true }), '2019-04-12T22:00:01');
    assert.equal(jobDetailsDayFirst(read('dayfirst_tape_84.txt')), true);
    assert.equal(jobDetailsDayFirst(read('us_partial_success.txt')), undefined);
    assert.equal(jobDetailsDayFirst('12/04/2019 10:00:00 - a\n04/13/2019 10:00:00 - b\n13/04/2019 10:00:00 - c\n'), false);
    // the scanner takes the day-first reading from the file's head
    const { firstTime } = analyzeText('job.txt', read('dayfirst_tape_84.txt'));
    assert.equal(iso(firstTime), '2019-04-12T23:59:58');
  });

  it('gives impossible dates and clocks no time, but keeps the record', () => {
    for (const line of ['31/02/2019 10:00:01 - x', '2019-13-01 10:00:01 - x', '04/12/2019 13:00:01 PM - x', '04/12/2019 24:00:01 - x']) {
      const r = jd.parse(line);
      assert.ok(r, line);
      assert.equal(r!.time, undefined, line);
    }
  });

  it('keeps the unstamped final status line with the record before it', () => {
    const { records, orphans } = parseRecords(jd, read('us_partial_success.txt'));
    assert.deepEqual(orphans, []);
    assert.deepEqual(records[records.length - 1].continuation, ['the requested operation was partially successful  (1)']);
  });
});

describe('netbackup-job-details outline', () => {
  it('outlines the job and its phases', () => {
    const o = outline(read('us_partial_success.txt'), jd);
    assert.deepEqual(
      o.symbols.map((s) => [s.name, s.kind]),
      [['job 12', 'job']],
    );
    assert.deepEqual(
      o.symbols[0].children.map((s) => [s.name, s.kind, s.startLine]),
      [
        ['Parent Job', 'phase', 5],
        ['writing', 'phase', 9],
      ],
    );
  });

  it('outlines an excerpt without its first line as one job', () => {
    const o = outline('29.jan.2021 03:01:12 - begin writing\n29.jan.2021 03:02:43 - Critical bptm (pid=50205) get frag failed\n', jd);
    assert.deepEqual(
      o.symbols.map((s) => s.name),
      ['job (start not shown)'],
    );
    assert.deepEqual(
      o.symbols[0].children.map((s) => [s.name, s.endLine]),
      [['writing', 1]],
    );
  });
});
