import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lspClient';
import { readFixture } from '../helpers/paths';

const article = readFixture('vnx', 'article-000.server_log');

const customRule = {
  id: 'site/ndmp-cleanup',
  title: 'NDMP cleanup seen',
  families: ['vnx-server-log'],
  severity: 'information',
  prefilter: 'Cleanup:',
  pattern: 'Cleanup: Active NDMP backup/restore sessions back to: (?<n>\\d+)',
  message: 'NDMP sessions back to {n}',
  explanation: 'The Data Mover finished a session clean-up.',
  fix: 'Nothing to do.',
  sources: [{ title: 'site knowledge' }],
  samples: ['2015-05-05 12:40:10: 26041581568: NDMP: 6: Cleanup: Active NDMP backup/restore sessions back to: 0, system'],
  counterSamples: [],
};

function workspaceWith(rulesJson: string | undefined): { root: string; logUri: string; rulesUri: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-ws-'));
  if (rulesJson !== undefined) {
    fs.mkdirSync(path.join(root, '.logtriage'));
    fs.writeFileSync(path.join(root, '.logtriage', 'rules.json'), rulesJson);
  }
  const log = path.join(root, 'server_log');
  fs.writeFileSync(log, article);
  return { root, logUri: 'file://' + log, rulesUri: 'file://' + path.join(root, '.logtriage', 'rules.json') };
}

async function withServer(fn: (client: LspTestClient) => Promise<void>): Promise<void> {
  const client = new LspTestClient();
  try {
    await fn(client);
  } finally {
    await client.shutdown();
  }
}

describe('language server: settings', () => {
  it('drops disabled rules and overrides severities, and applies changes without reload', () =>
    withServer(async (client) => {
      const { root, logUri } = workspaceWith(undefined);
      client.settings = { rules: { disabled: ['vnx/ckpt-wait'], severity: { 'vnx/snapsure-create-failed': 'hint' } } };
      await client.initialize(root);
      // the first publish may race the configuration pull: wait for the one after it
      let diags = await client.open(logUri, 'vnx-server-log', article);
      if (diags.some((d) => d.code === 'vnx/ckpt-wait')) diags = (await client.nextDiagnostics(logUri)).diagnostics;
      const aborted = Array(4).fill('vnx/ndmp-stream-aborted');
      assert.deepEqual(
        diags.map((d) => d.code),
        ['vnx/ckpt-timer-expired', 'vnx/snapsure-create-failed', ...aborted],
      );
      assert.deepEqual(
        diags.slice(1, 3).map((d) => d.severity),
        [DiagnosticSeverity.Hint, DiagnosticSeverity.Warning],
      );

      client.settings = { rules: { disabled: [] } };
      const next = client.nextDiagnostics(logUri);
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const after = (await next).diagnostics;
      assert.equal(after[0].code, 'vnx/ckpt-wait');
      assert.equal(after.find((d) => d.code === 'vnx/snapsure-create-failed')!.severity, DiagnosticSeverity.Error);
    }));
});

describe('language server: custom rules (.logtriage/rules.json)', () => {
  it('adds a valid custom rule to the built-in ones', () =>
    withServer(async (client) => {
      const { root, logUri } = workspaceWith(JSON.stringify({ rules: [customRule] }, null, 2));
      await client.initialize(root);
      const diags = await client.open(logUri, 'vnx-server-log', article);
      const custom = diags.find((d) => d.code === 'site/ndmp-cleanup');
      assert.ok(custom, JSON.stringify(diags.map((d) => d.code)));
      assert.equal(custom.message, 'NDMP sessions back to 0');
      assert.equal(custom.range.start.line, 19);
      assert.ok(diags.some((d) => d.code === 'vnx/ckpt-wait'));
    }));

  it('reports a broken file on the file, at the rule, and keeps the built-in rules', () =>
    withServer(async (client) => {
      const broken = JSON.stringify({ rules: [{ ...customRule, pattern: 'Cleanup: (unclosed' }] }, null, 2);
      const { root, logUri, rulesUri } = workspaceWith(broken);
      const problems = client.nextDiagnostics(rulesUri);
      await client.initialize(root);
      const diags = await client.open(logUri, 'vnx-server-log', article);
      assert.equal(diags.length, 7);
      const [problem] = (await problems).diagnostics;
      assert.match(String(problem.message), /site\/ndmp-cleanup.*not a valid regular expression/);
      assert.equal(
        problem.range.start.line,
        broken.split('\n').findIndex((l) => l.includes('"site/ndmp-cleanup"')),
      );
    }));

  it('reports invalid JSON at its line', () =>
    withServer(async (client) => {
      const { root, rulesUri } = workspaceWith('{\n  "rules": [\n    { "id": "x/y", }\n  ]\n}\n');
      const problems = client.nextDiagnostics(rulesUri);
      await client.initialize(root);
      const [problem] = (await problems).diagnostics;
      assert.match(String(problem.message), /not valid JSON/);
      assert.equal(problem.range.start.line, 2);
    }));

  it('ignores custom rules in an untrusted workspace, and loads them once trusted', () =>
    withServer(async (client) => {
      const { root, logUri } = workspaceWith(JSON.stringify({ rules: [customRule] }));
      await client.initialize(root, { trusted: false });
      const diags = await client.open(logUri, 'vnx-server-log', article);
      assert.ok(!diags.some((d) => d.code === 'site/ndmp-cleanup'));
      const next = client.nextDiagnostics(logUri);
      await client.connection.sendNotification('logtriage/trustChanged', { trusted: true });
      assert.ok((await next).diagnostics.some((d) => d.code === 'site/ndmp-cleanup'));
    }));
});
