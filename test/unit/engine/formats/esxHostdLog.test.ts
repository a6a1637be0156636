import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat, formatById } from '../../../../server/src/engine';
import type { HostdRecord } from '../../../../server/src/engine/formats/esxHostdLog';
import { readFixture } from '../../../helpers/paths';

const hostd = formatById('esx-hostd-log')!;
const parse = (line: string) => hostd.parse(line) as HostdRecord | undefined;
const slice = (line: string, range: [number, number] | undefined) => (range ? line.slice(...range) : undefined);
const lines = (text: string) => text.split(/\r?\n/).filter((l) => l !== '');

const ARTICLE_ERROR = "Apr 7 17:33:20 esx_host Hostd: [2012-04-07 17:33:20.472 32AE9B90 error 'Statssvc'] Error: 'FileIO error: No space left : /var/lib/vmware/hostd/stats/hostAgentStats.idMap'; while adding stat 'ha-host'";

describe('esx-hostd-log: ESX 4', () => {
  it('parses the article line through syslog, dated by hostd’s own stamp', () => {
    const r = parse(ARTICLE_ERROR)!;
    assert.equal(new Date(r.time!).toISOString(), '2012-04-07T17:33:20.472Z');
    assert.equal(r.timeZone, 'local');
    assert.equal(slice(ARTICLE_ERROR, r.timeRange), '2012-04-07 17:33:20.472');
    assert.equal(slice(ARTICLE_ERROR, r.syslogTimeRange), 'Apr 7 17:33:20');
    assert.equal(r.host, 'esx_host');
    assert.equal(r.program, 'Hostd');
    assert.equal(r.thread, '32AE9B90');
    assert.equal(slice(ARTICLE_ERROR, r.threadRange), '32AE9B90');
    assert.equal(r.level, 'error');
    assert.equal(slice(ARTICLE_ERROR, r.levelRange), 'error');
    assert.equal(r.component, 'Statssvc');
    assert.equal(slice(ARTICLE_ERROR, r.componentRange), 'Statssvc');
    assert.ok(slice(ARTICLE_ERROR, r.messageRange)!.startsWith("Error: 'FileIO error: No space left"));
  });

  it('parses hostd.log lines, with the opID and every level', () => {
    const [err, , , , , , , , warn, info, verbose, panic] = lines(readFixture('esx', 'hostd-esx4.log'));
    assert.equal(parse(err)!.component, 'Statssvc');
    assert.equal(parse(warn)!.level, 'warning');
    assert.equal(parse(warn)!.component, 'HostsvcPlugin');
    const i = parse(info)!;
    assert.equal(i.level, 'info');
    assert.equal(i.opId, '8C2E1A4F-0000012D');
    assert.equal(slice(info, i.opIdRange), '8C2E1A4F-0000012D');
    assert.equal(slice(info, i.messageRange), 'Task Created : haTask-ha-host-vim.HostSystem.retrieveInternalCapability-4371');
    assert.equal(parse(verbose)!.level, 'debug');
    assert.equal(parse(panic)!.level, 'error');
    assert.equal(parse(panic)!.levelText, 'panic');
  });

  it('makes backtrace frames continuations, bare or through syslog', () => {
    const text = readFixture('esx', 'hostd-esx4.log');
    const records = lines(text).map(parse);
    assert.deepEqual(records.map((r) => (r ? 'R' : 'c')).join(''), 'RRccccccRRRR');
    assert.equal(parse('Apr 7 17:33:20 esx_host Hostd: [00] rip 17c6bbf3'), undefined);
    assert.ok(hostd.continuation!.test('[00] rip 17c6bbf3'));
    assert.ok(hostd.continuation!.test('Apr 7 17:33:20 esx_host Hostd: [21] rip 1914cd1e'));
    assert.ok(!hostd.continuation!.test(ARTICLE_ERROR));
  });
});

describe('esx-hostd-log: ESXi', () => {
  it('parses ESXi 5 lines in UTC, with opID and --> continuations', () => {
    const all = lines(readFixture('esx', 'hostd-esxi5.log'));
    const r = parse(all[0])!;
    assert.equal(new Date(r.time!).toISOString(), '2015-01-01T00:00:00.000Z');
    assert.equal(r.timeZone, 'UTC');
    assert.equal(r.thread, 'FFD3AB70');
    assert.equal(r.level, 'info');
    assert.equal(r.component, 'Default');
    assert.equal(r.opId, 'abc-123');
    assert.equal(slice(all[0], r.messageRange), 'Accepted password for user root from 10.20.30.40');
    assert.deepEqual(all.map((l) => (parse(l) ? 'R' : 'c')).join(''), 'RRccccRR');
    assert.equal(parse(all[6])!.component, 'Hostsvc.DatastoreSystem');
    assert.equal(parse(all[7])!.level, 'debug');
  });

  it('parses ESXi 6.5+ lines: level first, the thread in brackets, sub= as component', () => {
    const all = lines(readFixture('esx', 'hostd-esxi67.log'));
    const line = all[0];
    const r = parse(line)!;
    assert.equal(r.level, 'info');
    assert.equal(slice(line, r.levelRange), 'info');
    assert.equal(r.program, 'hostd');
    assert.equal(r.thread, '2099806');
    assert.equal(r.component, 'Vimsvc.TaskManager');
    assert.equal(slice(line, r.componentRange), 'Vimsvc.TaskManager');
    assert.equal(r.opId, '5b7f8e33-01-aa');
    assert.ok(slice(line, r.messageRange)!.startsWith('Task Created'));
    assert.equal(parse(all[1])!.level, 'warning');
    assert.equal(parse(all[2])!.level, 'error');
    assert.deepEqual(all.map((l) => (parse(l) ? 'R' : 'c')).join(''), 'RRRcccR');
  });

  it('parses ESXi 8 lines with their syslog priority; their --> lines continue', () => {
    const line = "2023-05-23T07:40:51.404Z Wa(164) Hostd[2100134]: [Originator@6876 sub=Vimsvc.ha-eventmgr] Event 8573 : The ramdisk 'root' is full.";
    const r = parse(line)!;
    assert.equal(r.level, 'warning');
    assert.equal(slice(line, r.levelRange), 'Wa(164)');
    assert.equal(r.thread, '2100134');
    assert.equal(r.component, 'Vimsvc.ha-eventmgr');
    const cont = '2023-05-23T07:40:51.404Z In(166) Hostd[2100134]: -->    dynamicType = <unset>,';
    assert.equal(parse(cont), undefined);
    assert.ok(hostd.continuation!.test(cont));
    const marked = '2023-05-23T07:40:51.405Z Er(163)+ Hostd[2100134]: [Originator@6876 sub=Default] IpmiIfcOpenIpmiOpen: open failed';
    assert.equal(parse(marked)!.levelText, 'Er(163)');
    assert.equal(parse(marked)!.component, 'Default');
    assert.ok(hostd.continuation!.test('2023-05-23T07:40:51.405Z In(166)+ Hostd[2100134]: -->    msg = ""'));
  });

  it('has no component when the bracket names none', () => {
    const r = parse('2019-01-01T00:00:00.000Z info hostd[2099806] [Originator@6876] Hostd started')!;
    assert.equal(r.component, undefined);
    assert.equal(r.level, 'info');
  });
});

describe('esx-hostd-log: ESXi 8 file', () => {
  it('reads every record with its priority, the marked --> lines as continuations', () => {
    const all = lines(readFixture('esx', 'hostd-esxi8.log'));
    assert.deepEqual(all.map((l) => (parse(l) ? 'R' : 'c')).join(''), 'RRRRcccR');
    assert.deepEqual(
      all.filter((l) => parse(l)).map((l) => parse(l)!.level),
      ['error', 'info', 'warning', 'info', 'debug'],
    );
    assert.equal(parse(all[1])!.opId, 'esxui-4c3d-5e6f');
    assert.equal(new Date(parse(all[3])!.time!).toISOString(), '2023-05-23T07:41:10.552Z');
  });
});

describe('esx-hostd-log: ESX 4 messages shared with the vmkernel', () => {
  it('parses the vmkernel lines beside hostd ones as vmkernel records, not continuations', () => {
    const text = readFixture('esx', 'article-001.messages');
    const all = lines(text);
    const records = all.map(parse);
    assert.equal(records[0]!.component, 'ScsiDeviceIO');
    assert.equal(records[0]!.thread, '4099');
    assert.equal(records.filter((r) => !r).length, 22);
  });
});

describe('esx-hostd-log detection', () => {
  it('claims its fixtures by content alone', () => {
    for (const name of ['hostd-esx4.log', 'hostd-esxi5.log', 'hostd-esxi67.log', 'hostd-esxi8.log']) {
      assert.equal(detectFormat('upload.txt', readFixture('esx', name))?.format.id, 'esx-hostd-log', name);
    }
  });

  it('knows its file names', () => {
    const line = "[2012-04-07 17:39:16.938 FFCFEE80 warning 'HostsvcPlugin'] Unable to initialize vmkernel ssl information";
    for (const name of ['hostd.log', 'hostd-0.log', 'hostd.1', 'hostd.0.gz', 'hostd.log.2']) assert.equal(detectFormat(name, line)?.byName, true, name);
  });
});
