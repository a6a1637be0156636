import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity, type Diagnostic, type MarkupContent } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lspClient';
import { fixture, readFixture } from '../helpers/paths';

/** Hover markdown escapes all punctuation of log text; compare on what a reader sees. */
const unescape = (markdown: string) => markdown.replace(/\\(.)/g, '$1');

describe('language server over stdio: VNX server_log', () => {
  const client = new LspTestClient();
  const uri = 'file://' + fixture('vnx', 'article-000.server_log');
  const text = readFixture('vnx', 'article-000.server_log');
  let diagnostics: Diagnostic[];

  before(async () => {
    const init = await client.initialize();
    assert.equal(init.capabilities.hoverProvider, true);
    assert.deepEqual(init.capabilities.textDocumentSync, { openClose: true, change: 2 });
    diagnostics = await client.open(uri, 'vnx-server-log', text);
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  it('publishes the four rules at their lines with source, code and severity, a repeat on one subject once', () => {
    assert.deepEqual(
      diagnostics.map((d) => [d.range.start.line, d.code, d.severity, d.source]),
      [
        [9, 'vnx/ckpt-wait', DiagnosticSeverity.Warning, 'logtriage'],
        [12, 'vnx/ckpt-timer-expired', DiagnosticSeverity.Error, 'logtriage'],
        [13, 'vnx/snapsure-create-failed', DiagnosticSeverity.Error, 'logtriage'],
        [15, 'vnx/ndmp-stream-aborted', DiagnosticSeverity.Warning, 'logtriage'],
        [16, 'vnx/ndmp-stream-aborted', DiagnosticSeverity.Warning, 'logtriage'],
        [17, 'vnx/ndmp-stream-aborted', DiagnosticSeverity.Warning, 'logtriage'],
        [18, 'vnx/ndmp-stream-aborted', DiagnosticSeverity.Warning, 'logtriage'],
      ],
    );
    // the SnapSure failure of lines 14 and 15 is one finding that counts both
    assert.match(String(diagnostics[2].message), /\[repeated 2 times from line 14 to line 15\]$/);
  });

  it('ranges cover the signature text only', () => {
    const lines = text.split('\n');
    const slice = (d: Diagnostic) => lines[d.range.start.line].slice(d.range.start.character, d.range.end.character);
    assert.equal(slice(diagnostics[1]), 'Timer expired when waiting for concurrentCkptCnt decreasing');
    assert.equal(slice(diagnostics[2]), 'SnapSure file system creation fails');
    assert.equal(diagnostics[1].range.start.character, lines[12].indexOf('Timer'));
  });

  it('relates the timeout to the wait', () => {
    const rel = diagnostics[1].relatedInformation!;
    assert.equal(rel.length, 1);
    assert.equal(rel[0].location.uri, uri);
    assert.equal(rel[0].location.range.start.line, 9);
  });

  it('hovers the numeric level with its syslog meaning, exactly on the level', async () => {
    const line = text.split('\n')[12];
    const col = line.indexOf('CMD: 3:') + 5;
    const hover = await client.hover(uri, 12, col);
    assert.ok(hover);
    const value = unescape((hover.contents as MarkupContent).value);
    assert.match(value, /syslog level 3: error/);
    assert.deepEqual(hover.range, { start: { line: 12, character: col }, end: { line: 12, character: col + 1 } });
    // the finding on that line is explained too
    assert.match(value, /vnx\/ckpt-timer-expired/);
  });

  it('hovers a finding on its signature text and answers null elsewhere', async () => {
    const hover = await client.hover(uri, 9, text.split('\n')[9].indexOf('need to wait'));
    const value = (hover!.contents as MarkupContent).value;
    assert.match(value, /Fix:/);
    // the one command link in a hover: our runbook command with our runbook id and the finding's values
    // for its commands, right after the fix; the rule's public sources come last, as https links
    const links = [...value.matchAll(/\]\(([^) ]+)/g)].map((m) => m[1]);
    const args = [{ runbook: 'vnx-stale-ndmp-checkpoints', values: { count: '10', limit: '8' } }];
    assert.equal(links[0], `command:logtriage.openRunbook?${encodeURIComponent(JSON.stringify(args))}`);
    assert.ok(links.length > 1 && links.slice(1).every((l) => l.startsWith('https://')), links.join('\n'));
    assert.ok(value.indexOf('**Fix:**') < value.indexOf('openRunbook') && value.indexOf('openRunbook') < value.indexOf('**Sources**'), value);
    assert.equal(await client.hover(uri, 1, 2), null);
  });

  it('re-analyzes after an incremental edit', async () => {
    const next = client.nextDiagnostics(uri);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 9, character: 0 }, end: { line: 10, character: 0 } }, text: '' }],
    });
    const after = (await next).diagnostics.filter((d) => d.code !== 'vnx/ndmp-stream-aborted');
    assert.deepEqual(
      after.map((d) => [d.range.start.line, d.code]),
      [
        [11, 'vnx/ckpt-timer-expired'],
        [12, 'vnx/snapsure-create-failed'],
      ],
    );
    assert.equal(after[0].relatedInformation, undefined);
  });
});
