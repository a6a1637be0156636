import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { checkLongLineBoundary, linesPerSecond, NEAR_LIMIT, tokenizeLongLine } from '../helpers/grammarSpeed';
import { readFixture } from '../helpers/paths';
import { loadGrammar, scopesOf, tokenize } from '../helpers/textmate';

const ID = 'xenserver-xensource-log';

describe('xenserver-xensource-log grammar', () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar('text.log.xenserver-xensource');
  });

  it('scopes stamp, program, level, thread, task and module', () => {
    const [t] = tokenize(grammar, ["May 21 10:15:03 xrtuk-09-11 xapi: [debug|xrtuk-09-11|4420 UNIX /var/lib/xcp/xapi|VM.snapshot R:7c3f90b2d114|audit] VM.snapshot: VM = 'e2a06f32-d4ad-316f-ef20-4e4541a5a453 (web01)'"]);
    assert.ok(scopesOf(t, 'May 21 10:15:03').includes(`constant.other.date.timestamp.${ID}`));
    assert.ok(scopesOf(t, 'xapi').includes(`entity.name.tag.program.${ID}`));
    assert.ok(scopesOf(t, 'debug').includes(`markup.changed.severity.debug.${ID}`));
    assert.ok(scopesOf(t, '4420').includes(`variable.other.thread.${ID}`));
    assert.ok(scopesOf(t, 'VM.snapshot R:7c3f90b2d114').includes(`string.unquoted.task.${ID}`));
    assert.ok(scopesOf(t, 'audit').includes(`entity.name.type.component.${ID}`));
    assert.ok(t[t.length - 1].scopes.includes(`meta.message.${ID}`));
  });

  it('colours error, warn and info levels differently', () => {
    const [e, w, i] = tokenize(grammar, [
      'May 21 10:16:01 h xapi: [error|h|4420 |VM.snapshot R:7c3f90b2d114|backtrace] Raised at file ocaml/xapi/xapi_vm_snapshot.ml, line 122',
      'May 21 10:15:40 h xapi: [ warn|h|4420 ||xapi_vm_snapshot] quiesce not available',
      'Jul 29 16:36:43 ng02 xcp-rrdd: [ info||9 ||rrdd_main] memfree has changed to 165064 in domain 2',
    ]);
    assert.ok(scopesOf(e, 'error').includes(`invalid.illegal.severity.error.${ID}`));
    assert.ok(scopesOf(e, 'Raised at file ').includes(`keyword.other.backtrace.${ID}`));
    assert.ok(scopesOf(w, ' warn').includes(`support.function.severity.warning.${ID}`));
    assert.ok(scopesOf(i, ' info').includes(`markup.inserted.severity.info.${ID}`));
    assert.ok(scopesOf(i, 'xcp-rrdd').includes(`entity.name.tag.program.${ID}`));
  });

  it('marks task references and XenAPI error codes in messages', () => {
    const [t] = tokenize(grammar, ['May 21 10:16:01 h xapi: [error|h|4420 ||backtrace] VM.snapshot R:7c3f90b2d114 failed with exception Server_error(SR_BACKEND_FAILURE_44, [ ; There is insufficient space; ])']);
    assert.ok(scopesOf(t, 'R:7c3f90b2d114').includes(`constant.other.reference.${ID}`));
    assert.ok(scopesOf(t, 'SR_BACKEND_FAILURE_44').includes(`invalid.illegal.severity.error.code.${ID}`));
  });

  it('gives other programs a plain record and unprefixed text a continuation', () => {
    const [other, cont] = tokenize(grammar, ['May 21 10:15:02 h stunnel[811]: connection reset', '  wrapped text']);
    assert.ok(other[0].scopes.includes(`meta.record.other.${ID}`));
    assert.ok(scopesOf(other, '811').includes(`variable.other.thread.${ID}`));
    assert.ok(cont[0].scopes.includes(`meta.message.continuation.${ID}`));
  });

  it('colours a line just under 20,000 characters, takes a 1 MB line as one token, and reports speed', (t) => {
    const prefix = 'May 21 10:15:03 h xapi: [debug|h|4420 ||audit] ';
    const unit = 'R:7c3f90b2d114 SR_BACKEND_FAILURE_44 A_B_C_D_E x=1 ';
    // VS Code colours a line up to 20,000 characters: just under it the record is coloured, past it one token
    const { near, long } = checkLongLineBoundary(grammar, ID, prefix, unit);
    const brackets = tokenizeLongLine(grammar, 'May 21 10:15:03 h xapi: [debug|', '||||||||||', NEAR_LIMIT);
    assert.ok(brackets.tokens > 0);
    const digits = tokenizeLongLine(grammar, 'May 21 10:15:03 h xapi: [debug|h|', '1234567890', NEAR_LIMIT);
    assert.ok(digits.firstScopes.includes(`constant.other.date.timestamp.${ID}`));
    const rate = linesPerSecond(grammar, readFixture('xenserver', 'variants', 'xensource.log').trimEnd().split('\n'));
    t.diagnostic(`19 KB line: ${near.ms} ms (${near.tokens} tokens); 1 MB line: ${long.ms} ms; 19 KB of bars: ${brackets.ms} ms; 19 KB unclosed thread id: ${digits.ms} ms; ${rate} lines/s`);
    assert.ok(rate > 0);
  });
});
