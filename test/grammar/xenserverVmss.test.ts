import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { checkLongLineBoundary, linesPerSecond, NEAR_LIMIT, tokenizeLongLine } from '../helpers/grammarSpeed';
import { readFixture } from '../helpers/paths';
import { loadGrammar, scopesOf, tokenize } from '../helpers/textmate';

const ID = 'xenserver-vmss-log';

describe('xenserver-vmss-log grammar', () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar('text.log.xenserver-vmss');
  });

  it('scopes stamp, VMSS, the run pid and the message', () => {
    const [t] = tokenize(grammar, ['May 21 10:15:01 xrtuk-09-11 VMSS: [10123] Processing policy: 7b10ea29-ab0c-af14-a116-ae293560f404']);
    assert.ok(scopesOf(t, 'May 21 10:15:01').includes(`constant.other.date.timestamp.${ID}`));
    assert.ok(scopesOf(t, 'xrtuk-09-11').includes(`variable.other.constant.host.${ID}`));
    assert.ok(scopesOf(t, 'VMSS').includes(`entity.name.type.component.${ID}`));
    assert.ok(scopesOf(t, '10123').includes(`variable.other.thread.${ID}`));
    assert.ok(scopesOf(t, 'Processing policy').includes(`keyword.other.step.${ID}`));
    assert.ok(scopesOf(t, '7b10ea29-ab0c-af14-a116-ae293560f404').includes('constant.other.uuid.logtriage'));
  });

  it('colours VMSS codes and the XCData message type by severity', () => {
    const [ok, lock, fail, banner] = tokenize(grammar, [
      'May 21 10:18:03 xrtuk-09-11 VMSS: [10123] RETURN in create_structured_alert: <XCData><time>2017-05-21 10:18:03.369298</time><messagetype>info</messagetype><message>VMSS_SNAPSHOT_SUCCEEDED</message></XCData>',
      'May 22 02:15:01 xrtuk-09-11 VMSS: [22166] RETURN in create_structured_alert: <XCData><messagetype>warn</messagetype><message>VMSS_SNAPSHOT_LOCK_FAILED</message></XCData>',
      'May 22 02:30:02 xrtuk-09-11 VMSS: [22471] VMSS_XAPI_LOGON_FAILURE: Could not login to API session.',
      'May 21 10:15:01 xrtuk-09-11 VMSS: [10097] ===Kicking cron job for VMSS===',
    ]);
    assert.ok(scopesOf(ok, 'VMSS_SNAPSHOT_SUCCEEDED').includes(`markup.inserted.severity.info.code.${ID}`));
    assert.ok(scopesOf(ok, 'info').includes(`markup.inserted.severity.info.${ID}`));
    assert.ok(scopesOf(ok, 'XCData').includes(`entity.name.tag.xcdata.${ID}`));
    assert.ok(scopesOf(ok, '2017-05-21 10:18:03.369298').includes(`constant.other.date.${ID}`));
    assert.ok(scopesOf(lock, 'VMSS_SNAPSHOT_LOCK_FAILED').includes(`support.function.severity.warning.code.${ID}`));
    assert.ok(scopesOf(lock, 'warn').includes(`support.function.severity.warning.${ID}`));
    assert.ok(scopesOf(fail, 'VMSS_XAPI_LOGON_FAILURE').includes(`invalid.illegal.severity.error.code.${ID}`));
    assert.ok(scopesOf(banner, '===Kicking cron job for VMSS===').includes(`markup.heading.run.${ID}`));
  });

  it('reads a wrapped alert as continuation with its tags and codes', () => {
    const lines = readFixture('xenserver', 'variants', 'VMSSlog.1').split('\n');
    const [, cont, end] = tokenize(grammar, lines.slice(3, 6));
    assert.ok(cont[0].scopes.includes(`meta.message.continuation.${ID}`));
    assert.ok(scopesOf(cont, 'VMSS_SNAPSHOT_FAILED').includes(`invalid.illegal.severity.error.code.${ID}`));
    assert.ok(scopesOf(end, 'XCData').includes(`entity.name.tag.xcdata.${ID}`));
  });

  it('recognises every line of the article excerpt as a record', () => {
    const lines = readFixture('xenserver', 'article-003', 'VMSSlog').trimEnd().split('\n');
    for (const [i, tokens] of tokenize(grammar, lines).entries()) assert.ok(tokens[0].scopes.includes(`meta.record.${ID}`), lines[i]);
  });

  it('colours a line just under 20,000 characters, takes a 1 MB line as one token, and reports speed', (t) => {
    const prefix = 'May 21 10:18:03 xrtuk-09-11 VMSS: [10123] ';
    const unit = '<XCData><messagetype>error</messagetype> VMSS_SNAPSHOT_FAILED 2017-05-21 10:18:03.1 ';
    // VS Code colours a line up to 20,000 characters: just under it the record is coloured, past it one token
    const { near, long } = checkLongLineBoundary(grammar, ID, prefix, unit);
    const garbage = tokenizeLongLine(grammar, '', '<<<<<<<<VMSS_ ', NEAR_LIMIT);
    assert.ok(garbage.lastScopes.includes(`meta.message.continuation.${ID}`));
    const rate = linesPerSecond(grammar, readFixture('xenserver', 'article-003', 'VMSSlog').trimEnd().split('\n'));
    t.diagnostic(`19 KB line: ${near.ms} ms (${near.tokens} tokens); 1 MB line: ${long.ms} ms; 19 KB of tag-like text: ${garbage.ms} ms; ${rate} lines/s`);
    assert.ok(rate > 0);
  });
});
