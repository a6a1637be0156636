// The ESX logs of one host on one timeline: every family places its lines, ESXi 8 prefixes included.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { mergeToLines, original } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-esx-timeline-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, lines: string[]): string {
  const file = path.join(tmp, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('timeline: ESX families', () => {
  it('merges vmkernel, vobd, hostd, fdm, vpxa, syslog.log and a VM log of ESXi 8 in time order', async () => {
    const files = [
      write('esx8/var/run/log/vmkernel.log', [
        '2024-03-11T08:05:40.100Z In(182) vmkernel: cpu3:2097152)WARNING: NMP: nmp_IssueCommandToDevice:2954: I/O could not be issued to device "naa.624a9370d4c3b2a1f0e9d8c7b6a59483" due to Not found',
        '2024-03-11T08:05:40.400Z Wa(180)+ vmkwarning: cpu3:2097152)WARNING: ScsiDevice: 1234: continued',
      ]),
      write('esx8/var/run/log/vobd.log', [
        '2024-03-11T08:05:40.211Z In(14) vobd[2097521]:  [scsiCorrelator] 1012931357304us: [esx.problem.scsi.device.state.permanentloss] Device naa.624a9370d4c3b2a1f0e9d8c7b6a59483 has been removed or is permanently inaccessible.',
      ]),
      write('esx8/var/run/log/hostd.log', [
        '2024-03-11T08:05:40.300Z Wa(164) Hostd[2100134]: [Originator@6876 sub=Vimsvc.ha-eventmgr] Event 8573 : Permanently inaccessible device naa.624a9370d4c3b2a1f0e9d8c7b6a59483',
        '2024-03-11T08:05:40.300Z In(166)+ Hostd[2100134]: -->    continued',
      ]),
      write('esx8/var/run/log/fdm.log', ['2024-03-11T08:05:41.000Z In(166) Fdm[2101234]: [Originator@6876 sub=Invt] Host host-31 changed state: Live']),
      write('esx8/var/run/log/vpxa.log', ['2024-03-11T08:05:39.000Z In(166) Vpxa[2100123]: [Originator@6876 sub=vpxLro opID=x] [VpxLRO] -- BEGIN lro-47 -- vpxa -- vpxapi.VpxaService.fetchQuickStats']),
      write('esx8/var/run/log/syslog.log', ['2024-03-11T08:05:39.500Z In(14) crond[2099411]: crond: USER root pid 2213342 cmd /bin/hostd-probe.sh']),
      write('esx8/vmfs/volumes/ds/app01/vmware.log', ['2024-03-11T08:05:40.250Z Er(02) vcpu-0 - SCSI0: RESET BUS']),
    ];
    const { text, summary } = await mergeToLines(files, { gapMs: 0 });
    assert.deepEqual(
      summary.sources.map((s) => s.format),
      ['esx-vmkernel-log', 'esx-vobd-log', 'esx-hostd-log', 'esx-fdm-log', 'esx-vpxa-log', 'esx-syslog-log', 'esx-vmware-log'],
    );
    assert.ok(
      summary.sources.every((s) => !s.unplaced),
      JSON.stringify(summary.sources.map((s) => s.unplaced)),
    );
    const order = text.map((l) => original(l).slice(0, 24));
    assert.deepEqual(order, [
      '2024-03-11T08:05:39.000Z',
      '2024-03-11T08:05:39.500Z',
      '2024-03-11T08:05:40.100Z',
      '2024-03-11T08:05:40.211Z',
      '2024-03-11T08:05:40.250Z',
      '2024-03-11T08:05:40.300Z',
      '2024-03-11T08:05:40.300Z',
      '2024-03-11T08:05:40.400Z',
      '2024-03-11T08:05:41.000Z',
    ]);
    assert.ok(
      text.every((l) => l.startsWith(original(l).slice(0, 23)) || l.startsWith(' ')),
      'each line at its own time',
    );
  });

  it('gives an ESX 4 vmware.log, whose stamps have no year, the year of its modification time', async () => {
    const file = write('esx4/db02/vmware.log', ['Apr 07 17:33:20.472: vmx| Log for VMware ESX pid=4127 version=4.1.0 build=build-348481', 'Apr 07 17:40:11.105: vcpu-0| SnapshotVMX_Consolidate: Starting online consolidate']);
    const mtime = new Date(Date.UTC(2012, 3, 8));
    fs.utimesSync(file, mtime, mtime);
    const { text, summary } = await mergeToLines([file], { gapMs: 0 });
    assert.equal(summary.sources[0].format, 'esx-vmware-log');
    assert.deepEqual(
      text.map((l) => l.slice(0, 23)),
      ['2012-04-07T17:33:20.472', '2012-04-07T17:40:11.105'],
    );
  });
});
