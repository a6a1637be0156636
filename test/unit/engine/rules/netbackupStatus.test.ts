// The table-driven NetBackup status findings, run with the whole built-in rule set: which rule
// speaks on a line, the status it names, and what it recommends.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../../../server/src/engine';
import * as fs from 'node:fs';
import { analyzeText, builtInRules, runbookPath } from '../../../../server/src/engine';
import { loadTable } from '../../../../server/src/engine/decoders/tables';
import { readFixture } from '../../../helpers/paths';

const LEGACY = 'netbackup-legacy-log';
const JOB = 'netbackup-job-details';

function findingsOn(line: string, format = LEGACY): Finding[] {
  return analyzeText('x', line + '\n', { format }).findings;
}
const rulesOn = (line: string, format = LEGACY) => findingsOn(line, format).map((f) => f.rule);

describe('nbu/status-code and nbu/job-status', () => {
  it('names the status and its meaning from the table, in every shape', () => {
    for (const [line, format, status, meaning] of [
      ['8:51:14.569 AM: [1924.2304] <2> tar_base::V_vTarMsgW: INF - EXIT STATUS 156: snapshot error encountered', LEGACY, 156, 'snapshot error encountered'],
      ['05:23:26.212 [23506] <16> bpbkar Exit: ERR - bpbkar FATAL exit status = 24: socket write failed', LEGACY, 24, 'socket write failed'],
      ['13:02:11.120 [8812] <4> bpbrm wait_for_child: bpbkar exited with status 13', LEGACY, 13, 'file read failed'],
      ['05/02/2013 22:23:32 - Info bptm (pid=5186) EXITING with status 87 <----------', JOB, 87, 'media close error'],
      ['01/21/2020 10:32:10 - Error nbjm (pid=6748) NBU status: 800, EMM status: Resource request failed', JOB, 800, 'resource request failed'],
      ['socket read failed  (23)', JOB, 23, 'socket read failed'],
    ] as const) {
      const [f] = findingsOn(line, format);
      assert.ok(f, line);
      assert.match(f.message, new RegExp(`status ${status}: ${meaning}`, 'i'), line);
      assert.equal(f.severity, 'error', line);
    }
  });

  it('keeps exact boundaries: 24 is not 240, 25 is neither 2 nor 250', () => {
    const status = (line: string) => /status (\d+)/.exec(findingsOn(line)[0]?.message ?? '')?.[1];
    assert.equal(status('10:00:00.000 [1] <4> bpbkar Exit: INF - EXIT STATUS 24: socket write failed'), '24');
    assert.equal(status('10:00:00.000 [1] <4> bpbkar Exit: INF - EXIT STATUS 240: no schedules of the correct type exist in this policy'), '240');
    assert.equal(status('10:00:00.000 [1] <4> bpbkar Exit: INF - EXIT STATUS 2: none of the requested files were backed up'), '2');
    assert.equal(status('10:00:00.000 [1] <4> bpbkar Exit: INF - EXIT STATUS 250: the image was not created with TIR information'), '250');
    assert.deepEqual(rulesOn('10:00:00.000 [1] <2> bptm: EXIT STATUS 25.5 percent'), []);
  });

  it('stays silent on status 0 and reports 1 and 150 as information', () => {
    assert.deepEqual(rulesOn('10:00:00.000 [1] <4> bpbkar Exit: INF - EXIT STATUS 0: the requested operation was successfully completed'), []);
    assert.deepEqual(rulesOn('the requested operation was successfully completed  (0)', JOB), []);
    for (const [line, format] of [
      ['10:00:00.000 [1] <4> bpbkar Exit: INF - EXIT STATUS 1: the requested operation was partially successful', LEGACY],
      ['the requested operation was partially successful  (1)', JOB],
      ['10:00:00.000 [1] <4> bpbrm Exit: INF - EXIT STATUS 150: termination requested by administrator', LEGACY],
    ] as const) {
      const [f] = findingsOn(line, format);
      assert.equal(f?.severity, 'information', line);
    }
  });

  it('gives the curated action as the fix, and the guide for the others', () => {
    const actions = loadTable<{ actions: { n: number; action: string }[] }>('netbackup-status-actions').actions;
    assert.ok(actions.length >= 40);
    const [curated] = findingsOn('10:00:00.000 [1] <4> bpbkar Exit: INF - EXIT STATUS 156: snapshot error encountered');
    assert.equal(curated.fix, actions.find((a) => a.n === 156)!.action);
    const [other] = findingsOn('10:00:00.000 [1] <4> bptm Exit: INF - EXIT STATUS 83: media open error');
    assert.match(other.fix, /Status Codes Reference Guide/);
    assert.equal(other.href, 'https://www.veritas.com/support/en_US/doc/44037985-130729366-0');
  });

  it('opens the runbook of the problem behind a status where the table names one', () => {
    const [tape] = findingsOn('10:42:07.331 [6612] <4> bptm Exit: INF - EXIT STATUS 84: media write error');
    assert.deepEqual([tape.rule, tape.runbook], ['nbu/status-code', 'nbu-tape-media-errors']);
    const [other] = findingsOn('10:00:00.000 [1] <4> bptm Exit: INF - EXIT STATUS 83: media open error');
    assert.equal(other.runbook, 'nbu-status-codes');
    const actions = loadTable<{ actions: { n: number; runbook?: string }[] }>('netbackup-status-actions').actions;
    for (const a of actions) if (a.runbook) assert.ok(fs.existsSync(runbookPath(a.runbook)), `status ${a.n}: missing runbook ${a.runbook}`);
  });

  it("reads a bracketed number as a status only after that status's own words", () => {
    assert.deepEqual(rulesOn('04/12/2019 10:00:05 - Info bpbrm (pid=5678) something unexpected went wrong (84)', JOB), []);
    assert.deepEqual(rulesOn('04/12/2019 10:00:01 - Info nbjm (pid=1234) requesting resource (12)', JOB), []);
    assert.deepEqual(rulesOn('09:06:20 end writing file read failed (13)', JOB), ['nbu/job-status']);
  });

  it('leaves vnet status numbers alone', () => {
    assert.deepEqual(rulesOn('17:50:35.517 [2172.4736] <16> get_vnetd_forward_socket: vnet_connect_by_vnetd failed: 18'), []);
    assert.deepEqual(rulesOn('17:48:36.611 [2368.4288] <16> ProcessRequests: ... 0: status: 25 0x00000019'), []);
  });
});

describe('specific NetBackup rules supersede the generic status finding', () => {
  for (const [line, format, rule] of [
    ['10:01:02.003 [4321] <4> bpbrm Exit: EXIT STATUS 25: cannot connect on socket', LEGACY, 'nbu/status-25'],
    ['17:50:35.517 [2172.4736] <16> process_requests: get_vnetd_forward_socket failed: 25', LEGACY, 'nbu/status-25'],
    ['04/12/2019 10:42:07 - Info bptm (pid=6612) EXIT STATUS 84: media write error', JOB, 'nbu/media-write-error'],
    ['media write error  (84)', JOB, 'nbu/media-write-error'],
    ['error requesting media (tpreq)  (98)', JOB, 'nbu/tpreq-failed'],
    ['01/21/2020 10:32:10 - Error nbjm (pid=6748) NBU status: 96, EMM status: No media is available', JOB, 'nbu/no-media'],
    ['04/12/2019 10:05:11 - Error bpbrm (pid=4410) EXIT STATUS 54: timed out connecting to client', JOB, 'nbu/connect-timeout'],
    ['Disk storage server is down  (2106)', JOB, 'nbu/storage-server-down'],
  ] as const) {
    it(`${rule} alone on: ${line.slice(0, 70)}`, () => assert.deepEqual(rulesOn(line, format), [rule]));
  }
});

describe('NetBackup rules on whole job details and bpbkar logs', () => {
  it('finds the tape failure of a day-first job and nothing on its mount wait', () => {
    const { findings } = analyzeText('job.txt', readFixture('netbackup', 'jobdetails', 'dayfirst_tape_84.txt'));
    assert.deepEqual(
      findings.map((f) => [f.span.line + 1, f.rule]),
      [
        [7, 'nbu/tapealert-critical'],
        [8, 'nbu/image-write-failed'],
        [9, 'nbu/status-code'],
        [11, 'nbu/media-write-error'],
      ],
    );
  });

  it('finds nothing in a successful job', () => {
    assert.deepEqual(analyzeText('job.txt', readFixture('netbackup', 'jobdetails', 'de_ampm_success.txt')).findings, []);
  });

  it('reports a partial success as information and the unreadable file as a warning', () => {
    const { findings } = analyzeText('job.txt', readFixture('netbackup', 'jobdetails', 'us_partial_success.txt'));
    assert.deepEqual(
      findings.map((f) => [f.span.line + 1, f.rule, f.severity]),
      [
        [12, 'nbu/file-read-failure', 'warning'],
        [13, 'nbu/status-code', 'information'],
        [16, 'nbu/job-status', 'information'],
      ],
    );
  });

  it('every NetBackup rule has its own runbook among the nbu- runbooks', () => {
    for (const r of builtInRules().filter((r) => r.id.startsWith('nbu/'))) assert.match(r.runbook ?? '', /^nbu-/, r.id);
  });
});

describe('NetBackup rules against each other', () => {
  // the sample test runs one rule at a time; here every NetBackup sample line meets the whole built-in set
  const rules = builtInRules().filter((r) => r.id.startsWith('nbu/') && !r.correlator);
  const supersededBy = (id: string) => rules.filter((r) => r.supersedes?.includes(id)).map((r) => r.id);
  for (const rule of rules) {
    it(`${rule.id}'s samples get its finding, or the finding of a rule that supersedes it, and no other`, () => {
      for (const sample of rule.samples) {
        const fired = [...new Set(analyzeText('x', sample + '\n', { format: rule.families[0] }).findings.map((f) => f.rule))];
        assert.equal(fired.length, 1, `${sample}: ${fired.join(', ')}`);
        assert.ok([rule.id, ...supersededBy(rule.id)].includes(fired[0]), `${sample}: ${fired[0]}`);
      }
    });
  }
});
