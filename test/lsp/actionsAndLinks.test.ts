import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, DocumentLink } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lspClient';
import { readFixture } from '../helpers/paths';

describe('language server: quick fixes and document links', () => {
  const client = new LspTestClient();
  const bundle = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-bundle-'));
  const logPath = path.join(bundle, 'var', 'log', 'server_log');
  const uri = 'file://' + logPath;
  const text =
    readFixture('vnx', 'article-000.server_log') +
    '2015-05-05 12:41:00: 1: CMD: 6: see VMware KB 1005884, Veritas article 100024894 and CTX224169\n' +
    '2015-05-05 12:41:01: 1: CMD: 6: dump written to /var/core/hostd-worker-zdump.000 and /var/core/missing.000\n' +
    '2015-05-05 12:41:02: 1: CMD: 6: escape attempt /var/../../etc/passwd and [x](command:workbench.action.quit)\n';
  let diagnostics: Diagnostic[];

  before(async () => {
    fs.mkdirSync(path.dirname(logPath), { recursive: true });
    fs.mkdirSync(path.join(bundle, 'var', 'core'), { recursive: true });
    fs.writeFileSync(path.join(bundle, 'var', 'core', 'hostd-worker-zdump.000'), 'core');
    fs.writeFileSync(logPath, text);
    await client.initialize(bundle);
    diagnostics = await client.open(uri, 'vnx-server-log', text);
  });
  after(async () => {
    await client.shutdown();
  });

  it('offers the runbook, the article, the commands and disabling the rule for a finding', async () => {
    const expired = diagnostics.find((d) => d.code === 'vnx/ckpt-timer-expired')!;
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: expired.range,
      context: { diagnostics: [expired], only: ['quickfix'] },
    });
    assert.deepEqual(
      actions.map((a) => a.command!.command),
      ['logtriage.openRunbook', 'logtriage.openArticle', 'logtriage.copyResolution', 'logtriage.disableRule'],
    );
    assert.ok(actions.every((a) => a.kind === 'quickfix' && a.diagnostics?.[0].code === 'vnx/ckpt-timer-expired'));
    assert.match(actions[0].title, /^Open runbook: VNX: NDMP backups with SnapSure wait/);
    assert.equal(actions[0].isPreferred, true);
    assert.equal((actions[0].command!.arguments![0] as { runbook: string }).runbook, 'vnx-stale-ndmp-checkpoints');
    // this log's path names no Data Mover and the line no checkpoint: they stay for the engineer to fill
    assert.match(String(actions[1].command!.arguments![0]), /^https:\/\//);
    const commands = String(actions[2].command!.arguments![0]);
    assert.match(commands, /^rm -f \/nas\/quota\/slot_<slot>\/\.etc\/backupSnapDB\/<checkpoint>$/m);
    assert.ok(!/\*|\{\w+\}/.test(commands), `no wildcard and no raw placeholder in:\n${commands}`);
    assert.deepEqual(actions[3].command!.arguments, ['vnx/ckpt-timer-expired']);
  });

  it("fills the commands and the runbook view with the finding's own values", async () => {
    const moverLog = path.join(bundle, 'server_2', 'server_log');
    const moverUri = 'file://' + moverLog;
    const entry = 'lrwxr-xr-x  1 root bin   95 Mar 10 19:39 automaticTempNDMPCkpt10-19-1426016353 -> 4294967295 0 /root_vdm_1/automaticNDMPCkpts CKMxxx_2_1555 CKMxxx_2_1556\n';
    const found = await client.open(moverUri, 'vnx-server-log', entry);
    const stale = found.find((d) => d.code === 'vnx/stale-ndmp-ckpt-entry')!;
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: moverUri },
      range: stale.range,
      context: { diagnostics: [stale], only: ['quickfix'] },
    });
    const open = actions.find((a) => a.command!.command === 'logtriage.openRunbook')!;
    assert.deepEqual(open.command!.arguments, [{ runbook: 'vnx-stale-ndmp-checkpoints', values: { mover: 'server_2', slot: '2', checkpoint: 'automaticTempNDMPCkpt10-19-1426016353', epoch: '1426016353' } }]);
    const copy = actions.find((a) => a.command!.command === 'logtriage.copyResolution')!;
    const commands = String(copy.command!.arguments![0]).split('\n');
    const check = commands.indexOf('ls -l /nas/quota/slot_2/.etc/backupSnapDB/automaticTempNDMPCkpt10-19-1426016353');
    const remove = commands.indexOf('rm -f /nas/quota/slot_2/.etc/backupSnapDB/automaticTempNDMPCkpt10-19-1426016353');
    assert.ok(check >= 0 && remove > check, `checks, then removes exactly the named entry:\n${commands.join('\n')}`);
    assert.ok(commands.includes('server_umount server_2 -perm automaticTempNDMPCkpt10-19-1426016353'));
    assert.ok(!commands.some((c) => c.includes('*')));
  });

  it('offers nothing for diagnostics that are not ours', async () => {
    const foreign = { ...diagnostics[0], source: 'eslint', data: undefined };
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: foreign.range,
      context: { diagnostics: [foreign] },
    });
    assert.deepEqual(actions, []);
  });

  it('links knowledge-base references to their articles and bundle paths that exist', async () => {
    const links: DocumentLink[] = await client.connection.sendRequest('textDocument/documentLink', { textDocument: { uri } });
    const lines = text.split('\n');
    const shown = links.map((l) => [lines[l.range.start.line].slice(l.range.start.character, l.range.end.character), l.target]);
    assert.deepEqual(shown, [
      ['VMware KB 1005884', 'https://kb.vmware.com/s/article/1005884'],
      ['Veritas article 100024894', 'https://www.veritas.com/support/en_US/article.100024894'],
      ['CTX224169', 'https://support.citrix.com/article/CTX224169'],
      ['/var/core/hostd-worker-zdump.000', 'file://' + path.join(bundle, 'var', 'core', 'hostd-worker-zdump.000')],
    ]);
    assert.ok(links.every((l) => !l.target!.startsWith('command:')));
  });
});

describe('language server: outline and folding', () => {
  const client = new LspTestClient();
  const uri = 'file://' + path.join(os.tmpdir(), 'VMSSlog');
  const text = readFixture('xenserver', 'article-003', 'VMSSlog');

  before(async () => {
    await client.initialize();
    await client.open(uri, 'xenserver-vmss-log', text);
  });
  after(async () => {
    await client.shutdown();
  });

  it('returns the VMSS runs, policies and VMs as document symbols', async () => {
    const symbols: { name: string; children?: { name: string; children?: { name: string }[] }[] }[] = await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    const run = symbols.find((s) => s.name === 'VMSS run [10123]')!;
    assert.ok(run);
    assert.equal(run.children![0].name, 'policy 7b10ea29-ab0c-af14-a116-ae293560f404');
    assert.equal(run.children![0].children!.length, 2);
  });

  it('returns folding ranges for the groups', async () => {
    const ranges: { startLine: number; endLine: number }[] = await client.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } });
    assert.ok(ranges.length >= 3);
    assert.ok(ranges.every((r) => r.endLine > r.startLine));
  });
});
