import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, decodeLine, detectFormat, formatById } from '../../../../server/src/engine';
import { readFixture } from '../../../helpers/paths';

const vnx = formatById('vnx-server-log')!;
const article = readFixture('vnx', 'article-000.server_log');

describe('vnx-server-log format', () => {
  it('is detected from the article excerpt, by content alone', () => {
    const d = detectFormat('customer-upload.txt', article);
    assert.equal(d?.format.id, 'vnx-server-log');
    assert.equal(d?.byName, false);
    assert.ok(d!.score > 0.8);
  });

  it('is detected by name even with few record lines', () => {
    const head = 'collected by support\n2015-05-05 12:10:10: 26041581568: NDMP: 6: Active NDMP backup/restore streams: 1\n' + 'x\n'.repeat(10);
    assert.equal(detectFormat('/bundle/server_log', head)?.format.id, 'vnx-server-log');
    assert.equal(detectFormat('/bundle/notes.txt', head), undefined);
  });

  it('does not claim other logs', () => {
    const syslog = 'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0\n'.repeat(20);
    const apache = '[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties\n'.repeat(20);
    const json = '{"time":"2015-05-05T12:10:10Z","level":"error","msg":"x"}\n'.repeat(20);
    // a plain Linux syslog is legitimately `syslog`; none of them is a VNX log, even named server_log
    for (const text of [syslog, apache, json, '', '\n\n']) assert.notEqual(detectFormat('server_log', text)?.format.id, 'vnx-server-log');
    for (const text of [apache, json, '', '\n\n']) assert.equal(detectFormat('server_log', text), undefined);
  });

  it('parses time, thread, facility and level with their ranges', () => {
    const line = '2015-05-05 12:40:10: 13161529344: CMD: 3: Timer expired when waiting for concurrentCkptCnt decreasing';
    const r = vnx.parse(line)!;
    assert.equal(new Date(r.time!).toISOString(), '2015-05-05T12:40:10.000Z');
    assert.equal(r.timeZone, 'local');
    assert.equal(r.thread, '13161529344');
    assert.equal(r.component, 'CMD');
    assert.equal(r.level, 'error');
    assert.equal(line.slice(...r.levelRange!), '3');
    assert.equal(line.slice(...r.threadRange!), '13161529344');
    assert.equal(line.slice(...r.componentRange!), 'CMD');
    assert.equal(line.slice(...r.messageRange), 'Timer expired when waiting for concurrentCkptCnt decreasing');
  });

  it('maps syslog levels 0-7 to error, warning, info, debug', () => {
    const level = (n: number) => vnx.parse(`2015-05-05 12:40:10: 1: NDMP: ${n}: x`)!.level;
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].map(level), ['error', 'error', 'error', 'error', 'warning', 'info', 'info', 'debug']);
  });

  it('treats wrapped lines as continuations', () => {
    assert.equal(vnx.parse('maximum concurrent sessions allowed: 8.'), undefined);
    assert.equal(vnx.parse('....'), undefined);
  });
});

describe('vnx rules on the article excerpt', () => {
  const { findings, format, lines } = analyzeText('article-000.server_log', article);

  it('detects the family and counts lines', () => {
    assert.equal(format, 'vnx-server-log');
    assert.equal(lines, 21);
  });

  it('finds the wait, the timeout, both SnapSure failures and the aborted stream at their lines', () => {
    assert.deepEqual(
      findings.map((f) => [f.span.line + 1, f.rule, f.severity]),
      [
        [10, 'vnx/ckpt-wait', 'warning'],
        [13, 'vnx/ckpt-timer-expired', 'error'],
        [14, 'vnx/snapsure-create-failed', 'error'],
        [15, 'vnx/snapsure-create-failed', 'error'],
        [16, 'vnx/ndmp-stream-aborted', 'warning'],
        [17, 'vnx/ndmp-stream-aborted', 'warning'],
        [18, 'vnx/ndmp-stream-aborted', 'warning'],
        [19, 'vnx/ndmp-stream-aborted', 'warning'],
      ],
    );
  });

  it('relates each consequence to the failure just before it in the session', () => {
    for (const f of findings.filter((x) => x.rule === 'vnx/ndmp-stream-aborted')) {
      assert.deepEqual(
        f.related.map((r) => r.span.line + 1),
        [15],
        f.message,
      );
      assert.match(f.message, /caused by the failure at line 15/);
    }
    const status = findings.find((f) => f.rule === 'vnx/ndmp-stream-aborted')!;
    assert.match(status.message, /status=92/);
  });

  it('puts the range on the signature text and states N and M', () => {
    const wait = findings[0];
    const line = article.split('\n')[9];
    assert.equal(line.slice(wait.span.start, wait.span.end), 'checkCkptCnt: concurrentCkptCnt(10) > concurrentDataStreams(8), need to wait');
    assert.match(wait.message, /\b10\b.*\b8\b/);
  });

  it('relates the timeout to the wait and says how long it waited', () => {
    const expired = findings[1];
    assert.deepEqual(
      expired.related.map((r) => r.span.line + 1),
      [10],
    );
    assert.match(expired.message, /30 min/);
    assert.match(expired.message, /automaticTempNDMPCkpt/);
    assert.match(expired.message, /backupSnapDB/);
  });

  it('carries fix, runbook and source on every finding', () => {
    for (const f of findings) {
      assert.ok(f.fix.length > 20);
      assert.equal(f.runbook, 'vnx-stale-ndmp-checkpoints');
      assert.ok(f.message.length > 30);
    }
  });

  it('stays silent on a benign log and its near-misses', () => {
    const benign = analyzeText('benign.server_log', readFixture('vnx', 'benign.server_log'));
    assert.equal(benign.format, 'vnx-server-log');
    assert.deepEqual(benign.findings, []);
  });

  it('does not relate a timeout to a wait outside the window', () => {
    const text = ['2015-05-01 00:00:00: 1: CMD: 6: checkCkptCnt: concurrentCkptCnt(9) > concurrentDataStreams(8), need to wait', '2015-05-05 12:40:10: 2: CMD: 3: Timer expired when waiting for concurrentCkptCnt decreasing'].join('\n');
    const [, expired] = analyzeText('x', text, { format: 'vnx-server-log' }).findings;
    assert.equal(expired.rule, 'vnx/ckpt-timer-expired');
    assert.deepEqual(expired.related, []);
  });
});

describe('vnx level hover decoding', () => {
  it('decodes the numeric level as a syslog level', () => {
    const line = '2015-05-05 12:40:10: 13156679680: NDMP: 3: < LOG type: 2, msg_id: 0, entry: SnapSure file system creation fails >';
    const [d] = decodeLine(line, vnx).filter((x) => x.kind === 'syslog-level');
    assert.equal(d.text, '3');
    assert.equal(line.slice(d.start, d.end), '3');
    assert.equal(d.start, line.indexOf('NDMP: 3:') + 6);
    assert.match(d.summary, /syslog level 3: error/);
  });
  it('decodes nothing on a continuation line', () => {
    assert.deepEqual(decodeLine('maximum concurrent sessions allowed: 8.', vnx), []);
  });
});
