import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { checkLongLineBoundary, linesPerSecond, NEAR_LIMIT, tokenizeLongLine } from '../helpers/grammarSpeed';
import { readFixture } from '../helpers/paths';
import { loadGrammar, scopesOf, tokenize } from '../helpers/textmate';

const ID = 'xenserver-smlog';

describe('xenserver-smlog grammar', () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar('text.log.xenserver-smlog');
  });

  it('scopes stamp, SM, pid, lock steps and paths', () => {
    const [t] = tokenize(grammar, ['May 22 02:14:40 xrtuk-09-11 SM: [30412] lock: opening lock file /var/lock/sm/4a1c7c3e/sr']);
    assert.ok(scopesOf(t, 'May 22 02:14:40').includes(`constant.other.date.timestamp.${ID}`));
    assert.ok(scopesOf(t, 'SM').includes(`entity.name.type.component.${ID}`));
    assert.ok(scopesOf(t, '30412').includes(`variable.other.thread.${ID}`));
    assert.ok(scopesOf(t, 'opening lock file').includes(`keyword.other.lock.${ID}`));
    assert.ok(scopesOf(t, '/var/lock/sm/4a1c7c3e/sr').includes('string.unquoted.path.logtriage'));
  });

  it('marks exceptions as errors and pread SUCCESS as info', () => {
    const [exc, gc, ok, frame] = tokenize(grammar, [
      "May 22 02:14:57 h SM: [30412] ***** LVHD over iSCSI: EXCEPTION <class 'SR.SROSError'>, There is insufficient space",
      'May 22 02:15:31 h SMGC: [30590]          *  E X C E P T I O N  *',
      'May 22 02:14:41 h SM: [30412]   pread SUCCESS',
      'May 22 02:14:57 h SM: [30412]   File "/opt/xensource/sm/SRCommand.py", line 110, in run',
    ]);
    assert.ok(scopesOf(exc, 'EXCEPTION').includes(`invalid.illegal.severity.error.${ID}`));
    assert.ok(scopesOf(gc, 'E X C E P T I O N').includes(`invalid.illegal.severity.error.${ID}`));
    assert.ok(scopesOf(gc, 'SMGC').includes(`entity.name.type.component.${ID}`));
    assert.ok(scopesOf(ok, 'SUCCESS').includes(`markup.inserted.severity.info.${ID}`));
    assert.ok(scopesOf(frame, '"/opt/xensource/sm/SRCommand.py"').includes(`string.quoted.path.${ID}`));
    assert.ok(scopesOf(frame, 'run').includes(`entity.name.function.${ID}`));
  });

  it('reads the older pid-first lines as records', () => {
    const [t] = tokenize(grammar, ['[4168] 2012-10-29 23:25:50.145457 Setting LVM_DEVICE to /dev/disk/by-scsid/1494554000000000031f4d7f7ba60cab']);
    assert.ok(scopesOf(t, '4168').includes(`variable.other.thread.${ID}`));
    assert.ok(scopesOf(t, '2012-10-29 23:25:50.145457').includes(`constant.other.date.timestamp.${ID}`));
  });

  it('colours a line just under 20,000 characters, takes a 1 MB line as one token, and reports speed', (t) => {
    const unit = 'File "/a/b.py", line 1, in f EXCEPTION lock: acquired /x ';
    // VS Code colours a line up to 20,000 characters: just under it the record is coloured, past it one token
    const { near, long } = checkLongLineBoundary(grammar, ID, 'May 22 02:14:57 h SM: [30412] ', unit);
    const quotes = tokenizeLongLine(grammar, 'May 22 02:14:57 h SM: [30412] File "', 'x, line ', NEAR_LIMIT);
    assert.ok(quotes.tokens > 0);
    const rate = linesPerSecond(grammar, readFixture('xenserver', 'variants', 'SMlog').trimEnd().split('\n'));
    t.diagnostic(`19 KB line: ${near.ms} ms (${near.tokens} tokens); 1 MB line: ${long.ms} ms; 19 KB unterminated quote: ${quotes.ms} ms; ${rate} lines/s`);
    assert.ok(rate > 0);
  });
});
