import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { checkLongLineBoundary } from '../helpers/grammarSpeed';
import { readFixture } from '../helpers/paths';
import { loadGrammar, scopesOf, tokenize } from '../helpers/textmate';

const ID = 'netbackup-job-details';

describe('netbackup-job-details grammar', () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar('text.log.netbackup-job-details');
  });

  it('scopes stamp, severity, process, pid and message', () => {
    const [t] = tokenize(grammar, ['04/12/2019 10:01:12 - Error bpbrm (pid=5678) from client fs01: ERR - failure reading file']);
    assert.ok(scopesOf(t, '04/12/2019 10:01:12').includes(`constant.other.date.timestamp.${ID}`));
    assert.ok(scopesOf(t, 'Error').includes(`invalid.illegal.severity.error.${ID}`));
    assert.ok(scopesOf(t, 'bpbrm').includes(`entity.name.type.component.${ID}`));
    assert.ok(scopesOf(t, '5678').includes(`variable.other.thread.${ID}`));
    assert.ok(scopesOf(t, 'ERR').includes(`invalid.illegal.severity.error.${ID}`));
    assert.ok(t[t.length - 1].scopes.includes(`meta.message.${ID}`));
  });

  it("gives Critical an error scope, Warning a warning scope, Info an info scope, in every locale's stamp", () => {
    const [c, w, i, a] = tokenize(grammar, [
      '29.jan.2021 03:02:43 - Critical bptm (pid=50205) get frag failed, backup id (c_1603821638)',
      "2019-04-12 10:01:10 - Warning bpbrm (pid=5678) from client fs01: WRN - can't open file",
      '12.04.2019 1:15:02 PM - Info nbjm (pid=880) starting backup job (jobid=305) for client web03',
      'Dec 17, 2021 12:00:20 PM - Info bpdm (pid=154836) Failed to delete WORM locked image',
    ]);
    assert.ok(scopesOf(c, 'Critical').includes(`invalid.illegal.severity.error.${ID}`));
    assert.ok(scopesOf(w, 'Warning').includes(`support.function.severity.warning.${ID}`));
    assert.ok(scopesOf(i, 'Info').includes(`markup.inserted.severity.info.${ID}`));
    assert.ok(scopesOf(i, '12.04.2019 1:15:02 PM').includes(`constant.other.date.timestamp.${ID}`));
    assert.ok(scopesOf(i, '305').includes(`constant.numeric.jobid.${ID}`));
    assert.ok(scopesOf(a, 'Dec 17, 2021 12:00:20 PM').includes(`constant.other.date.timestamp.${ID}`));
  });

  it('marks durations, status numbers and the unstamped final status line', () => {
    const [phase, exiting, last] = tokenize(grammar, ['04/12/2019 10:01:14 - end writing; write time: 0:01:09', '05/02/2013 22:23:32 - Info bptm (pid=5186) EXITING with status 87 <----------', 'media write error  (84)']);
    assert.ok(scopesOf(phase, '0:01:09').includes(`constant.numeric.duration.${ID}`));
    assert.ok(scopesOf(exiting, '87').includes(`constant.numeric.status-code.${ID}`));
    assert.ok(last[0].scopes.includes(`meta.message.continuation.${ID}`));
    assert.ok(scopesOf(last, '84').includes(`constant.numeric.status-code.${ID}`));
  });

  it('recognises every stamped line of the fixtures as a record, and only those', () => {
    for (const file of ['us_partial_success.txt', 'dayfirst_tape_84.txt', 'de_ampm_success.txt']) {
      const lines = readFixture('netbackup', 'jobdetails', file)
        .split('\n')
        .filter((l) => l.trim());
      for (const [i, tokens] of tokenize(grammar, lines).entries()) {
        const record = tokens.some((t) => t.scopes.includes(`meta.record.${ID}`));
        assert.equal(record, / - /.test(lines[i]) && /^\S+ \d/.test(lines[i]), `${file} line ${i + 1}: ${lines[i]}`);
      }
    }
  });

  it('colours a line just under 20,000 characters and takes a longer one as one token', () => {
    const { near } = checkLongLineBoundary(grammar, ID, '04/12/2019 10:01:12 - Error bpbrm (pid=5678) ', 'jobid=12 write time: 0:01:09 "q" /a/b ');
    assert.ok(near.tokens > 500);
  });
});
