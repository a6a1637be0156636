// The merged timeline (issue 9): the two hosts of article 002 in one virtual document, the media
// server's status 25 linked to the client's vnetd timeout, tags linking back, hovers per line.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { codeOf, repoRoot, waitForDiagnostics } from './helpers';

describe('merged timeline', () => {
  const dir = path.join(repoRoot, 'test', 'fixtures', 'timeline', 'nbu-two-hosts');
  const config = () => vscode.workspace.getConfiguration('logtriage.timeline');

  after(async () => {
    await config().update('offsets', undefined, vscode.ConfigurationTarget.Global);
    await config().update('dates', undefined, vscode.ConfigurationTarget.Global);
  });

  it('opens the two hosts as one timeline, the status 25 linked to the vnetd timeout, tags linking back', async () => {
    await config().update('offsets', { client: -5 }, vscode.ConfigurationTarget.Global);
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('logtriage.openTimeline', vscode.Uri.file(dir));
    assert.equal(doc.uri.scheme, 'logtriage-timeline');
    // named for what it merges, in the timeline's own language (not "Timeline of nbu-two-hosts.log" in Log)
    assert.equal(path.posix.basename(doc.uri.path), 'Merged timeline of nbu-two-hosts.timeline');
    assert.equal(doc.languageId, 'logtriage-timeline');
    const lines = doc.getText().split('\n');
    const timeout = lines.findIndex((l) => l.includes('vnet_sock_ready: ... 0: Function failed: 11'));
    assert.ok(lines[timeout].startsWith('2014-05-05T17:48:36.611 [client/vnetd] 17:48:41.611 '), lines[timeout]);

    const diagnostics = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === 'nbu/status-25'), 20_000);
    const status = diagnostics.find((d) => codeOf(d) === 'nbu/status-25' && lines[d.range.start.line].includes('[media/bpbrm]'))!;
    assert.ok(
      status.relatedInformation?.some((r) => r.location.uri.toString() === doc.uri.toString() && r.location.range.start.line === timeout),
      JSON.stringify(status.relatedInformation),
    );

    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    const back = links.find((l) => l.range.start.line === timeout);
    assert.ok(back?.target, 'the tag of the timeout line links to its file');
    assert.ok(back.target.path.endsWith('/client/vnetd/log.050514'));
    assert.equal(back.target.fragment, 'L17');

    const level = lines.findIndex((l) => l.includes('<16> process_requests: get_vnetd_forward_socket failed: 25'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(level, lines[level].indexOf('<16>') + 1));
    assert.ok(hovers.length > 0, 'a hover on the NetBackup level inside the timeline');
  });

  it('dates a NetBackup log renamed without its date by its file time, and rebuilds with the day the engineer gives', async () => {
    const undated = path.join(repoRoot, 'test', 'fixtures', 'timeline', 'mixed', 'undated', 'bpbrm', 'bpbrm.txt');
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('logtriage.openTimeline', vscode.Uri.file(undated));
    assert.match(doc.getText(), /# \[bpbrm\.txt\] .*from the file's modification time: its name gives no date/);
    assert.ok((await vscode.commands.getCommands(true)).includes('logtriage.timeline.setDate'));
    await config().update('dates', { 'bpbrm.txt': '2014-05-06' }, vscode.ConfigurationTarget.Global);
    const deadline = Date.now() + 20_000;
    while (!doc.getText().includes('day 2014-05-06 given for the first line') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const timed = doc
      .getText()
      .split('\n')
      .find((l) => /^\d{4}-/.test(l));
    assert.ok(timed?.startsWith('2014-05-06T'), timed);
  });
});
