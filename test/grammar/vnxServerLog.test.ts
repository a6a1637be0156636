import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { readFixture } from '../helpers/paths';
import { loadGrammar, scopesOf, tokenize } from '../helpers/textmate';

describe('vnx-server-log grammar', () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar('text.log.vnx-server');
  });

  it('scopes timestamp, thread, facility, level and message', () => {
    const [tokens] = tokenize(grammar, ['2015-05-05 12:40:10: 13161529344: CMD: 3: Timer expired when waiting for concurrentCkptCnt decreasing']);
    assert.ok(scopesOf(tokens, '2015-05-05 12:40:10').includes('constant.other.date.timestamp.vnx-server-log'));
    assert.ok(scopesOf(tokens, '13161529344').includes('variable.other.thread.vnx-server-log'));
    assert.ok(scopesOf(tokens, 'CMD').includes('entity.name.type.component.vnx-server-log'));
    assert.ok(scopesOf(tokens, '3').includes('invalid.illegal.severity.error.vnx-server-log'));
    assert.ok(scopesOf(tokens, ' Timer expired when waiting for concurrentCkptCnt decreasing').includes('meta.message.vnx-server-log'));
  });

  it('scopes level 4 as a warning and 6 as info, distinctly from errors', () => {
    const [warn, info] = tokenize(grammar, ['2015-05-05 12:10:10: 17451646976: NDMP: 4: Session 570 (thread ndmp570) < Backup type: tar >', '2015-05-05 12:10:10: 26041581568: NDMP: 6: Active NDMP backup/restore streams: 1']);
    assert.ok(scopesOf(warn, '4').includes('support.function.severity.warning.vnx-server-log'));
    assert.ok(scopesOf(info, '6').includes('markup.inserted.severity.info.vnx-server-log'));
  });

  it('marks numbers, hex, paths and Name/Value pairs inside messages', () => {
    const [nv, hex] = tokenize(grammar, [
      '2015-05-05 12:10:10: 17451646976: NDMP: 4: Session 570 (thread ndmp570) Name: FILESYSTEM Value: /root_vdm_1/fs_test',
      '2015-05-05 12:40:10: 150595633159: NDMP: 3: Thread ndmp570 encountered xdrrec_endofrecord error (Protocol not available ) for msg 0x501, message_type=0.',
    ]);
    assert.ok(scopesOf(nv, 'FILESYSTEM').includes('variable.other.property.logtriage'));
    assert.ok(scopesOf(nv, '/root_vdm_1/fs_test').includes('string.unquoted.value.logtriage'));
    assert.ok(scopesOf(nv, '570').includes('constant.numeric.decimal.logtriage'));
    assert.ok(scopesOf(hex, '0x501').includes('constant.numeric.hex.logtriage'));
    assert.ok(scopesOf(hex, 'message_type').includes('variable.other.property.logtriage'));
  });

  it('treats a wrapped line as message continuation, not a record', () => {
    const [, cont] = tokenize(grammar, ['2015-05-05 12:40:10: 26041581568: NDMP: 6: Cleanup: Active NDMP backup/restore sessions back to: 0, system configured concurrent streams: 8, ', 'maximum concurrent sessions allowed: 8.']);
    assert.ok(cont[0].scopes.includes('meta.message.continuation.vnx-server-log'));
    assert.ok(!cont.some((t) => t.scopes.some((s) => s.includes('timestamp'))));
  });

  it('tokenises every line of the article excerpt as a record or a continuation', () => {
    const lines = readFixture('vnx', 'article-000.server_log').trimEnd().split('\n');
    for (const [i, tokens] of tokenize(grammar, lines).entries()) {
      const scoped = tokens.some((t) => t.scopes.some((s) => s.startsWith('meta.record') || s.startsWith('meta.message.continuation')));
      assert.ok(scoped, `line ${i + 1} not recognised: ${lines[i]}`);
    }
  });
});
