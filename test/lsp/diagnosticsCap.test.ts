// The per-file cap on diagnostics (setting logtriage.maxDiagnosticsPerFile, default 3000), over the
// protocol: at most that many, the most severe kept, then one final diagnostic that says how many
// more findings there are.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lspClient';
import { readFixture } from '../helpers/paths';

const article = readFixture('vnx', 'article-000.server_log');
/** The article's findings, over and over: more than the default cap. */
const log = article.repeat(420);
const MORE = 'logtriage/more-findings';

function severities(list: readonly Diagnostic[]): number[] {
  return list.map((d) => d.severity ?? 0).sort((a, b) => a - b);
}

describe('language server: diagnostics cap per file', () => {
  const client = new LspTestClient();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-cap-'));
  const uri = 'file://' + path.join(root, 'server_log');
  let all: Diagnostic[] = [];

  /** The diagnostics published after the settings become `settings`. */
  async function withSettings(settings: unknown): Promise<Diagnostic[]> {
    client.settings = settings;
    const next = client.nextDiagnostics(uri);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    return (await next).diagnostics;
  }

  before(async () => {
    fs.writeFileSync(path.join(root, 'server_log'), log);
    client.settings = { maxDiagnosticsPerFile: 1_000_000 };
    await client.initialize(root);
    all = await client.open(uri, 'vnx-server-log', log);
    // the first publish may race the configuration pull: wait for the one after it
    if (all.some((d) => d.code === MORE)) all = (await client.nextDiagnostics(uri)).diagnostics;
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('publishes every finding when the cap allows', () => {
    assert.ok(all.length > 3000, `${all.length} findings`);
    assert.ok(!all.some((d) => d.code === MORE));
  });

  it('stops at 3000 by default and ends with a diagnostic saying how many more there are', async () => {
    const capped = await withSettings(null);
    assert.equal(capped.length, 3001);
    const last = capped[3000];
    assert.equal(last.code, MORE);
    const more = all.length - 3000;
    assert.equal(last.message, `${more} more findings not shown (setting logtriage.maxDiagnosticsPerFile = 3000); the command line \`logtriage analyze\` lists them all`);
    assert.ok(!capped.slice(0, 3000).some((d) => d.code === MORE));
  });

  it('follows the setting, keeps the most severe, and says "1 more finding" in the singular', async () => {
    const ten = await withSettings({ maxDiagnosticsPerFile: 10 });
    assert.equal(ten.length, 11);
    assert.deepEqual(severities(ten.slice(0, 10)), severities(all).slice(0, 10));
    assert.match(String(ten[10].message), new RegExp(`^${all.length - 10} more findings not shown \\(setting logtriage\\.maxDiagnosticsPerFile = 10\\)`));
    const one = await withSettings({ maxDiagnosticsPerFile: all.length - 1 });
    assert.equal(one.length, all.length);
    assert.match(String(one[one.length - 1].message), /^1 more finding not shown/);
  });
});
