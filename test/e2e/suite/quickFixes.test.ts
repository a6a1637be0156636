// Quick fixes on a finding: the runbook, the commands, disabling the rule (issue 7).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { codeOf, exampleUri, openAndWaitForDiagnostics, waitForDiagnostics } from './helpers';

async function quickFixesAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
}

describe('quick fixes', () => {
  const uri = exampleUri('vnx', 'server_log');

  after(async () => {
    await vscode.workspace.getConfiguration('logtriage').update('rules.disabled', undefined, vscode.ConfigurationTarget.Global);
  });

  it('offers the runbook first, then the commands and disabling the rule', async () => {
    const { diagnostics } = await openAndWaitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'vnx/ckpt-timer-expired'));
    const expired = diagnostics.find((d) => codeOf(d) === 'vnx/ckpt-timer-expired')!;
    const titles = (await quickFixesAt(uri, expired.range)).map((a) => a.title);
    assert.match(titles[0], /^Open runbook: VNX: NDMP backups with SnapSure wait/);
    assert.ok(
      titles.some((t) => /^Copy resolution commands \(\d+\)$/.test(t)),
      titles.join(' | '),
    );
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
    assert.ok(
      labels.some((l) => /Preview .*vnx-stale-ndmp-checkpoints/.test(l)),
      labels.join(' | '),
    );
  });

  it("shows the runbook with the finding's own values in its commands", async () => {
    // a Data Mover's log (server_2 in its path) listing one stale backupSnapDB entry
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-e2e-runbook-'));
    const file = path.join(dir, 'server_2', 'server_log');
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, 'lrwxr-xr-x  1 root bin   95 Mar 10 19:39 automaticTempNDMPCkpt10-19-1426016353 -> 4294967295 0 /root_vdm_1/automaticNDMPCkpts CKM_2_1555 CKM_2_1556\n');
    const moverLog = vscode.Uri.file(file);
    const { diagnostics } = await openAndWaitForDiagnostics(moverLog, (d) => d.some((x) => codeOf(x) === 'vnx/stale-ndmp-ckpt-entry'));
    const stale = diagnostics.find((d) => codeOf(d) === 'vnx/stale-ndmp-ckpt-entry')!;
    const action = (await quickFixesAt(moverLog, stale.range)).find((a) => a.title.startsWith('Open runbook'))!;
    // a fresh preview (an open one would be reused for the new resource and render it only when shown)
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand(action.command!.command, ...(action.command!.arguments ?? []));
    const deadline = Date.now() + 10_000;
    let shown: vscode.TextDocument | undefined;
    while (Date.now() < deadline && !shown) {
      shown = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'logtriage-runbook' && d.getText().includes('automaticTempNDMPCkpt10-19-1426016353'));
      if (!shown) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(shown, vscode.workspace.textDocuments.map((d) => d.uri.toString()).join(' | '));
    const text = shown.getText();
    assert.match(text, /^ *rm -f \/nas\/quota\/slot_2\/\.etc\/backupSnapDB\/automaticTempNDMPCkpt10-19-1426016353$/m);
    assert.match(text, /^ *server_umount server_2 -perm automaticTempNDMPCkpt10-19-1426016353$/m);
    const labels = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
    assert.ok(
      labels.some((l) => /Preview .*vnx-stale-ndmp-checkpoints/.test(l)),
      labels.join(' | '),
    );
  });

  it('disables a rule through the setting and the findings go without a reload', async () => {
    await openAndWaitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'vnx/ckpt-wait'));
    await vscode.workspace.getConfiguration('logtriage').update('rules.disabled', ['vnx/ckpt-wait'], vscode.ConfigurationTarget.Global);
    const after = await waitForDiagnostics(uri, (d) => d.length > 0 && !d.some((x) => codeOf(x) === 'vnx/ckpt-wait'), 15_000);
    assert.ok(after.some((d) => codeOf(d) === 'vnx/ckpt-timer-expired'));
  });
});
