// Which literals the search looks for decides how many lines run a rule's patterns: the near misses
// a rule lists choose among the runs its patterns require, and an enricher that drops whole
// namespaces of lines narrows the prefilters to what it can keep.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, builtInRules } from '../../../../server/src/engine';
import { vobIdsWithFindings } from '../../../../server/src/engine/decoders/vmwareVob';
import { requiredLiterals, searchLiterals } from '../../../../server/src/engine/rules/requiredLiterals';
import { vmwareVob, vmwareVobPrefilters } from '../../../../server/src/engine/rules/enrichers/vmwareVob';

describe('search literals chosen by the near misses', () => {
  const multipath = '\\bdevice-mapper: multipath: (?:\\d+:\\d+: )?Failing path (?<path>\\d+:\\d+)';
  const recovery = 'Mar  4 05:45:00 xs76-c kernel: [99419.000101] device-mapper: multipath: Reinstating path 8:32.';

  it('takes the longest run when there are no near misses', () => {
    assert.deepEqual(requiredLiterals(multipath), ['device-mapper: multipath: ']);
  });

  it('takes the run the near misses lack, however long the other', () => {
    assert.deepEqual(requiredLiterals(multipath, [recovery]), ['Failing path ']);
    assert.deepEqual(searchLiterals([multipath], ['Failing path '], ['device-mapper: multipath: Failing path 8:32.'], [recovery]), ['Failing path ']);
  });

  it('keeps the longer run when the one the near misses lack is a short, common word', () => {
    const pattern = 'Partition table read from device (?<dev>\\S+) failed: (?<why>.+)';
    const nearMiss = 'Partition table read from device naa.1 succeeded';
    assert.deepEqual(requiredLiterals(pattern, [nearMiss]), ['Partition table read from device ']);
  });

  it('prefers a derived literal the near misses lack over a longer prefilter they hold', () => {
    const pattern = "\\['/usr/sbin/tap-ctl', '(?<op>open|close)'[^\\]]{0,100}\\] failed: status=(?<status>\\d+)";
    const ok = "SM: [15413] ['/usr/sbin/tap-ctl', 'open', '-p', '15788']";
    const failed = "SM: [15413] ['/usr/sbin/tap-ctl', 'open', '-p', '15788'] failed: status=22";
    assert.deepEqual(searchLiterals([pattern], ["'/usr/sbin/tap-ctl', '"], [failed], [ok]), ['] failed: status=']);
    assert.deepEqual(searchLiterals([pattern], ["'/usr/sbin/tap-ctl', '"], [failed], []), ["['/usr/sbin/tap-ctl', 'open'", "['/usr/sbin/tap-ctl', 'close'"]);
  });

  it('still finds every sample line of every built-in rule', () => {
    for (const r of builtInRules()) {
      const patterns = Array.isArray(r.pattern) ? r.pattern : [r.pattern];
      const set = searchLiterals(patterns, Array.isArray(r.prefilter) ? r.prefilter : [r.prefilter], r.samples, r.counterSamples);
      for (const line of r.samples.flatMap((s) => s.split('\n')))
        if (patterns.some((p) => new RegExp(p).test(line)))
          assert.ok(
            set.some((l) => line.includes(l)),
            `${r.id}: ${line}`,
          );
    }
  });
});

describe('vob ids: the search looks only for those that can give a finding', () => {
  const prefilters = vmwareVobPrefilters(['[esx.problem.', '[vob.', '[esx.audit.']);
  const searched = (id: string) => prefilters.some((p) => `[${id}] text`.includes(p));

  it('keeps esx.problem whole and lists the table ids of the other namespaces', () => {
    assert.ok(prefilters.includes('[esx.problem.'));
    assert.ok(!prefilters.includes('[vob.') && !prefilters.includes('[esx.audit.'));
    assert.ok(prefilters.length > 3, `${prefilters.length} prefilters`);
  });

  it('searches an id exactly when the enricher keeps it', () => {
    const ids = [...vobIdsWithFindings(), 'vob.user.ssh.session.opened', 'vob.net.vmnic.linkstate.up', 'esx.audit.ssh.session.closed', 'esx.problem.not.in.the.table', 'esx.clear.storage.redundancy.restored'];
    for (const prefix of ['vob.', 'esx.audit.']) for (const id of vobIdsWithFindings()) if (id.startsWith(prefix)) ids.push(`${id}.more`, id.slice(0, -1));
    for (const id of ids) assert.equal(searched(id), !vmwareVob({ vob: id }, `[${id}]`).drop, id);
  });

  it('gives vobd the same findings as before on audit and user lines mixed with problems', () => {
    const lines = [
      "2020-09-22T03:12:08.441Z: [UserLevelCorrelator] 2236893420us: [esx.audit.ssh.session.closed] SSH session was closed for 'root@10.0.0.9'.",
      "2020-09-22T03:12:09.441Z: [UserLevelCorrelator] 2244282368us: [vob.user.ssh.session.opened] SSH session was opened for 'root@10.0.0.9'.",
      '2020-09-22T03:12:10.441Z: [scsiCorrelator] 8812440112us: [esx.problem.storage.redundancy.lost] Lost path redundancy to storage device naa.600508b1001c4d2e3f4a5b6c7d8e9f00. Path vmhba2:C0:T1:L4 is down.',
    ];
    const ids = analyzeText('/var/run/log/vobd.log', lines.join('\n')).findings.map((f) => `${f.rule}@${f.span.line}`);
    assert.deepEqual(ids, ['esx/vob-problem@2']);
  });
});
