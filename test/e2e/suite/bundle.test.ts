// A whole support bundle: Analyze Folder, the Findings view, .gz logs, content detection,
// document links and the triage report (issues 4 and 7).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { codeOf, EXTENSION_ID, repoRoot, waitForDiagnostics } from './helpers';

interface Api {
  findings(): { cause: string; title: string; files: { uri: string; lines: number[] }[] }[];
}

describe('support bundle', () => {
  const bundle = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-e2e-bundle-'));
  const example = fs.readFileSync(path.join(repoRoot, 'examples', 'vnx', 'server_log'), 'utf8');
  const file = (...p: string[]) => path.join(bundle, ...p);

  before(() => {
    fs.mkdirSync(file('dm'), { recursive: true });
    fs.mkdirSync(file('var', 'core'), { recursive: true });
    fs.writeFileSync(file('dm', 'server_log.1.gz'), zlib.gzipSync(example));
    fs.writeFileSync(file('dm', 'case-notes.txt'), example); // named like nothing we know: content decides
    fs.writeFileSync(file('dm', 'core.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]));
    fs.writeFileSync(file('var', 'core', 'hostd-worker-zdump.000'), 'core');
    fs.writeFileSync(
      file('dm', 'vmkernel.log'),
      'Apr 7 17:41:03 esx_host vmkernel: 17:19:52:55.726 cpu6:3476319)UserDump: 1485: Dumping cartel 3476251 (from world 3476319) to file /var/core/hostd-worker-zdump.000 ...\n' +
        'Apr 7 17:41:04 esx_host vmkernel: 17:19:52:56.001 cpu6:4099)WARNING: see VMware KB 1005884 for the hostdstats ramdisk\n',
    );
  });

  it('analyses the folder into the Problems panel and the Findings view', async () => {
    const result = await vscode.commands.executeCommand<{ files: number; findings: number; unreadable: { path: string; reason: string }[] }>('logtriage.analyzeFolder', vscode.Uri.file(bundle));
    assert.equal(result.files, 4, JSON.stringify(result));
    assert.deepEqual(
      result.unreadable.map((u) => path.basename(u.path)),
      ['core.bin'],
    );
    const notes = await waitForDiagnostics(vscode.Uri.file(file('dm', 'case-notes.txt')), (d) => d.length >= 7, 10_000);
    assert.ok(notes.some((d) => codeOf(d) === 'vnx/ckpt-timer-expired'));
    const api = vscode.extensions.getExtension<Api>(EXTENSION_ID)!.exports;
    const causes = api.findings();
    const vnx = causes.find((c) => c.cause === 'vnx-stale-ndmp-checkpoints');
    assert.ok(vnx, causes.map((c) => c.cause).join(', '));
    assert.ok(
      vnx.files.some((f) => f.uri.startsWith('logtriage-gz:') && f.lines.includes(13)),
      JSON.stringify(vnx.files),
    );
    // a core dump is grouped under its own problem, not under the hostdstats ramdisk runbook
    assert.ok(
      causes.some((c) => c.cause === 'esx-userworld-coredump'),
      causes.map((c) => c.cause).join(', '),
    );
    assert.ok(!causes.some((c) => c.cause === 'esx-hostdstats-ramdisk-full'), causes.map((c) => c.cause).join(', '));
  });

  it('opens a .gz log read-only as text, recognised and analysed', async () => {
    await vscode.commands.executeCommand('logtriage.openCompressedLog', vscode.Uri.file(file('dm', 'server_log.1.gz')));
    const doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.uri.scheme, 'logtriage-gz');
    assert.equal(doc.getText(), example);
    const deadline = Date.now() + 10_000;
    while (doc.languageId !== 'vnx-server-log' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(vscode.window.activeTextEditor!.document.languageId, 'vnx-server-log');
    const diags = await waitForDiagnostics(doc.uri, (d) => d.length >= 7, 10_000);
    assert.ok(diags.some((d) => codeOf(d) === 'vnx/ckpt-wait'));
  });

  it('switches a plain-text log to its family by content', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file('dm', 'case-notes.txt')));
    await vscode.window.showTextDocument(doc);
    const deadline = Date.now() + 10_000;
    let current = doc;
    while (current.languageId !== 'vnx-server-log' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      current = vscode.workspace.textDocuments.find((d) => d.uri.toString() === doc.uri.toString()) ?? current;
    }
    assert.equal(current.languageId, 'vnx-server-log');
  });

  it('links KB references and bundle paths, never log text', async () => {
    const uri = vscode.Uri.file(file('dm', 'vmkernel.log'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri);
    const targets = links.map((l) => l.target?.toString(true));
    assert.ok(targets.includes('https://kb.vmware.com/s/article/1005884'), targets.join(' | '));
    assert.ok(
      targets.some((t) => t?.endsWith('/var/core/hostd-worker-zdump.000')),
      targets.join(' | '),
    );
  });

  it('writes the triage report of the folder', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('logtriage.writeReport', vscode.Uri.file(bundle));
    assert.equal(doc.languageId, 'markdown');
    const text = doc.getText();
    assert.match(text, /^# Log Triage report/);
    assert.match(text, /### VNX: NDMP backups with SnapSure wait, then fail/);
    assert.match(text, /`dm\/core\.bin`\]\(file:\/\/\/[^)]*\/dm\/core\.bin\): binary file/);
    // evidence opens the file itself: absolute file: links, never a link relative to an untitled buffer
    const links = [...text.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(links.length > 3 && links.every((l) => /^(file:\/\/\/|https:\/\/)/.test(l)), links.join('\n'));
    assert.ok(links.includes(vscode.Uri.file(file('dm', 'vmkernel.log')).toString(true) + '#L1') || links.some((l) => l.startsWith(`file://${file('dm', 'vmkernel.log')}#L`)), links.join('\n'));
    assert.doesNotMatch(text, /\\[():;,.]/, 'no backslash escapes');
  });

  it('writes the report as plain text and copies it to the clipboard', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('logtriage.writeReportText', vscode.Uri.file(bundle));
    assert.equal(doc.languageId, 'plaintext');
    assert.match(doc.getText(), /^Log Triage report\n=+\n/);
    assert.match(doc.getText(), /^- dm\/core\.bin: binary file/m);
    assert.doesNotMatch(doc.getText(), /\*\*|\]\(|`/);
    await vscode.env.clipboard.writeText('');
    const copied = await vscode.commands.executeCommand<string>('logtriage.copyReport', vscode.Uri.file(bundle));
    const clipboard = await vscode.env.clipboard.readText();
    assert.equal(clipboard, copied);
    assert.match(clipboard, /^Log Triage report\n/);
    assert.match(clipboard, /VNX: NDMP backups with SnapSure wait, then fail/);
  });
});
