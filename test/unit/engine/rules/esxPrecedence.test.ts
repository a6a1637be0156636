// The whole built-in rule set on ESX lines that several rules match: only the most specific finding
// stays (rule `supersedes`), table-driven vob findings give their meaning, and near misses stay silent.
// The sample harness runs one rule at a time, so it cannot see any of this.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../../../server/src/engine';
import { analyzeText, builtInRules } from '../../../../server/src/engine';

function findingsOn(line: string, family: string): Finding[] {
  return analyzeText('sample', line + '\n', { format: family }).findings;
}
const rulesOn = (line: string, family = 'esx-vmkernel-log') => findingsOn(line, family).map((f) => f.rule);

describe('ESX rules together on one line', () => {
  it('PDL sense data: the PDL rule, not the generic CHECK CONDITION', () => {
    const esxi = '2013-05-21T14:02:11.001Z cpu6:8198)ScsiDeviceIO: 2331: Cmd(0x412441a6b4c0) 0x2a, CmdSN 0x1e8a from world 32890 to dev "naa.60a98000572d5472" failed H:0x0 D:0x2 P:0x0 Valid sense data: 0x5 0x25 0x0.';
    const satp =
      '2011-08-09T10:43:26.857Z cpu2:853571)VMW_SATP_ALUA: satp_alua_issueCommandOnPath:661: Path "vmhba3:C0:T0:L0" (PERM LOSS) command 0xa3 failed with status Device is permanently unavailable. H:0x0 D:0x2 P:0x0 Valid sense data: 0x5 0x25 0x0.';
    assert.deepEqual(rulesOn(esxi), ['esx/pdl-sense']);
    assert.deepEqual(rulesOn(satp), ['esx/pdl-sense']);
  });

  it('ATS miscompare: the ATS rule alone', () => {
    const line = '2016-06-28T13:15:56.432Z cpu31:33451)ScsiDeviceIO: 2651: Cmd(0x43a617083a00) 0x89, CmdSN 0x1a236 from world 34269 to dev "naa.6000d31000bd2300" failed H:0x0 D:0x2 P:0x0 Valid sense data: 0xe 0x1d 0x0.';
    assert.deepEqual(rulesOn(line), ['esx/ats-miscompare']);
  });

  it('RESERVATION CONFLICT with a plug-in status: the reservation rule, not the host-error rule', () => {
    const line = 'Jan 3 10:11:12 esx4 vmkernel: 1:02:03:04.500 cpu3:4099)ScsiDeviceIO: 1672: Command 0x28 to device "naa.60060e801603dd00" failed H:0x0 D:0x18 P:0x3 Possible sense data: 0x0 0x0 0x0.';
    assert.deepEqual(rulesOn(line), ['esx/reservation-conflict']);
  });

  it('an ESX probe a local disk does not support (ATA PASS-THROUGH, MODE SENSE) stays silent', () => {
    const ata = '2016-05-10T06:12:55.018Z cpu22:33403)ScsiDeviceIO: 2652: Cmd(0x43a5c1a0e7c0) 0x85, CmdSN 0x2f4 from world 34256 to dev "t10.ATA_____INTEL_SSDSC2BB480G4" failed H:0x0 D:0x2 P:0x0 Valid sense data: 0x5 0x20 0x0.';
    const nmp =
      '2014-08-13T01:34:17.691Z cpu9:32806)NMP: nmp_ThrottleLogForDevice:2321: Cmd 0x1a (0x4136803ea980, 0) to dev "mpx.vmhba0:C0:T0:L0" on path "vmhba0:C0:T0:L0" Failed: H:0x0 D:0x2 P:0x0 Valid sense data: 0x5 0x20 0x0. Act:NONE';
    assert.deepEqual(rulesOn(ata), []);
    assert.deepEqual(rulesOn(nmp), []);
    // the same sense on a WRITE is not a probe
    assert.deepEqual(rulesOn(ata.replace(') 0x85,', ') 0x2a,')), ['esx/scsi-check-condition']);
  });

  it('decodes the ESX 4.1 NMP line that names the physical path', () => {
    const line =
      'Apr 19 09:36:36 esxa vmkernel: 0:19:05:45.146 cpu0:4478)NMP: nmp_CompleteCommandForPath: Command 0x2a (0x410001032580) to NMP device "naa.6006016046702900" failed on physical path "vmhba2:C0:T1:L4" H:0x0 D:0x2 P:0x0 Valid sense data: 0x6 0x3f 0xe.';
    const [f, ...rest] = findingsOn(line, 'esx-vmkernel-log');
    assert.deepEqual(rest, []);
    assert.equal(f.rule, 'esx/scsi-check-condition');
    assert.match(f.message, /WRITE\(10\).*REPORTED LUNS DATA HAS CHANGED/);
    assert.equal(f.runbook, 'esx-scsi-sense');
  });

  it('APD start in vobd: the APD rule, not the generic vob finding; without an exit, also the unended APD', () => {
    const start = '2015-03-18T11:02:41.118Z: [APDCorrelator] 2416565107us: [vob.storage.apd.start] Device or filesystem with identifier [8a5a1336-3d574c6d] has entered the All Paths Down state.';
    const exit = '2015-03-18T11:03:02.004Z: [APDCorrelator] 2416586000us: [esx.clear.storage.apd.exit] Device or filesystem with identifier [8a5a1336-3d574c6d] has exited the All Paths Down state.';
    assert.deepEqual(rulesOn(start, 'esx-vobd-log'), ['esx/apd-start', 'esx/apd-not-exited']);
    assert.deepEqual(rulesOn(`${start}\n${exit}`, 'esx-vobd-log'), ['esx/apd-start']);
  });

  it('a problem id without a rule of its own gets the table meaning; recoveries and audit records stay silent', () => {
    const lost = '2020-09-22T03:12:08.441Z: [scsiCorrelator] 8812440112us: [esx.problem.storage.redundancy.lost] Lost path redundancy to storage device naa.600508b1001c4d2e. Path vmhba2:C0:T1:L4 is down.';
    const [f, ...rest] = findingsOn(lost, 'esx-vmkernel-log');
    assert.deepEqual(rest, []);
    assert.equal(f.rule, 'esx/vob-problem');
    assert.match(f.message, /^esx\.problem\.storage\.redundancy\.lost: Only one path/);
    assert.deepEqual(rulesOn(lost.replace('esx.problem.storage.redundancy.lost', 'esx.clear.storage.redundancy.restored')), []);
    assert.deepEqual(rulesOn(lost.replace('esx.problem.storage.redundancy.lost', 'esx.audit.ssh.enabled')), []);
    // an esx.problem id the table does not know is still reported, as information
    const unknown = findingsOn(lost.replace('esx.problem.storage.redundancy.lost', 'esx.problem.future.thing'), 'esx-vmkernel-log');
    assert.deepEqual(
      unknown.map((u) => [u.rule, u.severity]),
      [['esx/vob-problem', 'information']],
    );
  });

  it("the hostd event for a full ramdisk file table: one finding, with that problem's runbook", () => {
    const line =
      "2013-08-12T13:48:25.650Z [6FE81B90 info 'ha-eventmgr'] Event 8573 : The file table of the ramdisk 'root' is full.  As a result, the file /var/run/vmware/tickets/vmtck-5206bb19 could not be created by the application 'hostd-worker'.";
    const fs = findingsOn(line, 'esx-hostd-log');
    assert.deepEqual(
      fs.map((f) => [f.rule, f.runbook]),
      [['esx/ramdisk-inode-full', 'esx-ramdisk-inode-full']],
    );
  });

  it('every ESX rule opens a runbook of its own area, never the hostdstats one unless it is about hostdstats', () => {
    const sense = findingsOn('Mar 1 08:53:36 host.com vmkernel: 2:16:49:12.573 cpu3:4099)ScsiDeviceIO: 1672: Command 0x28 to device "naa.6" failed H:0x0 D:0x2 P:0x0 Valid sense data: 0x3 0x11 0x0.', 'esx-vmkernel-log');
    assert.deepEqual(
      sense.map((f) => f.runbook),
      ['esx-scsi-sense'],
    );
  });
});

describe('ESX rules and their runbooks', () => {
  it('point at a runbook about their own problem: only the hostdstats rule opens the hostdstats runbook', () => {
    const esx = builtInRules().filter((r) => r.id.startsWith('esx/'));
    assert.ok(esx.length >= 35, `${esx.length} ESX rules`);
    for (const r of esx) {
      assert.ok(r.runbook, `${r.id} has no runbook`);
      if (r.id !== 'esx/hostd-stats-full') assert.notEqual(r.runbook, 'esx-hostdstats-ramdisk-full', r.id);
      for (const s of r.sources) assert.doesNotMatch(`${s.title} ${s.url ?? ''}`, /shared\/seeds|\/work\//, r.id);
    }
  });
});
