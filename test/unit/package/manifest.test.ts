// package.json, the client's language list and the engine's formats must agree.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { LOG_LANGUAGES } from '../../../client/src/languages';
import { FORMATS } from '../../../server/src/engine';
import { repoRoot } from '../../helpers/paths';

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

describe('extension manifest', () => {
  it('contributes one language per engine format, and the client serves them all', () => {
    const ids = FORMATS.map((f) => f.id).sort();
    assert.deepEqual(manifest.contributes.languages.map((l: { id: string }) => l.id).sort(), ids);
    assert.deepEqual([...LOG_LANGUAGES].sort(), ids);
  });

  it('offers every family, and only those, in the custom-rule snippet', () => {
    const snippets = JSON.parse(fs.readFileSync(path.join(repoRoot, 'snippets', 'custom-rules.json'), 'utf8')) as Record<string, { body: string[] }>;
    const choices = Object.values(snippets).flatMap((s) => s.body.flatMap((line) => [...line.matchAll(/"families": \["\$\{\d+\|([^|}]+)\|\}"\]/g)].map((m) => m[1].split(','))));
    assert.ok(choices.length, 'no choice of families in snippets/custom-rules.json');
    for (const choice of choices) assert.deepEqual(choice.filter((id) => id !== '*').sort(), FORMATS.map((f) => f.id).sort());
  });

  it('gives every language a grammar file that exists and filename patterns', () => {
    for (const lang of manifest.contributes.languages) {
      assert.ok(lang.filenamePatterns?.length, `${lang.id} has no filenamePatterns`);
      const g = manifest.contributes.grammars.find((x: { language?: string }) => x.language === lang.id);
      assert.ok(g, `${lang.id} has no grammar`);
      assert.ok(fs.existsSync(path.join(repoRoot, g.path)));
    }
  });

  it('has a firstLine that matches a real first line', () => {
    const vnx = manifest.contributes.languages.find((l: { id: string }) => l.id === 'vnx-server-log');
    assert.match('2015-05-05 12:10:10: 26041581568: NDMP: 6: Active NDMP backup/restore streams: 1', new RegExp(vnx.firstLine));
  });

  it('never activates on everything', () => {
    assert.ok(!(manifest.activationEvents ?? []).includes('*'));
  });

  it('keeps engines.vscode installable in the pinned code-server (1.100)', () => {
    assert.equal(manifest.engines.vscode, '^1.100.0');
  });
});
