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
  diagnostics.map((d) => ({ line: d.range.start.line + 1, code: codeOf(d), severity: vscode.DiagnosticSeverity[d.severity].toLowerCase() })).sort((a, b) => a.line - b.line || a.code.localeCompare(b.code));

describe('diagnostics', () => {
  it('publishes the VNX checkpoint findings with rule ids, lines, severities and source', async () => {
    const { diagnostics } = await openAndWaitForDiagnostics(exampleUri('vnx', 'server_log'), (d) => d.length >= 4);
    assert.ok(
      diagnostics.every((d) => d.source === 'logtriage'),
      'every diagnostic comes from logtriage',
    );
    // Other rules may find more in this example; these are the ones this case is about.
    assert.deepEqual(
      shown(diagnostics).filter((d) => VNX_RULES.includes(d.code)),
      [
        { line: 11, code: 'vnx/ckpt-wait', severity: 'warning' },
        { line: 13, code: 'vnx/ckpt-timer-expired', severity: 'error' },
        { line: 14, code: 'vnx/snapsure-create-failed', severity: 'error' },
      ],
    );
    // its two lines are one problem: one finding that counts both
    assert.match(diagnostics.find((d) => codeOf(d) === 'vnx/snapsure-create-failed')!.message, /\[repeated 2 times from line 14 to line 15\]$/);
  });

  it('shows what `logtriage analyze` finds in the same file, each problem once per subject', async () => {
    const uri = exampleUri('vnx', 'server_log');
    const cli = JSON.parse(
      execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'analyze', '--json', uri.fsPath], {
        encoding: 'utf8',
        // The extension host's node is Electron's in desktop VS Code: make it act as node.
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      }),
    ) as { files: { findings: { rule: string; line: number; severity: string; count: number }[] }[] };
    const findings = cli.files[0].findings;
    // the command line reports the first few repeats apart; the editor counts them into one finding
    const { diagnostics } = await openAndWaitForDiagnostics(uri, (d) => d.length > 0 && d.length >= new Set(findings.map((f) => f.rule)).size);
    const occurrences = (rule: string, list: { rule: string; count: number }[]) => list.filter((f) => f.rule === rule).reduce((n, f) => n + f.count, 0);
    const editor = diagnostics.map((d) => ({ rule: codeOf(d), count: Number(/\[repeated (\d+) times/.exec(d.message)?.[1] ?? 1) }));
    for (const rule of new Set(findings.map((f) => f.rule))) assert.equal(occurrences(rule, editor), occurrences(rule, findings), rule);
    const cliShown = new Set(findings.map((f) => `${f.line} ${f.rule} ${f.severity}`));
    for (const d of shown(diagnostics)) assert.ok(cliShown.has(`${d.line} ${d.code} ${d.severity}`), JSON.stringify(d));
  });
});
