// Quick fixes on a finding: the runbook, the commands, disabling the rule (issue 7).
import assert from 'node:assert/strict';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { exampleUri, openAndWaitForDiagnostics, waitForDiagnostics } from './helpers';

async function quickFixesAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
}

describe('quick fixes', () => {
  const uri = exampleUri('vnx', 'server_log');

  after(async () => {
    await vscode.workspace.getConfiguration('logtriage').update('rules.disabled', undefined, vscode.ConfigurationTarget.Global);
  });

  it('offers the runbook first, then the commands and disabling the rule', async () => {
    const { diagnostics } = await openAndWaitForDiagnostics(uri, (d) => d.some((x) => x.code === 'vnx/ckpt-timer-expired'));
    const expired = diagnostics.find((d) => d.code === 'vnx/ckpt-timer-expired')!;
    const titles = (await quickFixesAt(uri, expired.range)).map((a) => a.title);
    assert.match(titles[0], /^Open runbook: VNX: NDMP backups with SnapSure wait/);
    assert.ok(titles.some((t) => /^Copy resolution commands \(\d+\)$/.test(t)), titles.join(' | '));
    assert.ok(titles.includes('Disable rule vnx/ckpt-timer-expired in this workspace'), titles.join(' | '));
  });

  it('opens the runbook in the markdown preview', async () => {
    const { diagnostics } = await openAndWaitForDiagnostics(uri, (d) => d.length > 0);
    const action = (await quickFixesAt(uri, diagnostics[0].range)).find((a) => a.title.startsWith('Open runbook'))!;
    await vscode.commands.executeCommand(action.command!.command, ...(action.command!.arguments ?? []));
    const deadline = Date.now() + 10_000;
    let labels: string[] = [];
    while (Date.now() < deadline) {
      labels = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
      if (labels.some((l) => /Preview .*vnx-stale-ndmp-checkpoints/.test(l))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(labels.some((l) => /Preview .*vnx-stale-ndmp-checkpoints/.test(l)), labels.join(' | '));
  });

  it('disables a rule through the setting and the findings go without a reload', async () => {
    await openAndWaitForDiagnostics(uri, (d) => d.some((x) => x.code === 'vnx/ckpt-wait'));
    await vscode.workspace.getConfiguration('logtriage').update('rules.disabled', ['vnx/ckpt-wait'], vscode.ConfigurationTarget.Global);
    const after = await waitForDiagnostics(uri, (d) => d.length > 0 && !d.some((x) => x.code === 'vnx/ckpt-wait'), 15_000);
    assert.ok(after.some((d) => d.code === 'vnx/ckpt-timer-expired'));
  });
});
