// What users are shown as a source is a public link: no knowledge file (rules, tables, runbooks) or
// engine message may point at a path of ours or of the machine it was written on.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { builtInRules } from '../../../server/src/engine';
import { repoRoot } from '../../helpers/paths';

const LOCAL_PATH = /(?:^|[\s(`'"])(?:\.\.\/)*shared\/|\/work\/|seeds\/\d{3}_/;

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('knowledge sources are public', () => {
  const knowledge = path.join(repoRoot, 'server', 'knowledge');
  for (const file of filesUnder(knowledge).filter((f) => /\.(json|md)$/.test(f))) {
    it(`${path.relative(knowledge, file)} names no local path`, () => {
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      const bad = lines.map((l, i) => [i + 1, l] as const).filter(([, l]) => LOCAL_PATH.test(l));
      assert.deepEqual(bad, []);
    });
  }

  it('every rule cites at least one public https source', () => {
    const without = builtInRules().filter((r) => !r.sources.some((s) => s.url?.startsWith('https://')));
    assert.deepEqual(
      without.map((r) => r.id),
      [],
    );
  });

  it('every rule has a runbook of its own problem that exists', () => {
    const missing = builtInRules().filter((r) => !r.runbook || !fs.existsSync(path.join(knowledge, 'runbooks', `${r.runbook}.md`)));
    assert.deepEqual(
      missing.map((r) => r.id),
      [],
    );
  });

  it('every rule has two samples and two counter-samples', () => {
    const thin = builtInRules().filter((r) => r.samples.length < 2 || r.counterSamples.length < 2);
    assert.deepEqual(
      thin.map((r) => r.id),
      [],
    );
  });
});
