// What the editor shows (issue 17, points 7 and 8): the hover leads with the fix, the gap lens has a
// codicon, the walkthrough's example is an untitled copy, settings offer the rule ids.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { codeOf, EXTENSION_ID, exampleUri, openAndWaitForDiagnostics, waitForDiagnostics } from './helpers';

const hoverText = (hovers: vscode.Hover[]) => hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');

describe('editor text', () => {
  after(async () => {
    await vscode.workspace.getConfiguration('logtriage.timeline').update('gapSeconds', undefined, vscode.ConfigurationTarget.Global);
  });

  it('a hover leads with what happened and the fix, then the decoding, then the public sources', async () => {
    const uri = exampleUri('netbackup', 'client', 'bpcd', 'log.050514');
    const { document } = await openAndWaitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'nbu/status-25'));
    const line = document.lineAt(29).text;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(29, line.indexOf('failed: 25') + 9));
    const text = hoverText(hovers);
    const order = ['**Error:**', '**Fix:**', 'Open runbook', 'NetBackup status 25\\: cannot connect on socket', '**Sources**'].map((s) => text.indexOf(s));
    assert.ok(
      order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1])),
      `${order}\n${text}`,
    );
    assert.match(text, /the closest at line 24/);
    assert.match(text, /\]\(https:\/\/www\.veritas\.com\//);
  });

  it('marks an idle gap with a codicon lens', async () => {
    await vscode.workspace.getConfiguration('logtriage.timeline').update('gapSeconds', 60, vscode.ConfigurationTarget.Global);
    const uri = exampleUri('netbackup', 'bpbrm', 'log.050514');
    await openAndWaitForDiagnostics(uri);
    let lenses: vscode.CodeLens[] = [];
    for (let i = 0; i < 40 && !lenses.length; i++) {
      lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      if (!lenses.length) await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(lenses.length > 0);
    for (const lens of lenses) assert.match(lens.command?.title ?? '', /^\$\([a-z-]+\) \d/, lens.command?.title);
  });

  it('opens the walkthrough example as an untitled copy, analysed like the file', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('logtriage.openExample');
    assert.equal(doc.uri.scheme, 'untitled');
    assert.equal(doc.languageId, 'vnx-server-log');
    const ours = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.equal(doc.getText(), fs.readFileSync(path.join(ours.extensionPath, 'examples', 'vnx', 'server_log'), 'utf8'));
    const diagnostics = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === 'vnx/ckpt-wait'), 20_000);
    assert.ok(diagnostics.length >= 3);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('offers the built-in rule ids for logtriage.rules.disabled, in titled settings sections', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { configuration: { title: string; properties: Record<string, { items?: { enum?: string[] } }> }[] } };
    const sections = manifest.contributes.configuration;
    assert.equal(sections[0].title, 'Log Triage');
    const ids = sections.find((s) => s.properties['logtriage.rules.disabled'])!.properties['logtriage.rules.disabled'].items!.enum!;
    assert.ok(ids.includes('nbu/status-25') && ids.includes('esx/scsi-check-condition'), ids.join(' '));
  });
});
