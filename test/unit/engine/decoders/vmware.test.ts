import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Decoding } from '../../../../server/src/engine';
import { decodeLine } from '../../../../server/src/engine';
import { vmwareScsiTupleDecoder } from '../../../../server/src/engine/decoders/vmwareScsiTuple';
import { esxGenerationOf, hostStatusInfo, pluginStatusInfo } from '../../../../server/src/engine/decoders/vmwareTables';
import { repoRoot } from '../../../helpers/paths';

// Written in the shapes of the articles and VMware's KBs; not copied from customer logs.
const ARTICLE = 'Mar 1 08:53:36 host.com vmkernel: 2:16:49:12.573 cpu3:4099)ScsiDeviceIO: 1672: Command 0x28 to device "naa.xxxxxxxxxxxxx" failed H:0x0 D:0x2 P:0x0 Valid sense data: 0x6 0x3f 0xe.';
const ALUA =
  'Apr 19 09:36:36 esxa vmkernel: 0:19:05:45.146 cpu0:4478)NMP: nmp_CompleteCommandForPath: Command 0x2a (0x410001032580) to NMP device "naa.6006016046702900" failed on physical path "vmhba2:C0:T1:L3" H:0x0 D:0x2 P:0x0 Valid sense data: 0x6 0x2a 0x6.';
const ESXI5 = '2011-04-04T21:07:30.257Z cpu2:2050)ScsiDeviceIO: 2315: Cmd(0x4124003edb00) 0x12, CmdSN 0x51 from world 0 to dev "naa.600508e0000000" failed H:0x0 D:0x2 P:0x0 Possible sense data: 0x5 0x24 0x0.';
const ABORT = 'Aug 16 20:09:57 vmkernel: 3:12:41:36.916 cpu5:4101)ScsiDeviceIO: 1688: Command 0x28 to device "naa.60060" failed H:0x5 D:0x0 P:0x0 Possible sense data: 0x0 0x0 0x0.';
const INVALID = '2017-02-25T17:34:15.505Z cpu0:65560)ScsiDeviceIO: 2927: Cmd(0x439500a7f200) 0x2a, CmdSN 0xaa9 from world 65693 to dev "t10.ATA_____SSD" failed H:0x2 D:0x0 P:0x0 Invalid sense data: 0x75 0x70 0x64.';
const NOSPACE = '2020-05-20T14:27:42.371Z cpu3:2098856)ScsiDeviceIO: 3029: Cmd(0x459a906502c0) 0x2a, CmdSN 0x1a0d2b from world 0 to dev "naa.60" failed H:0x0 D:0x2 P:0x8 Valid sense data: 0x7 0x27 0x7';

function byKind(ds: Decoding[], kind: string): Decoding[] {
  return ds.filter((d) => d.kind === kind);
}

function spanOk(line: string, ds: Decoding[]): void {
  for (const d of ds) assert.equal(line.slice(d.start, d.end), d.text, d.kind);
}

describe('ESX H: D: P: sense tuple', () => {
  it('decodes the article tuple part by part: DID_OK, CHECK CONDITION, UNIT ATTENTION, REPORTED LUNS DATA HAS CHANGED', () => {
    const ds = vmwareScsiTupleDecoder.decode(ARTICLE, {});
    spanOk(ARTICLE, ds);
    assert.deepEqual(
      ds.map((d) => [d.kind, d.text]),
      [
        ['scsi-tuple', 'H:0x0 D:0x2 P:0x0 Valid sense data: 0x6 0x3f 0xe'],
        ['vmware-host-status', 'H:0x0'],
        ['scsi-status', 'D:0x2'],
        ['vmware-plugin-status', 'P:0x0'],
        ['scsi-sense', '0x6 0x3f 0xe'],
      ],
    );
    assert.match(ds[1].summary, /VMK_SCSI_HOST_OK \(DID_OK\)/);
    assert.match(ds[2].summary, /CHECK CONDITION/);
    assert.match(ds[3].summary, /VMK_SCSI_PLUGIN_GOOD/);
    assert.match(ds[4].summary, /^SCSI sense UNIT ATTENTION: REPORTED LUNS DATA HAS CHANGED \(0x6\/0x3F\/0x0E\)$/);
    assert.match(ds[0].summary, /^SCSI command failed: device CHECK CONDITION — UNIT ATTENTION: REPORTED LUNS DATA HAS CHANGED .*\(host OK, plug-in OK\)$/);
    assert.ok(ds[0].details.some((l) => /snapshot or clone LUN attached for backup verification/.test(l)));
    assert.ok(ds[0].details.some((l) => l.startsWith('Source: VMware KB 289902')));
    // Every part carries the combined reading.
    for (const part of ds.slice(1))
      assert.ok(
        part.details.some((l) => l.startsWith('Together: SCSI command failed: device CHECK CONDITION')),
        part.kind,
      );
  });

  it('lists the whole tuple first, so a hover anywhere on it shows the combined reading', () => {
    const ds = decodeLine(ARTICLE);
    spanOk(ARTICLE, ds);
    const tuple = ds.find((d) => d.kind === 'scsi-tuple')!;
    for (let ch = tuple.start; ch < tuple.end; ch++) {
      const first = ds.find((d) => d.start <= ch && ch < d.end)!;
      assert.equal(first.kind, 'scsi-tuple', `at ${ch}`);
    }
    const op = ds.find((d) => d.kind === 'scsi-opcode')!;
    assert.equal(op.text, '0x28');
    assert.match(op.summary, /READ\(10\)/);
  });

  it('reads 0x6 0x2a 0x6 as the ALUA state change, not as REPORTED LUNS DATA HAS CHANGED', () => {
    const ds = vmwareScsiTupleDecoder.decode(ALUA, {});
    const sense = byKind(ds, 'scsi-sense')[0];
    assert.equal(sense.text, '0x6 0x2a 0x6');
    assert.match(sense.summary, /ASYMMETRIC ACCESS STATE CHANGED/);
    assert.doesNotMatch(ds.map((d) => d.summary + d.details.join(' ')).join(' '), /REPORTED LUNS/);
    assert.ok(sense.details.some((l) => /ALUA path state change/.test(l)));
  });

  it('decodes ESXi 5 "Possible sense data" and says it is only possible', () => {
    const ds = vmwareScsiTupleDecoder.decode(ESXI5, {});
    spanOk(ESXI5, ds);
    assert.match(ds[0].summary, /possible sense ILLEGAL REQUEST: INVALID FIELD IN CDB/);
    assert.match(byKind(ds, 'scsi-sense')[0].summary, /^possible SCSI sense ILLEGAL REQUEST: INVALID FIELD IN CDB/);
  });

  it('puts a host-side abort first and calls zero sense bytes no sense', () => {
    const ds = vmwareScsiTupleDecoder.decode(ABORT, {});
    assert.equal(ds[0].summary, 'SCSI command failed: host VMK_SCSI_HOST_ABORT (DID_ABORT) (device GOOD, plug-in OK)');
    assert.match(byKind(ds, 'scsi-sense')[0].summary, /no sense data/);
  });

  it('shows Invalid sense data as NOT valid and never as a sense key, ASC and ASCQ', () => {
    const ds = decodeLine(INVALID);
    spanOk(INVALID, ds);
    const invalid = byKind(ds, 'scsi-sense-invalid');
    assert.equal(invalid.length, 1);
    assert.equal(invalid[0].text, '0x75 0x70 0x64');
    assert.match(invalid[0].summary, /^NOT valid sense data/);
    assert.equal(byKind(ds, 'scsi-sense').length, 0);
    assert.equal(byKind(ds, 'scsi-sense-bytes').length, 0);
    const all = ds.map((d) => d.summary + ' ' + d.details.join(' ')).join(' ');
    assert.doesNotMatch(all, /ASC\/ASCQ 0x70\/0x64|sense key 0x75|VENDOR SPECIFIC/i);
    assert.match(byKind(ds, 'scsi-tuple')[0].summary, /host VMK_SCSI_HOST_BUS_BUSY .*sense bytes NOT valid/);
  });

  it('copes with a tuple cut off after "Invalid sense"', () => {
    const line = '2017-02-25T17:34:15.505Z cpu0:65560)NMP: nmp_ThrottleLogForDevice:3617: Cmd 0x2a (0x439500a7f200, 65693) to dev "t10.ATA" on path "vmhba0:C0:T0:L0" Failed: H:0x2 D:0x0 P:0x0 Invalid sense $';
    const ds = vmwareScsiTupleDecoder.decode(line, {});
    spanOk(line, ds);
    assert.equal(ds[0].text, 'H:0x2 D:0x0 P:0x0 Invalid sense');
    assert.equal(byKind(ds, 'scsi-sense').length + byKind(ds, 'scsi-sense-invalid').length, 0);
  });

  it('reads a tuple without any sense part', () => {
    const line = 'ScsiDeviceIO: 4644: Cmd(0x45dd59aeb940) 0x2a, CmdSN 0x80000048 from world 2116310 to dev "naa.x" failed H:0x0 D:0x8 P:0x0';
    const ds = vmwareScsiTupleDecoder.decode(line, {});
    assert.equal(ds[0].text, 'H:0x0 D:0x8 P:0x0');
    assert.equal(ds[0].summary, 'SCSI command failed: device BUSY (host OK, plug-in OK)');
  });

  it('uses the ESXi 5+ plug-in numbering on ESXi 5 lines: P:0x8 is THINPROV_NOSPACE', () => {
    const ds = vmwareScsiTupleDecoder.decode(NOSPACE, {});
    assert.match(byKind(ds, 'vmware-plugin-status')[0].summary, /^plug-in status 0x8: VMK_SCSI_PLUGIN_THINPROV_NOSPACE$/);
    assert.match(ds[0].summary, /DATA PROTECT: SPACE ALLOCATION FAILED WRITE PROTECT/);
  });
});

describe('VMware host and plug-in status tables', () => {
  const hosts: [number, string][] = [
    [0x0, 'VMK_SCSI_HOST_OK'],
    [0x1, 'VMK_SCSI_HOST_NO_CONNECT'],
    [0x2, 'VMK_SCSI_HOST_BUS_BUSY'],
    [0x3, 'VMK_SCSI_HOST_TIMEOUT'],
    [0x4, 'VMK_SCSI_HOST_BAD_TARGET'],
    [0x5, 'VMK_SCSI_HOST_ABORT'],
    [0x6, 'VMK_SCSI_HOST_PARITY'],
    [0x7, 'VMK_SCSI_HOST_ERROR'],
    [0x8, 'VMK_SCSI_HOST_RESET'],
    [0x9, 'VMK_SCSI_HOST_BAD_INTR'],
    [0xa, 'VMK_SCSI_HOST_PASSTHROUGH'],
    [0xb, 'VMK_SCSI_HOST_SOFT_ERROR'],
    [0xc, 'VMK_SCSI_HOST_RETRY'],
    [0xd, 'VMK_SCSI_HOST_REQUEUE'],
  ];
  for (const [code, status] of hosts) it(`H:0x${code.toString(16)} is ${status}`, () => assert.equal(hostStatusInfo(code).status, status));
  it('flags host values VMware does not list', () => assert.equal(hostStatusInfo(0x42).known, false));

  it('tells ESX 4.x and ESXi 5+ plug-in codes apart', () => {
    assert.deepEqual(
      pluginStatusInfo(0x3).readings.map((r) => r.status),
      ['VMK_SCSI_PLUGIN_RESERVATION_LOST'],
    );
    assert.deepEqual(
      pluginStatusInfo(0x4, 'esxi5').readings.map((r) => r.status),
      ['VMK_SCSI_PLUGIN_REQUEUE'],
    );
    assert.deepEqual(
      pluginStatusInfo(0x4, 'esx4').readings.map((r) => r.status),
      ['VMK_SCSI_PLUGIN_THINPROV_BUSY_GROWING'],
    );
    assert.deepEqual(
      pluginStatusInfo(0x4).readings.map((r) => [r.generation, r.status]),
      [
        ['esxi5', 'VMK_SCSI_PLUGIN_REQUEUE'],
        ['esx4', 'VMK_SCSI_PLUGIN_THINPROV_BUSY_GROWING'],
      ],
    );
    assert.equal(pluginStatusInfo(0x6, 'esx4').readings[0].confirmed, false);
    assert.deepEqual(
      pluginStatusInfo(0x8).readings.map((r) => r.status),
      ['VMK_SCSI_PLUGIN_THINPROV_NOSPACE'],
    );
  });

  it('tells the generation from the message shape', () => {
    assert.equal(esxGenerationOf(ARTICLE), 'esx4');
    assert.equal(esxGenerationOf(ALUA), 'esx4');
    assert.equal(esxGenerationOf(ESXI5), 'esxi5');
    assert.equal(esxGenerationOf('Cmd 0x28 (0x41244109c100, 12535) to dev "naa.x" Failed: H:0xb D:0x0 P:0x0'), 'unknown');
  });

  it('shows both readings of an ambiguous plug-in status in the tuple', () => {
    const line = 'NMP: nmp_ThrottleLogForDevice:2318: Cmd 0x2a (0x4124, 1) to dev "naa.x" on path "vmhba2:C0:T0:L6" Failed: H:0x0 D:0x0 P:0x4 Possible sense data: 0x0 0x0 0x0.';
    const p = byKind(vmwareScsiTupleDecoder.decode(line, {}), 'vmware-plugin-status')[0];
    assert.match(p.summary, /VMK_SCSI_PLUGIN_REQUEUE \(ESXi 5\+\) or VMK_SCSI_PLUGIN_THINPROV_BUSY_GROWING \(ESX 4\.x\)/);
  });
});

describe('logtriage decode --json on the ESX article line', () => {
  it('prints the tuple, its parts and the opcode', () => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'decode', ARTICLE, '--json'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { kind: string; text: string; summary: string; details: string[] }[];
    const scsi = doc.filter((d) => d.kind.startsWith('scsi') || d.kind.startsWith('vmware'));
    assert.deepEqual(
      scsi.map((d) => [d.kind, d.text]),
      [
        ['scsi-opcode', '0x28'],
        ['scsi-tuple', 'H:0x0 D:0x2 P:0x0 Valid sense data: 0x6 0x3f 0xe'],
        ['vmware-host-status', 'H:0x0'],
        ['scsi-status', 'D:0x2'],
        ['vmware-plugin-status', 'P:0x0'],
        ['scsi-sense', '0x6 0x3f 0xe'],
      ],
    );
    assert.match(scsi[1].summary, /UNIT ATTENTION: REPORTED LUNS DATA HAS CHANGED/);
    assert.deepEqual(Object.keys(scsi[1]), ['kind', 'text', 'summary', 'details']);
  });
});
