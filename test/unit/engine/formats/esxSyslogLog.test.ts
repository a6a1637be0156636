import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat, formatById } from '../../../../server/src/engine';
import type { EsxRecord } from '../../../../server/src/engine/formats/esxSyslog';
import { readFixture } from '../../../helpers/paths';

const syslogLog = formatById('esx-syslog-log')!;
const parse = (line: string) => syslogLog.parse(line) as EsxRecord | undefined;
const slice = (line: string, range: [number, number] | undefined) => (range ? line.slice(...range) : undefined);
const lines = (text: string) => text.split(/\r?\n/).filter((l) => l !== '');

describe('esx-syslog-log', () => {
  it('parses ESXi 5-7 lines: program as component, pid as thread, seconds or milliseconds', () => {
    const all = lines(readFixture('esx', 'syslog-esxi67.log'));
    const r = parse(all[0])!;
    assert.equal(new Date(r.time!).toISOString(), '2019-05-02T10:00:01.000Z');
    assert.equal(r.component, 'crond');
    assert.equal(r.thread, '66197');
    assert.equal(slice(all[0], r.messageRange)!.slice(0, 9), 'USER root');
    assert.equal(new Date(parse(all[1])!.time!).toISOString(), '2019-05-02T10:00:01.112Z');
    const dcui = parse(all[6])!;
    assert.equal(dcui.component, 'DCUI');
    assert.equal(dcui.thread, undefined);
    assert.ok(all.every((l) => parse(l)));
  });

  it("reads vmsyslogd's own lines with their level word", () => {
    const all = lines(readFixture('esx', 'syslog-esxi67.log'));
    const r = parse(all[4])!;
    assert.equal(r.component, 'vmsyslog.loggers.file');
    assert.equal(r.level, 'error');
    assert.equal(slice(all[4], r.levelRange), 'ERROR');
    assert.equal(slice(all[4], r.messageRange), 'Gzip logfile /scratch/log/hostd0.gz failed');
    assert.equal(parse(all[5])!.level, 'warning');
  });

  it('parses ESXi 8 lines with the priority and the [+] marker of continued messages', () => {
    const all = lines(readFixture('esx', 'syslog-esxi8.log'));
    const r = parse(all[0])!;
    assert.equal(r.levelText, 'In(14)');
    assert.equal(r.component, 'ConfigStore');
    assert.equal(r.thread, '1001430703');
    assert.equal(parse(all[2])!.component, 'hostprofile');
    assert.equal(parse(all[4])!.level, 'warning');
    assert.equal(parse(all[5])!.level, 'error');
    assert.equal(parse(all[6])!.component, 'DCUI');
    assert.ok(all.every((l) => parse(l)));
  });

  it('claims syslog.log files, and leaves ESXi 8 vmkernel, hostd and vobd logs to their families', () => {
    assert.equal(detectFormat('upload.txt', readFixture('esx', 'syslog-esxi67.log'))?.format.id, 'esx-syslog-log');
    assert.equal(detectFormat('syslog.log', readFixture('esx', 'syslog-esxi8.log'))?.format.id, 'esx-syslog-log');
    assert.equal(detectFormat('syslog.0', readFixture('esx', 'syslog-esxi67.log'))?.format.id, 'esx-syslog-log');
    // a Linux syslog.1 stays plain syslog, with its host field also in the RFC 3339 form
    const linux = 'Jun 14 15:16:01 combo sshd[19939]: Accepted publickey for root\nJun 14 15:16:02 combo CRON[19940]: (root) CMD (run-parts /etc/cron.hourly)\n';
    assert.equal(detectFormat('syslog.1', linux)?.format.id, 'syslog');
    const rfc3339 = '2024-01-01T10:00:00.123456+01:00 web01 sshd[812]: Accepted publickey for deploy\n2024-01-01T10:00:01.000001+01:00 web01 systemd[1]: Started Session 4.\n';
    assert.notEqual(detectFormat('syslog.1', rfc3339)?.format.id, 'esx-syslog-log');
    const esxi8 = {
      'esx-vmkernel-log': '2023-05-23T07:40:51.404Z In(182) vmkernel: cpu12:2097710)ScsiDeviceIO: 4672: Cmd 0x28 to dev "naa.624a9370d4c3b2a1f0e9d8c7b6a59483" failed\n',
      'esx-hostd-log': '2023-05-23T07:40:51.404Z In(166) Hostd[2100134]: [Originator@6876 sub=Vimsvc.TaskManager] Task Created\n',
      'esx-vobd-log': readFixture('esx', 'vobd-esxi8.log'),
      'esx-fdm-log': readFixture('esx', 'fdm-esxi8.log'),
      'esx-vpxa-log': readFixture('esx', 'vpxa-esxi8.log'),
    };
    for (const [id, text] of Object.entries(esxi8)) {
      assert.equal(detectFormat('upload.txt', text.repeat(5))?.format.id, id, id);
    }
  });
});
