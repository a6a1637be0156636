// The outline and folding of a log (issue 4): VMSS runs, policies and VMs.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { exampleUri, openAndWaitForDiagnostics } from './helpers';

describe('outline', () => {
  it('shows VMSS runs with their policy and VMs in the outline, and folds them', async () => {
    const uri = exampleUri('xenserver', 'VMSSlog');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'xenserver-vmss-log');
    // the server starts with the first log; wait for it through another example's diagnostics
    await openAndWaitForDiagnostics(exampleUri('vnx', 'server_log'));
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    const run = symbols.find((s) => s.name === 'VMSS run [10123]');
    assert.ok(run, symbols.map((s) => s.name).join(', '));
    assert.match(run.children[0].name, /^policy 7b10ea29/);
    assert.equal(run.children[0].children.length, 2);
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', uri);
    assert.ok(folds.some((f) => f.start === run.range.start.line && f.end === run.range.end.line));
  });
});
