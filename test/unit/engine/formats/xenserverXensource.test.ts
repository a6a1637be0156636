import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat, formatById } from '../../../../server/src/engine';
import { readFixture } from '../../../helpers/paths';
import { parseRecords, slice } from '../../../helpers/records';

const xs = formatById('xenserver-xensource-log')!;
const text = readFixture('xenserver', 'variants', 'xensource.log');
const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

describe('xenserver-xensource-log detection', () => {
  it('claims xensource.log by content and by name, over syslog', () => {
    assert.equal(detectFormat('upload.txt', text)?.format.id, 'xenserver-xensource-log');
    const named = detectFormat('/var/log/xensource.log.1', text);
    assert.equal(named?.format.id, 'xenserver-xensource-log');
    assert.equal(named?.byName, true);
  });

  it('does not claim plain syslog lines', () => {
    assert.equal(xs.recordStart.test('May 18 14:00:01 xrtuk-12-07 CROND[17114]: (root) CMD (true)'), false);
    assert.equal(xs.recordStart.test('Jul 29 16:37:08 ng02 SM: [27183] lock: acquired /var/lock/sm/.nil/lvm'), false);
  });
});

describe('xenserver-xensource-log records', () => {
  it('splits level, thread id, task and module from the bracket', () => {
    const line = "May 21 10:15:03 xrtuk-09-11 xapi: [debug|xrtuk-09-11|4420 UNIX /var/lib/xcp/xapi|VM.snapshot R:7c3f90b2d114|audit] VM.snapshot: VM = 'e2a06f32'";
    const r = xs.parse(line, { year: 2017 })!;
    assert.equal(iso(r.time), '2017-05-21T10:15:03.000Z');
    assert.equal(slice(line, r.timeRange), 'May 21 10:15:03');
    assert.equal(r.level, 'debug');
    assert.equal(slice(line, r.levelRange), 'debug');
    assert.equal(r.thread, '4420');
    assert.equal(slice(line, r.threadRange), '4420');
    assert.equal(r.component, 'audit');
    assert.equal(slice(line, r.componentRange), 'audit');
    assert.equal(slice(line, r.messageRange), "VM.snapshot: VM = 'e2a06f32'");
  });

  it('reads right-aligned " info" and " warn", error, and an empty thread name and task', () => {
    const info = 'Jul 29 16:36:43 ng02 xcp-rrdd: [ info||9 ||rrdd_main] memfree has changed to 165064 in domain 2';
    const r = xs.parse(info)!;
    assert.equal(r.level, 'info');
    assert.equal(slice(info, r.levelRange), 'info');
    assert.equal(r.thread, '9');
    assert.equal(r.component, 'rrdd_main');
    assert.equal(slice(info, r.messageRange), 'memfree has changed to 165064 in domain 2');
    const { records } = parseRecords(xs, text);
    assert.deepEqual(
      records.map((x) => x.record.level),
      ['debug', 'info', 'debug', 'info', 'debug', 'warning', 'error', 'error', 'info'],
    );
    assert.deepEqual([...new Set(records.map((x) => x.record.component))], ['xapi', 'audit', 'rrdd_main', 'xenops_server', 'xapi_vm_snapshot', 'backtrace']);
  });

  it('gives up quickly on a bracket that never closes', () => {
    const line = 'May 21 10:15:03 h xapi: [debug|h|' + '1'.repeat(200_000);
    const t0 = Date.now();
    assert.equal(xs.parse(line), undefined);
    assert.ok(Date.now() - t0 < 1000);
  });

  it('treats lines without the bracket as continuations, and handles CRLF and an empty file', () => {
    const wrapped = text.split('\n').slice(0, 2).join('\n') + '\n  continued without a prefix\n';
    const { records } = parseRecords(xs, wrapped.replace(/\n/g, '\r\n'));
    assert.equal(records.length, 2);
    assert.deepEqual(records[1].continuation, ['  continued without a prefix']);
    assert.deepEqual(parseRecords(xs, '').records, []);
  });
});
