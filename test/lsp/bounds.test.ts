// Issue 15 over the protocol: what the server publishes stays bounded whatever the document holds,
// and it refuses requests after `shutdown` (hovers under load: hoverLatency.test.ts).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { ErrorCodes, ResponseError } from 'vscode-jsonrpc';
import { everyLineAFindingLog, nbuStatus25Log } from '../../scripts/bench/adversarial';
import { LspTestClient } from '../helpers/lspClient';
import { readFixture } from '../helpers/paths';

const article = readFixture('vnx', 'article-000.server_log');
const HOVER_LINE = 12; // "CMD: 3: ..." in the article

describe('language server: bounded under hostile documents', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-bounds-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('a NetBackup log of 1,000 status 25 jobs on one thread: one small publish, related evidence capped', async () => {
    const client = new LspTestClient();
    try {
      await client.initialize(root);
      const uri = 'file://' + path.join(root, 'netbackup', 'logs', 'bpbrm', 'log.050514');
      const diagnostics = await client.open(uri, 'netbackup-legacy-log', nbuStatus25Log(1000));
      const size = JSON.stringify(diagnostics).length;
      assert.ok(size < 64 * 1024, `publishDiagnostics of ${size} characters`); // 434 MB at this shape before
      assert.ok(diagnostics.length <= 16, `${diagnostics.length} diagnostics`);
      assert.ok(Math.max(...diagnostics.map((d) => d.relatedInformation?.length ?? 0)) <= 14);
      assert.ok(diagnostics.some((d) => /repeated \d+ times/.test(String(d.message))));
    } finally {
      await client.shutdown();
    }
  });

  it('a document where every line is a finding: at most the cap is published, and the payload stays small', async () => {
    const client = new LspTestClient();
    try {
      client.settings = { maxDiagnosticsPerFile: 1e308 };
      await client.initialize(root);
      const uri = 'file://' + path.join(root, 'vmkernel.log');
      const first = client.nextDiagnostics(uri, 300_000);
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'esx-vmkernel-log', version: 1, text: everyLineAFindingLog(4_000_000) } });
      let { diagnostics } = await first;
      if (diagnostics.length > 1001) diagnostics = (await client.nextDiagnostics(uri)).diagnostics;
      assert.ok(diagnostics.length <= 1001, `${diagnostics.length} diagnostics`);
      const size = JSON.stringify(diagnostics).length;
      assert.ok(size < 2 * 1024 * 1024, `publishDiagnostics of ${size} characters`);
    } finally {
      await client.shutdown();
    }
  });

  it('refuses requests after shutdown with InvalidRequest', async () => {
    const client = new LspTestClient();
    const uri = 'file://' + path.join(root, 'server_log');
    try {
      await client.initialize(root);
      await client.open(uri, 'vnx-server-log', article);
      assert.ok(await client.hover(uri, HOVER_LINE, article.split('\n')[HOVER_LINE].indexOf('CMD: 3:') + 5));
      await client.connection.sendRequest('shutdown');
      await assert.rejects(client.hover(uri, HOVER_LINE, 5), (e: unknown) => e instanceof ResponseError && e.code === ErrorCodes.InvalidRequest && /textDocument\/hover.*shutdown/.test(e.message));
    } finally {
      await client.shutdown();
    }
  });
});
