import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat, formatById } from '../../../../server/src/engine';
import type { VmkernelRecord } from '../../../../server/src/engine/formats/esxVmkernelLog';
import { readFixture } from '../../../helpers/paths';

const vmk = formatById('esx-vmkernel-log')!;
const parse = (line: string, year?: number) => vmk.parse(line, year === undefined ? undefined : { year }) as VmkernelRecord | undefined;
const slice = (line: string, range: [number, number] | undefined) => (range ? line.slice(...range) : undefined);
const lines = (text: string) => text.split(/\r?\n/).filter((l) => l !== '');

const ARTICLE_SCSI = 'Mar 1 08:53:36 host.com vmkernel: 2:16:49:12.573 cpu3:4099)ScsiDeviceIO: 1672: Command 0x28 to device "naa.xxxxxxxxxxxxx" failed H:0x0 D:0x2 P:0x0 Valid sense data: 0x6 0x3f 0xe.';

describe('esx-vmkernel-log: ESX 4 syslog style', () => {
  it('splits the article line into time, host, program, uptime, cpu, world, component and message', () => {
    const r = parse(ARTICLE_SCSI, 2012)!;
    assert.equal(new Date(r.time!).toISOString(), '2012-03-01T08:53:36.000Z');
    assert.equal(r.timeZone, 'local');
    assert.equal(slice(ARTICLE_SCSI, r.timeRange), 'Mar 1 08:53:36');
    assert.equal(r.host, 'host.com');
    assert.equal(slice(ARTICLE_SCSI, r.hostRange), 'host.com');
    assert.equal(r.program, 'vmkernel');
    assert.equal(slice(ARTICLE_SCSI, r.uptimeRange), '2:16:49:12.573');
    assert.equal(r.uptime, (((2 * 24 + 16) * 60 + 49) * 60 + 12) * 1000 + 573);
    assert.equal(r.cpu, 3);
    assert.equal(slice(ARTICLE_SCSI, r.cpuRange), 'cpu3');
    assert.equal(r.thread, '4099');
    assert.equal(slice(ARTICLE_SCSI, r.threadRange), '4099');
    assert.equal(r.component, 'ScsiDeviceIO');
    assert.equal(slice(ARTICLE_SCSI, r.componentRange), 'ScsiDeviceIO');
    assert.equal(r.level, 'info');
    assert.equal(r.levelRange, undefined);
    assert.equal(slice(ARTICLE_SCSI, r.messageRange)!.slice(0, 26), 'ScsiDeviceIO: 1672: Comman');
  });

  it('reads the year-less stamp in the context year, or in the placeholder year without one', () => {
    assert.equal(new Date(parse(ARTICLE_SCSI, 2011)!.time!).getUTCFullYear(), 2011);
    const partial = parse(ARTICLE_SCSI)!;
    assert.ok(partial.time !== undefined && new Date(partial.time).getUTCFullYear() < 2000, 'placeholder year marks a partial time');
  });

  it('reads the line with a host but no program as the host', () => {
    const line = "Apr 7 17:41:03 esx_host: 17:19:52:55.580 cpu7:4182)BC: 3837: Failed to flush 3 buffers of size 8192 each for object '' 1 4 ed3 0 0 0 0 0 0 0 0 0 0 0: No free memory for file data";
    const r = parse(line, 2012)!;
    assert.equal(r.host, 'esx_host');
    assert.equal(r.program, undefined);
    assert.equal(r.component, 'BC');
    assert.equal(r.thread, '4182');
    assert.equal(new Date(r.time!).toISOString(), '2012-04-07T17:41:03.000Z');
  });

  it('reads the line with a program but no host', () => {
    const r = parse('Aug 16 20:09:17 vmkernel: 3:12:40:56.871 cpu16:4112)ScsiDeviceIO: 1688: Command 0x1a to device "naa.6006" failed H:0x5 D:0x0 P:0x0')!;
    assert.equal(r.host, undefined);
    assert.equal(r.program, 'vmkernel');
    assert.equal(r.cpu, 16);
  });

  it('takes WARNING: as a warning and ALERT: as an error, with the component after them', () => {
    const warn = 'Apr  7 17:42:11 esx_host vmkernel: 17:19:54:03.520 cpu0:4096)WARNING: ScsiDeviceIO: 1218: Device naa.60a9 performance has deteriorated.';
    const w = parse(warn)!;
    assert.equal(w.level, 'warning');
    assert.equal(slice(warn, w.levelRange), 'WARNING');
    assert.equal(w.component, 'ScsiDeviceIO');
    const alert = 'Apr  7 17:43:00 esx_host vmkernel: 17:19:54:52.310 cpu3:4099)ALERT: NMP: vmk_NmpVerifyPathUID: The physical media has changed.';
    assert.equal(parse(alert)!.level, 'error');
    assert.equal(parse(alert)!.component, 'NMP');
  });

  it('does not raise the level for words like failed: that is the rules’ judgement', () => {
    assert.equal(parse(ARTICLE_SCSI)!.level, 'info');
  });

  it('treats a wrapped vmkernel line, an ellipsis and free text as continuations', () => {
    assert.equal(parse('Apr  7 17:42:10 esx_host vmkernel: gen 233, mode 1, owner 4d8b9a12-3c5e7f01-8a2b-0025b500a01f mtime 1820044]'), undefined);
    assert.equal(parse('...'), undefined);
    assert.equal(parse('et 3526656 gen 50 stamp 9521259362672'), undefined);
    assert.ok(vmk.continuation!.test('Apr  7 17:42:10 esx_host vmkernel: gen 233, mode 1'));
    assert.ok(!vmk.continuation!.test(ARTICLE_SCSI));
  });
});

describe('esx-vmkernel-log: ESXi 5+ style', () => {
  const esxi = lines(readFixture('esx', 'vmkernel-esxi65.crlf.log'));

  it('parses the ISO UTC stamp, world and component', () => {
    const line = esxi[1];
    const r = parse(line)!;
    assert.equal(new Date(r.time!).toISOString(), '2019-03-01T08:53:36.573Z');
    assert.equal(r.timeZone, 'UTC');
    assert.equal(slice(line, r.timeRange), '2019-03-01T08:53:36.573Z');
    assert.equal(r.cpu, 3);
    assert.equal(r.thread, '2099270');
    assert.equal(r.component, 'ScsiDeviceIO');
    assert.equal(r.uptime, undefined);
    assert.ok(slice(line, r.messageRange)!.startsWith('ScsiDeviceIO: 3435: Cmd(0x45a2c0f4b840) 0x28'));
  });

  it('reads the 6.5+ opID inside the world parenthesis', () => {
    const line = esxi[4];
    const r = parse(line)!;
    assert.equal(r.thread, '2099806');
    assert.equal(r.opId, '5b7f8e33');
    assert.equal(slice(line, r.opIdRange), '5b7f8e33');
    assert.equal(r.component, 'World');
  });

  it('reads a driver printk level and the driver as component', () => {
    const line = esxi[5];
    const r = parse(line)!;
    assert.equal(r.component, 'qla2xxx');
    assert.equal(r.levelText, '6');
    assert.equal(slice(line, r.levelRange), '6');
    assert.equal(r.level, 'info');
    assert.equal(parse('2019-03-01T08:53:39.002Z cpu12:2097544)<3>qla2xxx 0000:04:00.1: Firmware dump failed')!.level, 'error');
  });

  it('names a module with an instance in brackets by the module', () => {
    const line = esxi[7];
    const r = parse(line)!;
    assert.equal(r.component, 'vmw_ahci');
    assert.equal(slice(line, r.componentRange), 'vmw_ahci');
  });

  it('has no component when ALERT: is followed by free text', () => {
    const r = parse(esxi[6])!;
    assert.equal(r.level, 'error');
    assert.equal(r.component, undefined);
  });

  it('parses early-boot TSC lines without a time', () => {
    const r = parse(esxi[0])!;
    assert.equal(r.time, undefined);
    assert.equal(r.uptime, undefined);
    assert.equal(slice(esxi[0], r.uptimeRange), 'TSC: 543468');
    assert.equal(r.component, 'Boot');
  });

  it('takes the ESXi 8 syslog priority as the level', () => {
    const info = '2023-05-23T07:40:51.404Z In(182) vmkernel: cpu12:2097710)ScsiDeviceIO: 4672: Cmd(0x45b8c1a2f300) 0x2a failed H:0x8 D:0x0 P:0x0';
    const warn = '2023-05-23T07:40:51.405Z Wa(180) vmkwarning: cpu12:2097710)WARNING: NMP: nmpDeviceRequestFastDeviceProbe:237: state in doubt';
    const r = parse(info)!;
    assert.equal(r.level, 'info');
    assert.equal(slice(info, r.levelRange), 'In(182)');
    assert.equal(r.program, 'vmkernel');
    assert.equal(r.thread, '2097710');
    assert.equal(parse(warn)!.level, 'warning');
    assert.equal(parse(warn)!.component, 'NMP');
    // the line marker of a continued submission (`In(182)+`, `[+]`) leaves the fields where they were
    const marked = parse('2023-05-23T07:40:51.406Z In(182)+ vmkernel: cpu12:2097710)ScsiDeviceIO: 4672: continued')!;
    assert.equal(marked.levelText, 'In(182)');
    assert.equal(marked.component, 'ScsiDeviceIO');
    assert.equal(parse('2023-05-23T07:40:51.406Z Wa(180)[+] vmkwarning: cpu12:2097710)WARNING: NMP: x')!.level, 'warning');
  });

  it('reads an offset stamp from a remote collector into UTC', () => {
    const r = parse('2019-03-01T09:53:36.573+01:00 esx01.example.com vmkernel: cpu3:2099270)NMP: x')!;
    assert.equal(new Date(r.time!).toISOString(), '2019-03-01T08:53:36.573Z');
    assert.equal(r.host, 'esx01.example.com');
  });

  it('keeps ranges right on CRLF lines split by the caller', () => {
    for (const line of esxi) {
      const r = parse(line);
      assert.ok(r, `not a record: ${line}`);
      assert.ok(!line.slice(...r.messageRange).includes('\r'));
    }
  });
});

describe('esx-vmkernel-log: ESXi 8 file', () => {
  it('reads every line as a record: priorities, vmkwarning, the + marker, opID, ALERT', () => {
    const all = readFixture('esx', 'vmkernel-esxi8.log')
      .split(/\r?\n/)
      .filter((l) => l);
    const records = all.map((l) => parse(l));
    assert.ok(
      records.every((r) => r),
      'no continuation in this file',
    );
    assert.deepEqual(
      records.map((r) => r!.level),
      ['info', 'info', 'info', 'warning', 'info', 'info', 'error'],
    );
    assert.deepEqual(
      records.map((r) => r!.program),
      ['vmkernel', 'vmkernel', 'vmkernel', 'vmkwarning', 'vmkernel', 'vmkernel', 'vmkernel'],
    );
    assert.equal(records[2]!.component, 'NMP');
    assert.equal(records[5]!.opId, 'd5991c6f');
    assert.equal(records[4]!.component, undefined); // `Jumpstart plugin ...` names no module
    assert.equal(detectFormat('upload.txt', all.join('\n'))?.format.id, 'esx-vmkernel-log');
  });
});

describe('esx-vmkernel-log: an ESX 4 messages file with hostd lines', () => {
  const text = readFixture('esx', 'article-001.messages');

  it('gives every line of the article a record or a continuation, hostd lines as hostd records', () => {
    const records = lines(text).map((l) => parse(l, 2012));
    assert.equal(records.filter((r) => r === undefined).length, 22, 'the 22 backtrace frames continue');
    const hostd = records[2]!;
    assert.equal(hostd.level, 'warning');
    assert.equal(hostd.component, 'HostsvcPlugin');
    assert.equal(hostd.thread, 'FFCFEE80');
  });

  it('reads another program’s line as a record of that program', () => {
    const line = "Apr  7 17:44:02 esx_host vpxa[5030]: [2012-04-07 17:44:02.101 F6D7AB90 verbose 'App'] Received callback";
    const r = parse(line)!;
    assert.equal(r.component, 'vpxa');
    assert.equal(r.thread, '5030');
    assert.equal(slice(line, r.messageRange)!.slice(0, 11), '[2012-04-07');
  });
});

describe('esx-vmkernel-log detection', () => {
  it('claims the ESX 4 and ESXi fixtures by content alone', () => {
    for (const name of ['vmkernel-esx4.log', 'vmkernel-esxi65.crlf.log', 'vmkwarning.log']) {
      const d = detectFormat('upload.txt', readFixture('esx', name));
      assert.equal(d?.format.id, 'esx-vmkernel-log', name);
      assert.ok(d!.score >= 0.9, `${name}: ${d!.score}`);
    }
  });

  it('knows its file names', () => {
    const line = readFixture('esx', 'vmkwarning.log').split('\n')[0];
    for (const name of ['vmkernel.log', 'vmkwarning.log', 'vmkernel', 'vmkernel.0', 'vmkernel.1.gz', 'vmkernel.log.3', '/bundle/var/log/vmkernel.log']) {
      assert.equal(detectFormat(name, line)?.byName, true, name);
    }
    assert.equal(detectFormat('notes.txt', line)?.byName, false);
  });

  it('claims an empty file for nothing', () => {
    assert.equal(detectFormat('vmkernel.log', readFixture('esx', 'empty.log')), undefined);
  });

  it('handles a missing final newline', () => {
    const text = readFixture('esx', 'vmkwarning.log');
    assert.ok(!text.endsWith('\n'));
    const last = text.slice(text.lastIndexOf('\n') + 1);
    assert.equal(parse(last)!.level, 'warning');
  });
});
