// The benchmark's correctness check, small: generated logs of every family, with one sample of each
// rule injected at a known line, analyzed by the built command line, plain and gzipped; every
// injected signature must be found at its line, in the family it was written for. Timing is the
// benchmark's business (`npm run bench`), never asserted here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { builtInRules } from '../../server/src/engine';
import { checkFindings, generateAll } from '../../scripts/bench/generate';
import { repoRoot } from '../helpers/paths';

describe('benchmark smoke', () => {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-bench-smoke-'));
  after(() => fs.rmSync(cache, { recursive: true, force: true }));

  it('finds every injected signature, plain and .gz', async () => {
    const logs = await generateAll(repoRoot, cache, 200_000);
    assert.ok(logs.length >= 8);
    const injected = new Set(logs.flatMap((l) => l.injections.map((i) => i.rule)));
    const generated = new Set(logs.map((l) => l.family));
    for (const r of builtInRules()) {
      if (r.families.some((f) => f === '*' || generated.has(f))) assert.ok(injected.has(r.id), `no sample of ${r.id} injected`);
    }
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'analyze', '--json', cache], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(r.status, 0, r.stderr);
    const files = (JSON.parse(r.stdout) as { files: { path: string; format: string | null; findings: { rule: string; line: number }[] }[] }).files;
    for (const l of logs) {
      for (const file of [l.path, l.gzPath]) {
        const got = files.find((f) => f.path === file);
        assert.ok(got, `not analysed: ${file}`);
        assert.equal(got.format, l.family, file);
        const check = checkFindings(
          l,
          got.findings.map((f) => ({ rule: f.rule, line: f.line - 1 })),
        );
        assert.deepEqual(
          check.missing.map((m) => `${m.rule}@${m.line + 1}`),
          [],
          `${file}: injected signatures not found`,
        );
        assert.deepEqual(check.unexpected, [], `${file}: findings in the background lines`);
      }
    }
  });
});
