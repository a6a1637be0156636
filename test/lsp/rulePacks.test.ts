// The setting logtriage.rulePacks: a team's rule folder loaded by the language server, with the
// checks of .logtriage/rules.json, its runbooks behind the quick fix, a broken rule reported alone.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lspClient';
import { fixture, repoRoot } from '../helpers/paths';

const vmkernel = fs.readFileSync(path.join(repoRoot, 'examples/esx/vmkernel.log'), 'utf8');

/** A copy of the fixture pack with a third rules file whose first rule is unsafe. */
function packWithBrokenRule(): { pack: string; brokenUri: string; brokenLine: number } {
  const pack = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-pack-'));
  fs.cpSync(fixture('rulepack'), pack, { recursive: true });
  const esx = JSON.parse(fs.readFileSync(path.join(pack, 'esx-team.json'), 'utf8'));
  const unsafe = { ...esx.rules[0], id: 'team/unsafe', pattern: '(a+)+$' };
  const other = { ...esx.rules[0], id: 'team/flush-again', message: 'flush failed again: {count}', runbook: 'team-buffer-flush' };
  const text = JSON.stringify({ rules: [unsafe, other] }, null, 2);
  fs.writeFileSync(path.join(pack, 'z-broken.json'), text);
  return { pack, brokenUri: 'file://' + path.join(pack, 'z-broken.json'), brokenLine: text.split('\n').findIndex((l) => l.includes('"team/unsafe"')) };
}

async function openWithPacks(client: LspTestClient, uri: string, ready: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
  // the first publish may come before the settings pull that loads the packs: wait for the one after it
  let diags = await client.open(uri, 'esx-vmkernel-log', vmkernel);
  for (let i = 0; i < 3 && !ready(diags); i++) diags = (await client.nextDiagnostics(uri)).diagnostics;
  return diags;
}

describe('language server: rule packs (logtriage.rulePacks)', () => {
  it("loads the pack's rules, reports its broken rule at its line, and opens its runbook from the quick fix", async () => {
    const { pack, brokenUri, brokenLine } = packWithBrokenRule();
    const client = new LspTestClient();
    try {
      client.settings = { rulePacks: [pack] };
      const problems = client.nextDiagnostics(brokenUri, 20_000);
      await client.initialize(fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-ws-')));
      const uri = 'file://' + path.join(repoRoot, 'examples/esx/vmkernel.log');
      const diags = await openWithPacks(client, uri, (d) => d.some((x) => x.code === 'team/buffer-flush-failed'));
      assert.deepEqual(
        diags.filter((d) => d.code === 'team/buffer-flush-failed').map((d) => d.range.start.line),
        [2, 3, 4, 5],
      );
      assert.ok(
        diags.some((d) => d.code === 'team/flush-again'),
        "the broken file's other rule still loads",
      );
      assert.ok(
        diags.some((d) => d.code === 'esx/ramdisk-full'),
        'built-in rules stay',
      );
      const [problem] = (await problems).diagnostics;
      assert.match(String(problem.message), /team\/unsafe.*unsafe/);
      assert.equal(problem.range.start.line, brokenLine);
      const flush = diags.find((d) => d.code === 'team/buffer-flush-failed')!;
      const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: flush.range,
        context: { diagnostics: [flush], only: ['quickfix'] },
      });
      assert.equal(actions[0].title, 'Open runbook: Team: buffer cache flush failures on ESX');
      assert.equal((actions[0].command!.arguments![0] as { runbook: string }).runbook, 'team-buffer-flush');
      assert.ok(actions.some((a) => a.title === 'Copy resolution commands (1)'));
    } finally {
      await client.shutdown();
    }
  });

  it('ignores rule packs in an untrusted workspace', async () => {
    const client = new LspTestClient();
    try {
      client.settings = { rulePacks: [fixture('rulepack')] };
      await client.initialize(fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-ws-')), { trusted: false });
      const uri = 'file://' + path.join(repoRoot, 'examples/esx/vmkernel.log');
      const diags = await client.open(uri, 'esx-vmkernel-log', vmkernel);
      const later = await client.nextDiagnostics(uri, 3000).catch(() => undefined); // after the settings pull, if any
      for (const d of [...diags, ...(later?.diagnostics ?? [])]) assert.ok(!String(d.code).startsWith('team/'), String(d.code));
    } finally {
      await client.shutdown();
    }
  });
});
