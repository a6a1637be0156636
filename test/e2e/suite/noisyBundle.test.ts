// A big, noisy bundle tells one story (issue 17): the Problems panel, the Findings view and the status
// bar give one count, repeats read as one finding, files are told apart, filters show, and a cancelled
// re-run of Analyze Folder keeps the previous complete results.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { writeNoisyBundle, type NoisyBundle } from '../harness/noisyBundle';
import { codeOf, EXTENSION_ID, waitForDiagnostics } from './helpers';

interface Api {
  findings(): { cause: string; title: string; count: string; files: { uri: string; label: string; description: string; lines: number[]; more?: string; facts?: string[][] }[] }[];
  counts(uri?: string): { findings: number; causes: number; files: number };
  statusBarText(): string;
  findingsDescription(): string | undefined;
}

const MORE = 'logtriage/more-findings';
const number = (text: string) => Number(/([\d,]+) finding/.exec(text)![1].replace(/,/g, ''));

/** What the Problems panel shows of a file: each diagnostic's rule, line and message. */
function problems(uri: vscode.Uri): string[] {
  return vscode.languages.getDiagnostics(uri).map((d) => `${codeOf(d)}:${d.range.start.line}:${d.message}`);
}

describe('noisy bundle: one consistent story', function () {
  this.timeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-e2e-noisy-'));
  let bundle: NoisyBundle;
  let api: Api;
  const uris = () => [bundle.vmkernel, bundle.bpbrm, bundle.bpcd].map((f) => vscode.Uri.file(f));

  before(async () => {
    // 1200 devices failing two ways over 12 MB: more findings than the Problems panel keeps for one file
    bundle = writeNoisyBundle(dir, 'noisy', 40, 1200, 20);
    api = await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate();
    // the status bar speaks of the active log: none here, so it speaks of all of them
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const result = await vscode.commands.executeCommand<{ cancelled: boolean; findings: number }>('logtriage.analyzeFolder', vscode.Uri.file(bundle.root));
    assert.equal(result.cancelled, false);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives one count per file and for the bundle in the Problems panel, the Findings view and the status bar', async () => {
    const [vmkernel, bpbrm, bpcd] = uris();
    const shown = await waitForDiagnostics(vmkernel, (d) => d.some((x) => codeOf(x) === MORE), 30_000);
    assert.equal(shown.length, 1000, 'VS Code keeps 1000 per file: our count of the rest is one of them');
    const more = /^([\d,]+) more findings not shown \(([\d,]+) in all;/.exec(shown.find((d) => codeOf(d) === MORE)!.message)!;
    const count = (digits: string) => Number(digits.replace(/,/g, ''));
    const total = count(more[2]);
    assert.equal(999 + count(more[1]), total);
    assert.ok(total > 1500, `${total} findings`);
    assert.equal(api.counts(vmkernel.toString()).findings, total);
    for (const nbu of [bpbrm, bpcd]) assert.equal(api.counts(nbu.toString()).findings, vscode.languages.getDiagnostics(nbu).length, nbu.path);
    const three = [vmkernel, bpbrm, bpcd].reduce((n, u) => n + api.counts(u.toString()).findings, 0);
    assert.equal(three, total + vscode.languages.getDiagnostics(bpbrm).length + vscode.languages.getDiagnostics(bpcd).length);
    // the view holds the logs of the other tests too: every count is over all of them
    const all = api.counts();
    const causes = api.findings();
    assert.equal(causes.length, all.causes);
    assert.equal(
      causes.reduce((n, c) => n + number(c.count), 0),
      all.findings,
    );
    // the status bar says what VS Code's counts do not: the root causes, and the bundle's findings
    assert.equal(api.statusBarText(), `$(checklist) Log Triage: ${all.causes} root causes · ${all.findings.toLocaleString('en-US')} findings in ${all.files} logs`);
  });

  it('puts the findings left out under their file, with the count that adds up', () => {
    const vmkernel = uris()[0].toString();
    const rows = api.findings().flatMap((c) => c.files.filter((f) => f.uri === vmkernel).map((f) => ({ cause: c, file: f })));
    const withMore = rows.filter((r) => r.file.more);
    assert.ok(withMore.length > 0, JSON.stringify(rows.map((r) => r.file.description)));
    for (const { file } of rows) {
      const left = file.more ? Number(/^([\d,]+) more/.exec(file.more)![1].replace(/,/g, '')) : 0;
      assert.equal(file.lines.length + left, number(file.description), file.description);
    }
  });

  it('reads repeats as one finding with its count, times and example lines', () => {
    const [, bpbrm] = uris();
    const status25 = vscode.languages.getDiagnostics(bpbrm).filter((d) => codeOf(d) === 'nbu/status-25');
    assert.equal(status25.length, 1, status25.map((d) => d.message).join('\n'));
    assert.match(status25[0].message, /repeated 40 times from line 2 to line 80/);
    assert.ok(status25[0].relatedInformation?.some((r) => r.message.startsWith('repeat at line')));
    const row = api
      .findings()
      .flatMap((c) => c.files)
      .find((f) => f.uri === bpbrm.toString() && f.facts)!;
    assert.ok(row, 'an expandable row');
    assert.equal(row.facts![0][0], '40 occurrences, lines 2 to 80');
    assert.ok(
      row.facts![0].some((f) => f.startsWith('last: line 80 at 2014-05-05 10:39:04')),
      row.facts![0].join(' | '),
    );
  });

  it('names files relative to the analysed folder so that same-named logs differ', () => {
    const files = api.findings().flatMap((c) => c.files);
    const label = (file: string) => files.find((f) => f.uri === vscode.Uri.file(file).toString())?.label;
    // other tests' folders have a vmkernel.log and NetBackup logs too: each gets as many folders as it takes
    for (const [file, least] of [
      [bundle.bpbrm, 'bpbrm/log.050514'],
      [bundle.bpcd, 'bpcd/log.050514'],
    ]) {
      assert.ok(label(file)!.endsWith(least) && file.endsWith(label(file)!), `${label(file)} for ${file}`);
    }
    assert.notEqual(label(bundle.bpbrm), label(bundle.bpcd));
    assert.ok('vmware/esx01/var/log/vmkernel.log'.endsWith(label(bundle.vmkernel)!), label(bundle.vmkernel));
    assert.match(files.find((f) => f.uri === vscode.Uri.file(bundle.bpbrm).toString())!.description, /^[\d,]+ findings?$/);
    assert.ok(!files.some((f) => f.description.includes(dir)), 'no absolute paths');
  });

  it('shows an active family filter by name in the view description', async () => {
    await vscode.commands.executeCommand('logtriage.findings.filterFamily', ['netbackup-legacy-log']);
    try {
      assert.equal(api.findingsDescription(), 'filtered: NetBackup legacy debug log');
      assert.ok(api.findings().every((c) => c.files.every((f) => f.label.endsWith('log.050514'))));
    } finally {
      await vscode.commands.executeCommand('logtriage.findings.clearFilters');
    }
    assert.equal(api.findingsDescription(), undefined);
  });

  it('keeps the previous complete results when a re-run is cancelled', async () => {
    const before = uris().map(problems);
    const view = JSON.stringify(api.findings());
    const rerun = vscode.commands.executeCommand<{ cancelled: boolean }>('logtriage.analyzeFolder', vscode.Uri.file(bundle.root));
    // the NetBackup logs come first and are published again; cancelled while the vmkernel log is still being read
    const deadline = Date.now() + 20_000;
    while (!/analysing [1-9][\d,]* of/.test(api.statusBarText()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await vscode.commands.executeCommand('logtriage.analyzeFolder.cancel');
    const result = await rerun;
    assert.equal(result.cancelled, true, 'the re-run ended before it was cancelled');
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(uris().map(problems), before);
    assert.equal(JSON.stringify(api.findings()), view);
    const all = api.counts();
    assert.equal(api.statusBarText(), `$(checklist) Log Triage: ${all.causes} root causes · ${all.findings.toLocaleString('en-US')} findings in ${all.files} logs (earlier run)`);
  });

  it('keeps the status bar item on the merged timeline', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('logtriage.openTimeline', vscode.Uri.file(path.dirname(bundle.bpbrm)));
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString());
    assert.match(api.statusBarText(), /^\$\(checklist\) Log Triage: [\d,]+ root causes? · [\d,]+ findings in [\d,]+ logs/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
