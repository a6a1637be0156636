// What an editor does when it opens a log: didOpen, then at once folding ranges, symbols, code lenses
// and links, each of which reads the whole document. The diagnostics come first all the same, and
// hovers keep working on a document opened without any of its lines asked for yet.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lspClient';
import { readFixture } from '../helpers/paths';

const article = readFixture('vnx', 'article-000.server_log');
/** About 6 MB: the article's lines over and over. */
const log = article.repeat(3000);

describe('language server: opening a log as an editor does', () => {
  const client = new LspTestClient();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-open-'));
  const uri = 'file://' + path.join(root, 'server_log');

  before(async () => {
    fs.writeFileSync(path.join(root, 'server_log'), log);
    await client.initialize(root);
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('publishes the diagnostics before it answers folding, symbols, lenses and links', async () => {
    const events: string[] = [];
    const diagnostics = client.nextDiagnostics(uri, 60_000).then(() => events.push('diagnostics'));
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'vnx-server-log', version: 1, text: log } });
    const textDocument = { uri };
    const requests = [
      ['textDocument/foldingRange', 'folding'],
      ['textDocument/documentSymbol', 'symbols'],
      ['textDocument/codeLens', 'lenses'],
      ['textDocument/documentLink', 'links'],
    ].map(([method, name]) => client.connection.sendRequest(method, { textDocument }).then(() => events.push(name)));
    await Promise.all([diagnostics, ...requests]);
    assert.equal(events[0], 'diagnostics', events.join(', '));
    assert.equal(events.length, 5);
  });

  it('answers hovers while it makes the outline of a big document (in a worker thread)', async () => {
    const other = 'file://' + path.join(root, 'server_log.1');
    await client.open(other, 'vnx-server-log', log);
    const events: string[] = [];
    const line = 21 * 1000 + 12;
    const folding = client.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri: other } }).then((r) => (events.push('folding'), r));
    const hover = client.hover(other, line, log.split('\n')[line].indexOf('CMD: 3:') + 5).then((h) => (events.push('hover'), h));
    const [ranges, answer] = await Promise.all([folding, hover]);
    assert.deepEqual(events, ['hover', 'folding']);
    assert.match((answer!.contents as MarkupContent).value, /syslog level 3/);
    assert.ok(Array.isArray(ranges) && ranges.length > 0, 'folding ranges');
  });

  it('answers hovers on lines anywhere in the document, as it was opened', async () => {
    const lines = log.split('\n');
    const line = 21 * 1500 + 12; // line 13 of the article, half-way through
    const hover = await client.hover(uri, line, lines[line].indexOf('CMD: 3:') + 5);
    assert.match((hover!.contents as MarkupContent).value, /syslog level 3/);
  });
});
