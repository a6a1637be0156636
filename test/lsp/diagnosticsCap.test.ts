// The per-file cap on diagnostics (setting logtriage.maxDiagnosticsPerFile, default and most 1000, what
// the Problems panel keeps), over the protocol: at most that many in all, the most severe kept, the
// last of them saying how many more findings there are, so that the counts add up to the file's.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { analyzeText } from '../../server/src/engine';
import { toDiagnostic } from '../../server/src/features/diagnostics';
import { LspTestClient } from '../helpers/lspClient';
import { manyFindingsLog } from '../helpers/manyFindings';

/** Distinct findings (repeats would be counted in one): more than the default cap. */
const log = manyFindingsLog(600);
const CAP = 1000;
const MORE = 'logtriage/more-findings';

function severities(list: readonly Diagnostic[]): number[] {
  return list.map((d) => d.severity ?? 0).sort((a, b) => a - b);
}

describe('language server: diagnostics cap per file', () => {
  const client = new LspTestClient();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-cap-'));
  const file = path.join(root, 'netbackup', 'logs', 'bpbrm', 'log.050514');
  const uri = 'file://' + file;
  let all: Diagnostic[] = [];

  /** The diagnostics published after the settings become `settings`. */
  async function withSettings(settings: unknown): Promise<Diagnostic[]> {
    client.settings = settings;
    const next = client.nextDiagnostics(uri);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    return (await next).diagnostics;
  }

  before(async () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, log);
    client.settings = { maxDiagnosticsPerFile: 10 };
    await client.initialize(root);
    all = await client.open(uri, 'netbackup-legacy-log', log);
    // the first publish may race the configuration pull: wait for the one after it
    if (all.length > 11) all = (await client.nextDiagnostics(uri)).diagnostics;
    all = analyzeText(file, log, { repeatsApart: 0 }).findings.map((f) => toDiagnostic(f, uri));
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('publishes 1000 in all by default, the last saying how many more there are, so they add up to the findings', async () => {
    assert.ok(all.length > CAP, `${all.length} findings`);
    const capped = await withSettings(null);
    assert.equal(capped.length, CAP);
    const last = capped[CAP - 1];
    assert.equal(last.code, MORE);
    const more = all.length - (CAP - 1);
    assert.equal(
      last.message,
      `${more.toLocaleString('en-US')} more findings not shown (${all.length.toLocaleString('en-US')} in all; setting logtriage.maxDiagnosticsPerFile = ${CAP}); the command line \`logtriage analyze\` lists them all`,
    );
    assert.ok(!capped.slice(0, CAP - 1).some((d) => d.code === MORE));
  });

  it('clamps a larger cap to 1000 (1e308 once sent every finding)', async () => {
    for (const cap of [1e308, 1_000_000, Infinity]) {
      const capped = await withSettings({ maxDiagnosticsPerFile: cap });
      assert.equal(capped.length, CAP, String(cap));
      assert.match(String(capped[CAP - 1].message), /in all; setting logtriage\.maxDiagnosticsPerFile = 1000\)/);
    }
  });

  it('follows the setting, keeps the most severe, and a file one finding over the cap still fits it', async () => {
    const ten = await withSettings({ maxDiagnosticsPerFile: 10 });
    assert.equal(ten.length, 10);
    assert.deepEqual(severities(ten.slice(0, 9)), severities(all).slice(0, 9));
    assert.match(String(ten[9].message), new RegExp(`^${(all.length - 9).toLocaleString('en-US')} more findings not shown \\(${all.length.toLocaleString('en-US')} in all; setting logtriage\\.maxDiagnosticsPerFile = 10\\)`));
    const fewer = analyzeText(file, manyFindingsLog(400), { repeatsApart: 0 }).findings.length;
    const next = client.nextDiagnostics(uri);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: manyFindingsLog(400) }] });
    await next;
    const one = await withSettings({ maxDiagnosticsPerFile: fewer - 1 });
    assert.equal(one.length, fewer - 1);
    // the count takes the place of the last finding: two are left out, none is lost from the count
    assert.match(String(one[one.length - 1].message), new RegExp(`^2 more findings not shown \\(${fewer.toLocaleString('en-US')} in all;`));
  });
});
