import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { checkLongLineBoundary, linesPerSecond, NEAR_LIMIT, tokenizeLongLine } from '../helpers/grammarSpeed';
import { readFixture } from '../helpers/paths';
import { loadGrammar, scopesOf, tokenize } from '../helpers/textmate';

const ID = 'netbackup-legacy-log';

describe('netbackup-legacy-log grammar', () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar('text.log.netbackup-legacy');
  });

  it('scopes time, pid.tid, level, process+function and message', () => {
    const [t] = tokenize(grammar, ['17:50:36.114 [5592.5372] <16> bpbrm handle_backup: cannot create data socket, The operation completed successfully.  (0)']);
    assert.ok(scopesOf(t, '17:50:36.114').includes(`constant.other.date.timestamp.${ID}`));
    assert.ok(scopesOf(t, '5592.5372').includes(`variable.other.thread.${ID}`));
    assert.ok(scopesOf(t, '<16>').includes(`invalid.illegal.severity.error.${ID}`));
    assert.ok(scopesOf(t, 'bpbrm handle_backup').includes(`entity.name.type.component.${ID}`));
    assert.ok(t[t.length - 1].scopes.includes(`meta.message.${ID}`));
  });

  it('gives <8> a warning scope, <4> info, <2> debug', () => {
    const [w, i, d] = tokenize(grammar, [
      '11:55:07.238 [1333] <8> do_pbx_service: via PBX',
      '1:15:02.004 PM: [3412.2216] <4> bpbkar main: INF - BACKUP START 3412',
      '17:49:54.006 [5592.5372] <2> vnet_async_connect: ... 0: connect in progress: 1 0x00000001',
    ]);
    assert.ok(scopesOf(w, '<8>').includes(`support.function.severity.warning.${ID}`));
    assert.ok(scopesOf(i, '<4>').includes(`markup.inserted.severity.info.${ID}`));
    assert.ok(scopesOf(i, '1:15:02.004 PM').includes(`constant.other.date.timestamp.${ID}`));
    assert.ok(scopesOf(d, '<2>').includes(`markup.changed.severity.debug.${ID}`));
    assert.ok(scopesOf(d, 'vnet_async_connect').includes(`entity.name.type.component.${ID}`));
  });

  it('marks CONNECT FROM a.b.c.d.port TO ..., the trailing value+hex pair and status codes', () => {
    const [conn, pair, status, tar] = tokenize(grammar, [
      '17:50:04.599 [5592.5372] <2> logconnections: BPCD CONNECT FROM 2.2.2.2.3583 TO 3.3.3.3.13724 fd = 1240',
      '17:50:16.470 [2172.4736] <2> vnet_async_connect: ... 0: getsockopt SO_ERROR returned: 10061 0x0000274d',
      '17:50:35.517 [2172.4736] <16> process_requests: get_vnetd_forward_socket failed: 25',
      '1:15:09.871 PM: [3412.2216] <2> tar_base::V_vTarMsgW: ERR - failure reading file',
    ]);
    assert.ok(scopesOf(conn, 'CONNECT').includes(`keyword.other.connection.${ID}`));
    assert.ok(scopesOf(conn, '2.2.2.2.3583').includes(`constant.other.ip-address.${ID}`));
    assert.ok(scopesOf(conn, '3.3.3.3.13724').includes(`constant.other.ip-address.${ID}`));
    assert.ok(scopesOf(conn, '1240').includes('constant.numeric.decimal.logtriage'));
    assert.ok(scopesOf(pair, '10061').includes(`constant.numeric.status.${ID}`));
    assert.ok(scopesOf(pair, '0x0000274d').includes(`constant.numeric.hex.status.${ID}`));
    assert.ok(scopesOf(pair, '...').includes(`comment.other.elision.${ID}`));
    assert.ok(scopesOf(status, '25').includes(`constant.numeric.status-code.${ID}`));
    assert.ok(scopesOf(tar, 'tar_base::V_vTarMsgW').includes(`entity.name.type.component.${ID}`));
    assert.ok(scopesOf(tar, 'ERR').includes(`invalid.illegal.severity.error.${ID}`));
  });

  it('reads "...snip..." and command output as continuation, never as a record', () => {
    const [snip, uni, out] = tokenize(grammar, ['...snip...', '…snip…', '127.0.0.1:36246 -> 127.0.0.1:55596 PROXY 192.168.6.41:54720 -> 172.20.0.81:1556']);
    for (const t of [snip, uni, out]) {
      assert.ok(t[0].scopes.includes(`meta.message.continuation.${ID}`));
      assert.ok(!t.some((x) => x.scopes.some((s) => s.includes('timestamp'))));
    }
    assert.ok(scopesOf(snip, '...snip...').includes(`comment.other.elision.${ID}`));
    assert.ok(scopesOf(out, '127.0.0.1:36246').includes('constant.other.ip-address.logtriage'));
  });

  it('recognises every non-empty line of the article excerpts', () => {
    for (const file of ['media/bpbrm/log.050514', 'client/bpcd/log.050514', 'client/vnetd/log.050514']) {
      const lines = readFixture('netbackup', 'article-002', ...file.split('/'))
        .split('\n')
        .filter((l) => l.trim());
      for (const [i, tokens] of tokenize(grammar, lines).entries()) {
        const record = tokens.some((t) => t.scopes.includes(`meta.record.${ID}`));
        const snip = /snip|\.\.\.[a-z]/.test(lines[i]);
        assert.ok(record !== snip, `${file} line ${i + 1}: ${lines[i]}`);
      }
    }
  });

  it('colours a line just under 20,000 characters, takes a 1 MB line as one token, and reports speed', (t) => {
    const prefix = '17:50:04.599 [5592.5372] <2> vnet_async_connect: ';
    const unit = 'CONNECT FROM 2.2.2.2.3583 TO 3.3.3.3.13724 x=1 0x1f "q" /a/b :: ... ';
    // VS Code colours a line up to 20,000 characters: just under it the record is coloured, past it one token
    const { near, long } = checkLongLineBoundary(grammar, ID, prefix, unit);
    assert.ok(near.tokens > 1000);
    const garbage = tokenizeLongLine(grammar, '17:50:04.599 [5592.5372] <2> ', ':'.repeat(7) + 'a '.repeat(5), NEAR_LIMIT);
    assert.ok(garbage.tokens > 0);
    const lines = readFixture('netbackup', 'article-002', 'client', 'bpcd', 'log.050514')
      .split('\n')
      .filter((l) => l.trim());
    const rate = linesPerSecond(grammar, lines);
    t.diagnostic(`19 KB line: ${near.ms} ms (${near.tokens} tokens); 1 MB line: ${long.ms} ms; 19 KB of colons: ${garbage.ms} ms; ${rate} lines/s`);
    assert.ok(rate > 0);
  });
});
