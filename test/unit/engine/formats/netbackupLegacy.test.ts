import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat, formatById } from '../../../../server/src/engine';
import { netbackupDayFromName, netbackupLevel, netbackupProcessFromPath, type NetBackupContext } from '../../../../server/src/engine/formats/netbackupLegacy';
import { isPartialTime } from '../../../../server/src/engine/formats/syslogPrefix';
import { fixture, readFixture } from '../../../helpers/paths';
import { parseRecords, slice, splitLines } from '../../../helpers/records';

const nbu = formatById('netbackup-legacy-log')!;
const MEDIA = 'article-002/media/bpbrm/log.050514';
const CLIENT_BPCD = 'article-002/client/bpcd/log.050514';
const CLIENT_VNETD = 'article-002/client/vnetd/log.050514';
const read = (name: string) => readFixture('netbackup', ...name.split('/'));
const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

describe('netbackup-legacy-log detection', () => {
  it('claims both hosts of the article by content alone, blank lines and "...snip..." included', () => {
    for (const name of [MEDIA, CLIENT_BPCD, CLIENT_VNETD]) {
      const d = detectFormat('upload.txt', read(name));
      assert.equal(d?.format.id, 'netbackup-legacy-log', name);
      assert.equal(d?.byName, false);
      assert.ok(d!.score > 0.8, `${name}: ${d!.score}`);
    }
  });

  it('weighs the log.MMDDYY, MMDDYY_NNNNN.log and user.MMDDYY_NNNNN.log names', () => {
    const head = 'captured by support\n17:50:04.006 [5592.5372] <2> vnet_async_connect: ... 0: connect in progress: 2 0x00000002\n' + 'x\n'.repeat(8);
    for (const name of ['/usr/openv/netbackup/logs/bpbrm/log.050514', 'C:\\NetBackup\\logs\\bpbkar\\050514_00001.log', 'logs/bpcd/root.050514_00003.log']) assert.equal(detectFormat(name, head)?.byName, true, name);
    assert.equal(detectFormat('notes.txt', head), undefined);
  });

  it('leaves a NetBackup job details text to its own family', () => {
    const jobDetails = '29.jan.2021 03:02:43 - Critical bptm (pid=50205) image write failed: error 227\n'.repeat(10);
    assert.equal(detectFormat('jobdetails.txt', jobDetails)?.format.id, 'netbackup-job-details');
    assert.equal(nbu.recordStart.test(jobDetails), false);
  });
});

describe('netbackup-legacy-log records', () => {
  it('splits time, pid.tid, level, process+function and message with exact ranges', () => {
    const line = '17:50:36.114 [5592.5372] <16> bpbrm handle_backup: cannot create data socket, The operation completed successfully.  (0)';
    const r = nbu.parse(line)!;
    assert.equal(slice(line, r.timeRange), '17:50:36.114');
    assert.equal(r.thread, '5592.5372');
    assert.equal(slice(line, r.threadRange), '5592.5372');
    assert.equal(r.level, 'error');
    assert.equal(r.levelText, '<16>');
    assert.equal(slice(line, r.levelRange), '<16>');
    assert.equal(r.component, 'bpbrm handle_backup');
    assert.equal(slice(line, r.componentRange), 'bpbrm handle_backup');
    assert.equal(slice(line, r.messageRange), 'cannot create data socket, The operation completed successfully.  (0)');
    assert.equal(r.timeZone, 'local');
  });

  it('reads the function name of vnet lines and keeps "..." in the message', () => {
    const line = '17:50:16.470 [2172.4736] <2> vnet_async_connect: ... 0: getsockopt SO_ERROR returned: 10061 0x0000274d';
    const r = nbu.parse(line)!;
    assert.equal(r.component, 'vnet_async_connect');
    assert.equal(r.level, 'debug');
    assert.equal(slice(line, r.messageRange), '... 0: getsockopt SO_ERROR returned: 10061 0x0000274d');
  });

  it('names the levels: <0>/<1> info, <2> debug, <4> info, <8> warning, <16> and <32> error', () => {
    assert.deepEqual([0, 1, 2, 4, 8, 16, 32].map(netbackupLevel), ['info', 'info', 'debug', 'info', 'warning', 'error', 'error']);
    const level = (n: number) => nbu.parse(`11:55:07.028 [1333] <${n}> bptestbpcd: x`)!.level;
    assert.deepEqual([2, 4, 8, 16, 32].map(level), ['debug', 'info', 'warning', 'error', 'error']);
  });

  it('reads a [pid] without thread and the Windows 12-hour clock', () => {
    const a = nbu.parse('11:55:07.028 [1333] <2> bptestbpcd: VERBOSE = 0')!;
    assert.equal(a.thread, '1333');
    assert.equal(a.component, 'bptestbpcd');
    const pm = '1:15:09.871 PM: [3412.2216] <2> tar_base::V_vTarMsgW: ERR - failure reading file';
    const b = nbu.parse(pm)!;
    assert.equal(slice(pm, b.timeRange), '1:15:09.871 PM');
    assert.equal(iso(b.time), '1970-01-01T13:15:09.871Z');
    assert.equal(b.component, 'tar_base::V_vTarMsgW');
    assert.equal(slice(pm, b.messageRange), 'ERR - failure reading file');
    assert.equal(iso(nbu.parse('12:00:01.250 AM: [1.2] <4> bpbkar main: INF - x')!.time), '1970-01-01T00:00:01.250Z');
    assert.equal(iso(nbu.parse('12:05:00.000 PM: [1.2] <4> bpbkar main: INF - x')!.time), '1970-01-01T12:05:00.000Z');
  });

  it('gives no component to a message without "function:"', () => {
    const line = '17:50:14.970 [2172.4736] <2> Duplicated vnetd socket on stderr';
    const r = nbu.parse(line)!;
    assert.equal(r.component, undefined);
    assert.equal(slice(line, r.messageRange), 'Duplicated vnetd socket on stderr');
  });

  it('turns the article excerpts into records, "...snip..." lines into continuations', () => {
    const { records, orphans } = parseRecords(nbu, read(MEDIA));
    assert.deepEqual(orphans, []);
    assert.equal(records.length, 31);
    const snips = records.flatMap((r) => r.continuation);
    assert.deepEqual(snips, ['…snip…', '...snip...']);
    assert.deepEqual([...new Set(records.map((r) => r.record.thread))], ['1660.4296', '5592.5372']);
    const errors = records.filter((r) => r.record.level === 'error').map((r) => r.text);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /cannot create data socket/);
  });

  it('shows the 10 s PBX delay as a time gap on the media server thread', () => {
    const { records } = parseRecords(nbu, read(MEDIA), { day: Date.UTC(2014, 4, 5) });
    const attempts = records.filter((r) => /connect in progress: [12] /.test(r.text));
    assert.equal(attempts[1].record.time! - attempts[0].record.time!, 10_000);
    assert.equal(iso(attempts[0].record.time), '2014-05-05T17:49:54.006Z');
  });

  it('finds the status 25 on the client bpcd log and the vnetd timeout in the vnetd log', () => {
    const bpcd = parseRecords(nbu, read(CLIENT_BPCD)).records;
    const last = bpcd[bpcd.length - 1];
    assert.equal(last.record.level, 'error');
    assert.equal(last.record.component, 'process_requests');
    assert.equal(slice(last.text, last.record.messageRange), 'get_vnetd_forward_socket failed: 25');
    const vnetd = parseRecords(nbu, read(CLIENT_VNETD));
    assert.ok(vnetd.records.some((r) => /Function failed: 11 0x0000000b$/.test(r.text)));
    assert.deepEqual(vnetd.orphans, []);
  });

  it('keeps command output after a record as its continuation', () => {
    const text = readFixture('netbackup', 'variants', 'bptestbpcd', 'root.050514_00001.log');
    const { records } = parseRecords(nbu, text);
    assert.equal(records.length, 5);
    assert.deepEqual(records[4].continuation, ['1 1 1', '127.0.0.1:52011 -> 127.0.0.1:41522 PROXY 10.20.1.15:40110 -> 10.20.1.40:1556']);
  });

  it('reads CRLF text, a missing final newline and an empty file', () => {
    const lf = read(CLIENT_BPCD);
    const crlf = lf.replace(/\n/g, '\r\n');
    const a = parseRecords(nbu, lf).records;
    const b = parseRecords(nbu, crlf).records;
    assert.equal(b.length, a.length);
    assert.deepEqual(
      b.map((r) => r.record.messageRange),
      a.map((r) => r.record.messageRange),
    );
    assert.ok(b.every((r) => !r.text.endsWith('\r')));
    const noFinal = lf.trimEnd();
    assert.equal(parseRecords(nbu, noFinal).records.length, a.length);
    assert.equal(splitLines('').length, 0);
    assert.deepEqual(parseRecords(nbu, ''), { records: [], orphans: [] });
    assert.equal(detectFormat('log.050514', ''), undefined);
  });
});

describe('netbackup-legacy-log file names', () => {
  it('dates log.MMDDYY, MMDDYY.log, MMDDYY_NNNNN.log and user.MMDDYY_NNNNN.log', () => {
    const day = (n: string) => iso(netbackupDayFromName(n));
    assert.equal(day('log.050514'), '2014-05-05T00:00:00.000Z');
    assert.equal(day('/usr/openv/netbackup/logs/bpbrm/log.123199'), '1999-12-31T00:00:00.000Z');
    assert.equal(day('050514.log'), '2014-05-05T00:00:00.000Z');
    assert.equal(day('C:\\Program Files\\Veritas\\NetBackup\\logs\\bpbkar\\050514_00001.log'), '2014-05-05T00:00:00.000Z');
    assert.equal(day('root.031020_00001.log'), '2020-03-10T00:00:00.000Z');
    assert.equal(day('ALL_ADMINS.050514_00002.log'), '2014-05-05T00:00:00.000Z');
    assert.equal(day('jdoe@corp.example.050514_00001.log'), '2014-05-05T00:00:00.000Z');
    for (const bad of ['log.133014', 'log.023014', 'log.0505', 'server_log', '050514.txt', '']) assert.equal(day(bad), undefined, bad);
  });

  it('names the process from the folder, also one level up for non-root users', () => {
    assert.equal(netbackupProcessFromPath('/usr/openv/netbackup/logs/bpbrm/log.050514'), 'bpbrm');
    assert.equal(netbackupProcessFromPath('examples/netbackup/client/vnetd/log.050514'), 'vnetd');
    assert.equal(netbackupProcessFromPath('C:\\Veritas\\NetBackup\\logs\\bpbkar\\050514_00001.log'), 'bpbkar');
    assert.equal(netbackupProcessFromPath('/usr/openv/netbackup/logs/tar/usr1/usr1.031020_00001.log'), 'tar');
    assert.equal(netbackupProcessFromPath('/usr/openv/netbackup/logs/nbfoo/log.050514'), 'nbfoo');
    assert.equal(netbackupProcessFromPath('/tmp/case123/log.050514'), undefined);
    assert.equal(netbackupProcessFromPath('log.050514'), undefined);
  });

  it('gives the parser the day, and says when it had none', () => {
    const path = fixture('netbackup', ...MEDIA.split('/'));
    const context = nbu.contextFromName!(path) as NetBackupContext;
    assert.equal(context.process, 'bpbrm');
    const line = '17:50:04.006 [5592.5372] <2> vnet_async_connect: ... 0: connect in progress: 2 0x00000002';
    const dated = nbu.parse(line, context)!.time!;
    assert.equal(iso(dated), '2014-05-05T17:50:04.006Z');
    assert.equal(isPartialTime(dated), false);
    const undated = nbu.parse(line)!.time!;
    assert.equal(iso(undated), '1970-01-01T17:50:04.006Z');
    assert.equal(isPartialTime(undated), true);
    assert.deepEqual(nbu.contextFromName!('notes.txt'), {});
  });
});
