// A support bundle as the customer sent it (issue 16): Analyze on the archive itself, its
// members as documents of the read-only `logtriage-bundle:` file system, findings linking into them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { EXTENSION_ID, hoverTexts, openAndWaitForDiagnostics, repoRoot, waitForDiagnostics } from './helpers';

interface Api {
  findings(): { cause: string; title: string; files: { uri: string; lines: number[] }[] }[];
  bundles(): { label: string; details: string[] }[];
  largeFilesOffered(): string[];
}

/** A diagnostic's rule id (a code linked to its article is an object). */
const ruleOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

const HOST = 'esx-esxi01-2024-03-05--10.22-12345';
const VMKERNEL =
  [
    '2019-03-01T08:53:35.100Z cpu3:2099270)ScsiDeviceIO: 3435: Cmd(0x45a2c0f4b840) 0x28, CmdSN 0x1 from world 0 to dev "naa.600601604a503a00f4c1e2a1b2c3d4e5" failed H:0x0 D:0x2 P:0x0 Valid sense data: 0x4 0x44 0x0.',
    '2019-03-01T08:53:36.574Z cpu3:2099270)UserDump: 1485: Dumping cartel 3476251 (from world 3476319) to file /var/core/hostd-worker-zdump.000 ...',
  ].join('\n') + '\n';

describe('support bundle as an archive', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-e2e-archive-'));
  const archive = path.join(dir, 'vm-support.tgz');
  const member = (...p: string[]) => vscode.Uri.from({ scheme: 'logtriage-bundle', path: `${archive}!/${p.join('/')}` });
  const vmkernel = member(HOST, 'var', 'run', 'log', 'vmkernel.log');

  before(() => {
    const tree = path.join(dir, 'tree', HOST);
    fs.mkdirSync(path.join(tree, 'var', 'run', 'log'), { recursive: true });
    fs.mkdirSync(path.join(tree, 'commands'), { recursive: true });
    fs.writeFileSync(path.join(tree, 'var', 'run', 'log', 'vmkernel.log'), VMKERNEL);
    fs.writeFileSync(path.join(tree, 'commands', 'vmware_-vl.txt'), 'VMware ESXi 6.5.0 build-5969303\n');
    fs.writeFileSync(path.join(tree, 'var', 'run', 'log', 'server_log.1.gz'), zlib.gzipSync(fs.readFileSync(path.join(repoRoot, 'examples', 'vnx', 'server_log'))));
    execFileSync('tar', ['czf', archive, '-C', path.join(dir, 'tree'), HOST]);
  });

  it('Analyze Folder takes the archive: findings on its members, the bundle summary atop the Findings view', async () => {
    const result = await vscode.commands.executeCommand<{ files: number; findings: number; unreadable: unknown[] }>('logtriage.analyzeFolder', vscode.Uri.file(archive));
    assert.equal(result.files, 3, JSON.stringify(result));
    const diags = await waitForDiagnostics(vmkernel, (d) => d.some((x) => ruleOf(x) === 'esx/userworld-coredump'), 10_000);
    assert.equal(diags.find((d) => ruleOf(d) === 'esx/userworld-coredump')!.range.start.line, 1);
    const api = vscode.extensions.getExtension<Api>(EXTENSION_ID)!.exports;
    const gz = api
      .findings()
      .flatMap((c) => c.files)
      .find((f) => f.uri.endsWith('server_log.1.gz'));
    assert.ok(gz && gz.uri.startsWith('logtriage-bundle:') && gz.lines.includes(13), JSON.stringify(api.findings()));
    const [bundle] = api.bundles();
    assert.equal(bundle.label, 'vm-support.tgz');
    assert.ok(bundle.details.includes('product: VMware ESXi 6.5.0 build-5969303'), bundle.details.join(' | '));
    assert.ok(bundle.details.includes('hosts: esxi01'), bundle.details.join(' | '));
  });

  it('a .gz clicked in the Explorer (its default editor) opens as text through the extension', async () => {
    const gz = path.join(dir, 'tree', HOST, 'var', 'run', 'log', 'server_log.1.gz');
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(gz));
    const deadline = Date.now() + 10_000;
    while (vscode.window.activeTextEditor?.document.uri.scheme !== 'logtriage-gz' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const doc = vscode.window.activeTextEditor?.document;
    assert.equal(doc?.uri.scheme, 'logtriage-gz');
    assert.equal(doc.getText(), fs.readFileSync(path.join(repoRoot, 'examples', 'vnx', 'server_log'), 'utf8'));
  });

  it('browses the archive as a read-only folder and opens a member with diagnostics and hovers', async () => {
    const root = vscode.Uri.from({ scheme: 'logtriage-bundle', path: `${archive}!/` });
    assert.deepEqual(await vscode.workspace.fs.readDirectory(root), [[HOST, vscode.FileType.Directory]]);
    const { document, diagnostics } = await openAndWaitForDiagnostics(vmkernel, (d) => d.length >= 2);
    assert.equal(document.languageId, 'esx-vmkernel-log');
    assert.equal(document.getText(), VMKERNEL);
    assert.ok(
      diagnostics.some((d) => ruleOf(d) === 'esx/scsi-check-condition' && d.range.start.line === 0),
      diagnostics.map((d) => `${d.range.start.line}:${ruleOf(d)}`).join(', '),
    );
    const at = document.lineAt(0).text.indexOf('0x44');
    const hovers = (await hoverTexts(vmkernel, new vscode.Position(0, at + 1))).join('\n');
    assert.match(hovers, /INTERNAL TARGET FAILURE/i);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(vmkernel, Buffer.from('x'))), /read-only|NoPermissions|permission/i);
  });
});

describe('logs over the 50 MB VS Code hands to extensions', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-e2e-large-'));
  const file = path.join(dir, 'vmkernel.log');
  const filler = '2019-03-01T08:53:35.100Z cpu3:2099270)ScsiDeviceIO: 3435: Cmd(0x45a2c0f4b840) 0x28 to dev "naa.600601604a503a00f4c1e2a1b2c3d4e5" completed\n';
  const fillerLines = Math.ceil((51 * 1024 * 1024) / filler.length);

  before(() => {
    const fd = fs.openSync(file, 'w');
    const block = filler.repeat(10_000);
    for (let i = 0; i < fillerLines; i += 10_000) fs.writeSync(fd, block);
    fs.writeSync(fd, VMKERNEL.split('\n')[1] + '\n');
    fs.closeSync(fd);
  });

  it('says so as soon as one is opened, and Analyze from disk puts its findings in the Problems panel', async () => {
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file));
    const api = vscode.extensions.getExtension<Api>(EXTENSION_ID)!.exports;
    const deadline = Date.now() + 15_000;
    while (!api.largeFilesOffered().includes(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.ok(api.largeFilesOffered().includes(file), `not offered: ${JSON.stringify(api.largeFilesOffered())}`);
    const result = await vscode.commands.executeCommand<{ files: number }>('logtriage.analyzeFromDisk', vscode.Uri.file(file));
    assert.equal(result.files, 1);
    const lines = Math.ceil(fillerLines / 10_000) * 10_000;
    // published on the disk-served window that shows the line, at the file's own line number
    const window = vscode.Uri.from({ scheme: 'logtriage-window', path: vscode.Uri.file(file).path, query: `line=${Math.floor(lines / 4000) * 4000 + 2001}` });
    const diags = await waitForDiagnostics(window, (d) => d.some((x) => ruleOf(x) === 'esx/userworld-coredump'), 20_000);
    assert.equal(diags.find((d) => ruleOf(d) === 'esx/userworld-coredump')!.range.start.line, lines);
    assert.deepEqual(
      vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((d) => d.source === 'logtriage'),
      [],
      'none on the file, which VS Code would open on its "very large" page',
    );
  });

  it('a click in the Problems panel opens the window at the finding, as the Findings view does', async () => {
    const lines = Math.ceil(fillerLines / 10_000) * 10_000;
    const [window, diags] = vscode.languages.getDiagnostics().find(([uri, d]) => uri.scheme === 'logtriage-window' && uri.path === vscode.Uri.file(file).path && d.length)!;
    const finding = diags.find((d) => ruleOf(d) === 'esx/userworld-coredump')!;
    // what the Problems panel does with a marker: open its resource with the marker's range selected
    await vscode.commands.executeCommand('vscode.open', window, { selection: finding.range });
    const fromProblems = vscode.window.activeTextEditor!;
    assert.equal(fromProblems.document.uri.toString(), window.toString());
    assert.equal(fromProblems.selection.active.line, lines);
    assert.equal(fromProblems.document.lineAt(lines).text, VMKERNEL.split('\n')[1]);
    await vscode.commands.executeCommand('logtriage.openFinding', vscode.Uri.file(file).toString(), lines, 0);
    assert.equal(vscode.window.activeTextEditor!.document.uri.toString(), window.toString(), 'the Findings view opens the same window');
  });

  it('opens a finding of such a file at its line in a window served from disk, with the finding on it', async () => {
    const lines = Math.ceil(fillerLines / 10_000) * 10_000;
    await vscode.commands.executeCommand('logtriage.openFinding', vscode.Uri.file(file).toString(), lines, 0);
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.scheme, 'logtriage-window');
    const at = editor.selection.active.line;
    assert.equal(editor.document.lineAt(at).text, VMKERNEL.split('\n')[1]);
    // the window keeps the file's line numbers: its text is the block of 4000 lines holding the finding
    assert.equal(at, lines);
    assert.ok(editor.document.lineCount <= lines + 4002, String(editor.document.lineCount));
    assert.equal(editor.document.lineAt(Math.floor(lines / 4000) * 4000 - 1).text, '', 'the lines above the window are blank');
    const diags = await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => ruleOf(x) === 'esx/userworld-coredump'), 20_000);
    assert.equal(diags.find((d) => ruleOf(d) === 'esx/userworld-coredump')!.range.start.line, at);
    assert.equal(editor.document.languageId, 'esx-vmkernel-log');
  });
});
