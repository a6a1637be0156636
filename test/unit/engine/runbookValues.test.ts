// A runbook's commands take their values from the finding: filled where the finding knows them and
// they are safe in a shell, a visible <name> where not; never a blind wildcard removal.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, builtInRuleSet, fillCommands, fillPlaceholders, fillRunbookMarkdown, isSafeCommandValue, loadRunbook, triageReport } from '../../../server/src/engine';
import { dataMoverOfPath } from '../../../server/src/engine/formats/vnxServerLog';
import { toDiagnostic } from '../../../server/src/features/diagnostics';

const STALE_ENTRY = 'lrwxr-xr-x  1 root bin   95 Mar 10 19:39 automaticTempNDMPCkpt10-19-1426016353 -> 4294967295 0 /root_vdm_1/automaticNDMPCkpts CKMxxx_2_1555 CKMxxx_2_1556';
const WAIT = '2015-05-05 12:10:10: 26046431232: CMD: 6: checkCkptCnt: concurrentCkptCnt(10) > concurrentDataStreams(8), need to wait';

describe('runbook placeholders', () => {
  it('fills known values and shows the unknown ones as <name>', () => {
    assert.equal(fillPlaceholders('server_pax {mover} -stats', { mover: 'server_3' }), 'server_pax server_3 -stats');
    assert.equal(fillPlaceholders('ls /nas/quota/slot_{slot}/{checkpoint}', { slot: '2' }), 'ls /nas/quota/slot_2/<checkpoint>');
    assert.equal(fillPlaceholders('no placeholder here'), 'no placeholder here');
    assert.deepEqual(fillCommands(['a {x}', 'b {y}'], { x: '1' }), ['a 1', 'b <y>']);
  });

  it('does not let a log value change a command', () => {
    for (const hostile of ['x; rm -rf /', '$(reboot)', '`id`', 'a b', '*', '../../etc', '-rf', 'a|b', 'a>b', "a'b", '']) {
      assert.equal(isSafeCommandValue(hostile), false, hostile);
      assert.equal(fillPlaceholders('rm -f /dir/{name}', { name: hostile }), 'rm -f /dir/<name>');
    }
    for (const fine of ['server_2', 'automaticTempNDMPCkpt10-19-1426016353', '2', 'fs_test', 'naa.600a0b80:1']) assert.ok(isSafeCommandValue(fine), fine);
  });

  it('does not take inherited names for values', () => {
    assert.equal(fillPlaceholders('{constructor} {toString}', {}), '<constructor> <toString>');
  });

  it('fills code in the runbook view and leaves prose alone', () => {
    const md = 'Use `{mover}` here; the {mover} in prose stays.\n\n```\nserver_pax {mover} -stats\n```\n';
    assert.equal(fillRunbookMarkdown(md, { mover: 'server_2' }), 'Use `server_2` here; the {mover} in prose stays.\n\n```\nserver_pax server_2 -stats\n```\n');
    assert.match(fillRunbookMarkdown(md, {}), /server_pax <mover> -stats/);
  });
});

describe('finding values', () => {
  it('reads the Data Mover from the path', () => {
    assert.deepEqual(dataMoverOfPath('/case/server_log_server_3.txt'), { mover: 'server_3', slot: '3' });
    assert.deepEqual(dataMoverOfPath('/case/server_2/server_log'), { mover: 'server_2', slot: '2' });
    assert.deepEqual(dataMoverOfPath('/case/slot_4/.etc/server_log'), { mover: 'server_4', slot: '4' });
    assert.deepEqual(dataMoverOfPath('/case/server_log'), {});
    assert.deepEqual(dataMoverOfPath('/case/server_123/server_log'), {});
  });

  it('carries the rule groups over the file values, without the whole match', () => {
    const { findings } = analyzeText('/case/server_2/server_log', `${WAIT}\n${STALE_ENTRY}\n`, { format: 'vnx-server-log' });
    const entry = findings.find((f) => f.rule === 'vnx/stale-ndmp-ckpt-entry')!;
    assert.deepEqual(entry.values, { mover: 'server_2', slot: '2', checkpoint: 'automaticTempNDMPCkpt10-19-1426016353', epoch: '1426016353' });
    const wait = findings.find((f) => f.rule === 'vnx/ckpt-wait')!;
    assert.deepEqual(wait.values, { mover: 'server_2', slot: '2', count: '10', limit: '8' });
  });

  it('turns the stale-checkpoint runbook into commands for exactly the named entry', () => {
    const runbook = loadRunbook('vnx-stale-ndmp-checkpoints')!;
    assert.ok(!runbook.resolutionCommands.some((c) => /\*/.test(c)), 'no wildcard in a resolution command');
    const { findings } = analyzeText('/case/server_2/server_log', `${STALE_ENTRY}\n`, { format: 'vnx-server-log' });
    const commands = fillCommands(runbook.resolutionCommands, findings[0].values);
    assert.ok(commands.includes('rm -f /nas/quota/slot_2/.etc/backupSnapDB/automaticTempNDMPCkpt10-19-1426016353'), commands.join('\n'));
    assert.ok(commands.includes('ls -l /nas/quota/slot_2/.etc/backupSnapDB/automaticTempNDMPCkpt10-19-1426016353'), 'checks the entry before removing it');
    assert.ok(commands.indexOf('ls -l /nas/quota/slot_2/.etc/backupSnapDB/automaticTempNDMPCkpt10-19-1426016353') < commands.findIndex((c) => c.startsWith('rm ')));
    // a finding that does not name the checkpoint leaves it for the engineer
    const wait = analyzeText('/case/server_log', `${WAIT}\n`, { format: 'vnx-server-log' }).findings[0];
    assert.ok(fillCommands(runbook.resolutionCommands, wait.values).includes('rm -f /nas/quota/slot_<slot>/.etc/backupSnapDB/<checkpoint>'));
  });

  it('fills the report with what all findings of a root cause agree on', () => {
    const a = analyzeText('/case/server_2/server_log', `${WAIT}\n${STALE_ENTRY}\n`, { format: 'vnx-server-log' });
    const report = triageReport({ files: [a], unreadable: [], root: '/case', rules: builtInRuleSet(), now: new Date(0) });
    assert.match(report, /^server_umount server_2 -perm <checkpoint>$/m);
    assert.match(report, /^rm -f \/nas\/quota\/slot_2\/\.etc\/backupSnapDB\/<checkpoint>$/m);
  });
});

describe('diagnostic data', () => {
  it('carries only the values that can fill a command', () => {
    const sense = '2019-01-01T00:00:00.000Z cpu1:2)ScsiDeviceIO: 2595: Cmd(0x45a2) 0x28, CmdSN 0x1 from world 0 to dev "naa.600a0b80" failed H:0x0 D:0x2 P:0x0 Valid sense data: 0x6 0x3f 0xe.';
    const f = analyzeText('/case/vmkernel.log', `${sense}\n`, { format: 'esx-vmkernel-log' }).findings[0];
    assert.ok(f.values?.sense?.includes(' '), 'the finding keeps its decoded prose');
    const data = toDiagnostic(f, 'file:///case/vmkernel.log').data as { values?: Record<string, string> };
    assert.ok(data.values && Object.values(data.values).every(isSafeCommandValue), JSON.stringify(data.values));
    assert.equal(data.values.sense, undefined);
  });
});

describe('VNX rules against each other', () => {
  // the sample test runs one rule at a time; here every VNX sample meets the whole built-in set
  const vnxRules = builtInRuleSet().rules.filter((r) => r.families.includes('vnx-server-log') && !r.correlator);
  for (const rule of vnxRules) {
    it(`only ${rule.id} fires on its own samples`, () => {
      for (const sample of rule.samples) {
        const { findings } = analyzeText('/case/server_log', `${sample}\n`, { format: 'vnx-server-log' });
        assert.deepEqual([...new Set(findings.map((f) => f.rule))], [rule.id], sample);
      }
    });
  }
});
