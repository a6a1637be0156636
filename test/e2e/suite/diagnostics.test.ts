// Diagnostics as the editor shows them: rule id as code, line, severity, source.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { codeOf, exampleUri, openAndWaitForDiagnostics, repoRoot } from './helpers';

const VNX_RULES = ['vnx/ckpt-wait', 'vnx/ckpt-timer-expired', 'vnx/snapsure-create-failed'];

interface Shown {
  line: number;
  code: string;
  severity: string;
}

const shown = (diagnostics: vscode.Diagnostic[]): Shown[] =>
  diagnostics
    .map((d) => ({ line: d.range.start.line + 1, code: codeOf(d), severity: vscode.DiagnosticSeverity[d.severity].toLowerCase() }))
    .sort((a, b) => a.line - b.line || a.code.localeCompare(b.code));

describe('diagnostics', () => {
  it('publishes the VNX checkpoint findings with rule ids, lines, severities and source', async () => {
    const { diagnostics } = await openAndWaitForDiagnostics(exampleUri('vnx', 'server_log'), (d) => d.length >= 4);
    assert.ok(diagnostics.every((d) => d.source === 'logtriage'), 'every diagnostic comes from logtriage');
    // Other rules may find more in this example; these are the ones this case is about.
    assert.deepEqual(shown(diagnostics).filter((d) => VNX_RULES.includes(d.code)), [
      { line: 11, code: 'vnx/ckpt-wait', severity: 'warning' },
      { line: 13, code: 'vnx/ckpt-timer-expired', severity: 'error' },
      { line: 14, code: 'vnx/snapsure-create-failed', severity: 'error' },
      { line: 15, code: 'vnx/snapsure-create-failed', severity: 'error' },
    ]);
  });

  it('shows exactly what `logtriage analyze` finds in the same file', async () => {
    const uri = exampleUri('vnx', 'server_log');
    const cli = JSON.parse(
      execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'analyze', '--json', uri.fsPath], {
        encoding: 'utf8',
        // The extension host's node is Electron's in desktop VS Code: make it act as node.
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      }),
    ) as { files: { findings: { rule: string; line: number; severity: string }[] }[] };
    const expected = cli.files[0].findings
      .map((f) => ({ line: f.line, code: f.rule, severity: f.severity }))
      .sort((a, b) => a.line - b.line || a.code.localeCompare(b.code));
    const { diagnostics } = await openAndWaitForDiagnostics(uri, (d) => d.length >= expected.length);
    assert.deepEqual(shown(diagnostics), expected);
  });
});
