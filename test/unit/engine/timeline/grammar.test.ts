import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadGrammar, scopesOf, tokenize } from '../../../helpers/textmate';

// The injection runs in every `.log` document (the Log language's text.log); tested on its own here.
describe('timeline grammar injection', () => {
  it('scopes the time, the tag, gap markers, notes and NetBackup levels', async () => {
    const g = await loadGrammar('text.log.logtriage-timeline-injection');
    const [line, cont, gap, note, plain] = tokenize(g, [
      '2014-05-05T17:50:36.114  [media/bpbrm] 17:50:36.114 [5592.5372] <16> bpbrm handle_backup: cannot create data socket',
      '                         [media/bpbrm] ...snip...',
      '2014-05-05T17:46:37.262          [gap] ··· 1 min 59 s with nothing logged, until 2014-05-05T17:48:36.611 ···',
      '# [client/vnetd] /case/client/vnetd/log.050514: netbackup-legacy-log, day 2014-05-05 from the file name',
      '17:50:36.114 [5592.5372] <16> bpbrm handle_backup: an ordinary log line',
    ]);
    assert.ok(scopesOf(line, '2014-05-05T17:50:36.114').includes('constant.other.date.timestamp.logtriage-timeline'));
    assert.ok(scopesOf(line, 'media/bpbrm').includes('variable.other.source.logtriage-timeline'));
    assert.ok(scopesOf(line, '<16>').includes('invalid.illegal.severity.error.netbackup-legacy-log'));
    assert.ok(scopesOf(cont, 'media/bpbrm').includes('variable.other.source.logtriage-timeline'));
    assert.ok(scopesOf(gap, '[gap]').includes('keyword.other.gap.logtriage-timeline'));
    assert.ok(note[0].scopes.includes('comment.line.number-sign.logtriage-timeline'));
    // a log line that is not a timeline line gets no timeline scopes (beyond this test's root scope)
    assert.ok(plain.every((t) => !t.scopes.slice(1).some((s) => s.endsWith('.logtriage-timeline'))));
    assert.ok(scopesOf(plain, '17:50:36.114 [5592.5372] ').length === 1);
  });

  it('the timeline language scopes the levels of every family and the shared message tokens', async () => {
    const g = await loadGrammar('text.log.logtriage-timeline');
    const [hostd, vmkernel, nbu] = tokenize(g, [
      "2012-04-07T17:33:20.472  [esx/hostd] Apr 7 17:33:20 esx_host Hostd: [2012-04-07 17:33:20.472 32AE9B90 error 'Statssvc'] No space left",
      '2019-03-01T08:53:36.000  [esx/vmkernel] 2019-03-01T08:53:36.000Z cpu3:2099270)WARNING: NMP: failed H:0x0 D:0x2 P:0x0 on naa.600601604a503a00f4c1e2a1b2c3d4e5',
      '2014-05-05T17:50:36.114  [media/bpbrm] 17:50:36.114 [5592.5372] <4> bpbrm main: INFO started',
    ]);
    assert.ok(scopesOf(hostd, 'error').includes('invalid.illegal.severity.error.logtriage-timeline'));
    assert.ok(scopesOf(vmkernel, 'WARNING').includes('support.function.severity.warning.logtriage-timeline'));
    assert.ok(scopesOf(vmkernel, 'H:0x0 D:0x2 P:0x0').includes('constant.other.scsi-status.logtriage'));
    assert.ok(scopesOf(nbu, 'INFO').includes('markup.inserted.severity.info.logtriage-timeline'));
    assert.ok(scopesOf(hostd, ' esx_host Hostd: [').length === 1, 'words that are no level stay plain');
  });
});
