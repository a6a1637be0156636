// What workers read ahead for the correlation is capped per file and, over a whole bundle, by a
// budget: past it a file is left to the correlation to read again, so many files cannot add up.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFile } from '../../../../server/src/engine';
import type { ReadAhead } from '../../../../server/src/engine/correlate';
import { correlateAnalyses, readAheadForCorrelation, ReadAheadBudget } from '../../../../server/src/engine/correlate';
import { readAheadBytes } from '../../../../server/src/engine/correlate/needs';
import { fixture } from '../../../helpers/paths';

function ahead(lines: number, textChars: number): ReadAhead {
  const text = Array.from({ length: lines }, () => 'x'.repeat(textChars));
  const numbers = () => Array.from({ length: lines }, () => 0);
  return { scans: { 'nbu-sockets': { line: numbers(), text, thread: numbers(), component: numbers(), level: numbers(), messageStart: numbers(), raw: numbers(), values: [], complete: true } } };
}

describe('read-ahead budget', () => {
  it('sizes a read-ahead by its lines and its text', () => {
    assert.equal(readAheadBytes(ahead(0, 0)), 0);
    assert.equal(readAheadBytes(ahead(10, 5)), 10 * 64 + 10 * 5 * 2);
  });

  it('keeps files while the total fits and leaves out the rest, whatever their number', () => {
    const one = readAheadBytes(ahead(100, 10));
    const budget = new ReadAheadBudget(3 * one);
    const admitted = Array.from({ length: 1000 }, (_, i) => budget.admit(`/b/f${i}`, ahead(100, 10)));
    assert.deepEqual(
      admitted.map((a, i) => [i, a]).filter(([, a]) => a),
      [
        [0, true],
        [1, true],
        [2, true],
      ],
    );
    assert.deepEqual([...budget.kept.keys()], ['/b/f0', '/b/f1', '/b/f2']);
  });

  it('a file left out is read again by the correlation, with the same result', async () => {
    const dir = fixture('timeline', 'nbu-two-hosts');
    const files = fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
    const run = async (budgetBytes: number) => {
      const analyses = await Promise.all(files.map((f) => analyzeFile(f)));
      const budget = new ReadAheadBudget(budgetBytes);
      for (const a of analyses) {
        const read = await readAheadForCorrelation(a);
        if (read) budget.admit(a.path, read);
      }
      const result = await correlateAnalyses(analyses, { readAhead: budget.kept });
      return { kept: budget.kept.size, links: result.links, findings: analyses.map((a) => a.findings) };
    };
    const all = await run(Infinity);
    const none = await run(0);
    assert.ok(all.kept > 0, 'the fixture has files the correlation reads');
    assert.equal(none.kept, 0);
    assert.ok(all.links.length > 0, 'the fixture correlates');
    assert.deepEqual(none.links, all.links);
    assert.deepEqual(none.findings, all.findings);
  });
});
