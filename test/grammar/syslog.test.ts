import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { checkLongLineBoundary, linesPerSecond, NEAR_LIMIT, tokenizeLongLine } from '../helpers/grammarSpeed';
import { readFixture } from '../helpers/paths';
import { loadGrammar, scopesOf, tokenize } from '../helpers/textmate';

const ID = 'syslog';

describe('syslog grammar', () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar('text.log.syslog');
  });

  it('scopes stamp, host, program, pid and the cron user and command', () => {
    const [t] = tokenize(grammar, [readFixture('xenserver', 'article-003', 'cron').trimEnd()]);
    assert.ok(scopesOf(t, 'May 18 14:00:01').includes(`constant.other.date.timestamp.${ID}`));
    assert.ok(scopesOf(t, 'xrtuk-12-07').includes(`variable.other.constant.host.${ID}`));
    assert.ok(scopesOf(t, 'CROND').includes(`entity.name.type.component.${ID}`));
    assert.ok(scopesOf(t, '17114').includes(`variable.other.thread.${ID}`));
    assert.ok(scopesOf(t, 'root').includes(`variable.other.user.${ID}`));
    assert.ok(scopesOf(t, 'CMD').includes(`keyword.other.cron.${ID}`));
    const command = t.find((x) => x.text.startsWith("'import imp;"))!;
    assert.ok(command.scopes.includes('string.quoted.logtriage'));
  });

  it('reads host-less lines, tag-less lines and continuations', () => {
    const [hostless, tagless, cont] = tokenize(grammar, ['Aug 16 20:09:17 kernel: eth0: link up', 'Jun 14 15:16:02 combo last message repeated 3 times', '  wrapped']);
    assert.ok(scopesOf(hostless, 'kernel').includes(`entity.name.type.component.${ID}`));
    assert.ok(scopesOf(tagless, 'combo').includes(`variable.other.constant.host.${ID}`));
    assert.ok(tagless[0].scopes.includes(`meta.record.${ID}`));
    assert.ok(cont[0].scopes.includes(`meta.message.continuation.${ID}`));
  });

  it('marks failure words as errors in free text', () => {
    const [t] = tokenize(grammar, ['Dec 10 06:55:48 bastion sshd[24200]: Failed password for invalid user admin from 203.0.113.9 port 52114 ssh2']);
    assert.ok(scopesOf(t, 'Failed password').includes(`invalid.illegal.severity.error.${ID}`));
    assert.ok(scopesOf(t, '203.0.113.9').includes('constant.other.ip-address.logtriage'));
  });

  it('colours a line just under 20,000 characters, takes a 1 MB line as one token, and reports speed', (t) => {
    // VS Code colours a line up to 20,000 characters: just under it the record is coloured, past it one token
    const { near, long } = checkLongLineBoundary(grammar, ID, 'May 18 14:00:01 h CROND[1]: ', '(root) CMD (x) error a=b 0x1 ');
    const noColon = tokenizeLongLine(grammar, 'May 18 14:00:01 ', 'x'.repeat(64) + ' ', NEAR_LIMIT);
    assert.ok(noColon.tokens > 0);
    const rate = linesPerSecond(grammar, readFixture('xenserver', 'variants', 'messages-rollover').trimEnd().split('\n'));
    t.diagnostic(`19 KB line: ${near.ms} ms (${near.tokens} tokens); 1 MB line: ${long.ms} ms; 19 KB without a tag: ${noColon.ms} ms; ${rate} lines/s`);
    assert.ok(rate > 0);
  });
});
