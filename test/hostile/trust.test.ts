// Workspace trust: the manifest declares limited support; custom rules are ignored until the
// workspace is trusted (server side, here and in test/lsp); and every client module that writes
// settings or files checks `workspace.isTrusted` first and says why it does nothing.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { loadRules } from '../../server/src/features/customRules';
import { repoRoot } from '../helpers/paths';

/** Calls that change settings or files on disk. */
const WRITES = /\.update\(\s*['"`]|workspace\.fs\.(writeFile|delete|rename|createDirectory)|\bfs\.(promises\.)?(writeFile|appendFile|rm|unlink|rename|mkdir)|applyEdit\(/;

describe('workspace trust', () => {
  it('the manifest declares limited support and says what is restricted', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(pkg.capabilities.untrustedWorkspaces.description, /custom rules/i);
  });

  it('custom rules are ignored when the workspace is not trusted, and loaded when it is', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-trust-'));
    fs.mkdirSync(path.join(folder, '.logtriage'));
    const rule = {
      id: 'site/disk',
      title: 'Disk',
      families: ['*'],
      severity: 'warning',
      prefilter: 'disk',
      pattern: 'disk (?<n>\\d+) failed',
      message: 'disk {n} failed',
      explanation: 'x',
      fix: 'y',
      sources: [{ title: 'wiki' }],
      samples: ['disk 3 failed'],
      counterSamples: [],
    };
    fs.writeFileSync(path.join(folder, '.logtriage', 'rules.json'), JSON.stringify({ rules: [rule] }));
    try {
      assert.equal(loadRules([folder], false).ruleSet.byId.has('site/disk'), false);
      assert.equal(loadRules([folder], true).ruleSet.byId.has('site/disk'), true);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('every client command that writes settings or files checks trust first and tells the user', () => {
    const dir = path.join(repoRoot, 'client', 'src');
    const unguarded: string[] = [];
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      if (!WRITES.test(text)) continue;
      if (!/workspace\.isTrusted/.test(text) || !/show(Warning|Information|Error)Message\([^)]*trust/i.test(text)) unguarded.push(file);
    }
    assert.deepEqual(unguarded, [], 'these modules write without checking workspace.isTrusted and saying so');
  });
});
