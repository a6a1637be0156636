import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat, formatById } from '../../../../server/src/engine';
import type { VmwareLogRecord } from '../../../../server/src/engine/formats/esxVmwareLog';
import { readFixture } from '../../../helpers/paths';

const vmware = formatById('esx-vmware-log')!;
const parse = (line: string, year?: number) => vmware.parse(line, { year }) as VmwareLogRecord | undefined;
const slice = (line: string, range: [number, number] | undefined) => (range ? line.slice(...range) : undefined);
const lines = (text: string) => text.split(/\r?\n/).filter((l) => l !== '');

describe('esx-vmware-log', () => {
  it('parses ESXi 5.1-7 lines: thread, level letter with its verbosity, the MODULE: component', () => {
    const all = lines(readFixture('esx', 'vmware-esxi67.log'));
    const r = parse(all[2])!;
    assert.equal(new Date(r.time!).toISOString(), '2020-01-01T00:10:12.331Z');
    assert.equal(r.timeZone, 'UTC');
    assert.equal(r.thread, 'vmx');
    assert.equal(r.level, 'info');
    assert.equal(slice(all[2], r.levelRange), 'I125');
    assert.equal(r.verbosity, 125);
    assert.equal(r.component, undefined); // `SnapshotVMX_TakeSnapshot start:` names no module
    assert.ok(slice(all[2], r.messageRange)!.startsWith('SnapshotVMX_TakeSnapshot start:'));
    assert.equal(parse(all[3])!.thread, 'vcpu-0');
    assert.equal(parse(all[3])!.component, 'ToolsBackup');
    assert.equal(parse(all[4])!.level, 'warning');
    assert.equal(parse(all[7])!.level, 'error');
    const disk = parse(all[8])!;
    assert.equal(disk.thread, 'worker-2100340');
    assert.equal(disk.component, 'DISKLIB-VMFS');
    assert.equal(parse(all[9])!.level, 'info'); // A100 (audit)
    assert.equal(parse(all[6])!.component, undefined); // [msg.snapshot...] is no module
    assert.ok(all.every((l) => parse(l)));
  });

  it('parses ESXi 8 lines: priority, thread, the "-" opID', () => {
    const all = lines(readFixture('esx', 'vmware-esxi8.log'));
    const r = parse(all[1])!;
    assert.equal(r.thread, 'vcpu-0');
    assert.equal(r.levelText, 'In(05)');
    assert.equal(r.component, 'SnapshotVMXTakeSnapshotWork');
    assert.equal(slice(all[1], r.messageRange), "SnapshotVMXTakeSnapshotWork: Initiated lazy snapshot 'before-patch': 2");
    assert.equal(parse(all[4])!.level, 'warning');
    assert.equal(parse(all[5])!.level, 'error');
    assert.equal(parse(all[6])!.thread, 'vmx'); // In(05)+ continues the message as a record of its own
  });

  it('parses ESX 4 lines in the host local time, the year from the context', () => {
    const all = lines(readFixture('esx', 'vmware-esx4.log'));
    const r = parse(all[0], 2012)!;
    assert.equal(r.timeZone, 'local');
    assert.equal(new Date(r.time!).toISOString(), '2012-04-07T17:33:20.472Z');
    assert.equal(slice(all[0], r.timeRange), 'Apr 07 17:33:20.472');
    assert.equal(r.thread, 'vmx');
    assert.equal(parse(all[3])!.component, 'SnapshotVMX_Consolidate');
    assert.ok(all.every((l) => parse(l)));
  });

  it('is recognised by content and by name', () => {
    for (const f of ['vmware-esxi67.log', 'vmware-esxi8.log', 'vmware-esx4.log']) {
      assert.equal(detectFormat('upload.txt', readFixture('esx', f))?.format.id, 'esx-vmware-log', f);
      assert.equal(detectFormat('vmware-3.log', readFixture('esx', f))?.format.id, 'esx-vmware-log', f);
    }
  });
});
