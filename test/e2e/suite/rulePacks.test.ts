// A team's rule pack folder (two rule files and runbooks) in the setting logtriage.rulePacks (issue 18):
// its findings in the Problems panel and its runbook from the quick fix, without a reload.
import assert from 'node:assert/strict';
import * as path from 'path';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { exampleUri, openAndWaitForDiagnostics, repoRoot } from './helpers';

/** A diagnostic's rule id: a rule with a public source has its code as { value, target: the source }. */
function ruleOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

describe('rule packs', () => {
  const uri = exampleUri('esx', 'vmkernel.log');
  const pack = path.join(repoRoot, 'test', 'fixtures', 'rulepack');

  after(async () => {
    await vscode.workspace.getConfiguration('logtriage').update('rulePacks', undefined, vscode.ConfigurationTarget.Global);
  });

  it("adds the pack's rules to the built-in ones and opens the pack's runbook from the quick fix", async function () {
    this.timeout(90_000);
    await vscode.workspace.getConfiguration('logtriage').update('rulePacks', [pack], vscode.ConfigurationTarget.Global);
    const { diagnostics } = await openAndWaitForDiagnostics(uri, (d) => d.some((x) => ruleOf(x) === 'team/buffer-flush-failed'), 60_000);
    const flushCode = diagnostics.find((d) => ruleOf(d) === 'team/buffer-flush-failed')!.code as { target: vscode.Uri };
    assert.equal(flushCode.target.toString(true), 'https://kb.vmware.com/s/article/2001457'); // the pack rule's public source
    assert.deepEqual(
      diagnostics.filter((d) => ruleOf(d) === 'team/buffer-flush-failed').map((d) => d.range.start.line),
      [2, 3, 4, 5],
    );
    assert.ok(diagnostics.some((d) => ruleOf(d) === 'esx/ramdisk-full'));
    const flush = diagnostics.find((d) => ruleOf(d) === 'team/buffer-flush-failed')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, flush.range, vscode.CodeActionKind.QuickFix.value);
    const open = actions.find((a) => a.title === 'Open runbook: Team: buffer cache flush failures on ESX');
    assert.ok(open, actions.map((a) => a.title).join(' | '));
    await vscode.commands.executeCommand(open.command!.command, ...(open.command!.arguments ?? []));
    const deadline = Date.now() + 10_000;
    let labels: string[] = [];
    while (Date.now() < deadline) {
      labels = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
      if (labels.some((l) => /Preview .*team-buffer-flush/.test(l))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(
      labels.some((l) => /Preview .*team-buffer-flush/.test(l)),
      labels.join(' | '),
    );
  });
});
