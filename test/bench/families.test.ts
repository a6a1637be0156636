// The benchmark generates a log of every family the engine reads (a new family without a generator
// would go unmeasured): a family without a hand-written generator gets one from its fixtures, which
// must give lines of the family and no finding.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FAMILY_GENERATORS, NOT_GENERATED } from '../../scripts/bench/families';
import { fixtureFamily } from '../../scripts/bench/fixtureFamily';
import { Prng } from '../../scripts/bench/prng';
import { analyzeText, FORMATS } from '../../server/src/engine';

describe('benchmark families', () => {
  it('generates every family of FORMATS but captured output, each once', () => {
    const generated = FAMILY_GENERATORS.map((g) => g.family).sort();
    assert.deepEqual(generated, [...new Set(generated)]);
    assert.deepEqual(
      generated,
      FORMATS.map((f) => f.id)
        .filter((id) => !NOT_GENERATED.includes(id))
        .sort(),
    );
  });

  for (const format of FORMATS.filter((f) => !NOT_GENERATED.includes(f.id))) {
    it(`${format.id}: lines varied from its fixtures are the family's, with moving stamps and no finding`, () => {
      const gen = fixtureFamily(format.id, 1);
      const noise = gen.create(new Prng(gen.seed));
      const out: string[] = [];
      while (out.length < 2000) noise.next(out);
      const text = out.join('\n');
      const analysis = analyzeText(gen.file, text);
      assert.equal(analysis.format, format.id);
      assert.deepEqual(
        analysis.findings.map((f) => `${f.rule}@${f.span.line + 1}: ${out[f.span.line]}`),
        [],
      );
      assert.ok(new Set(out).size > out.length / 4, 'the lines vary');
      const times = out.map((l) => format.parse(l, format.contextFromName?.(gen.file))?.time).filter((t) => t !== undefined);
      assert.ok(times.length > 100, 'records with a time');
      // to the second: a family may write some stamps with milliseconds and others without
      for (let i = 1; i < times.length; i++) assert.ok(Math.floor(times[i] / 1000) >= Math.floor(times[i - 1] / 1000), `time goes back at record ${i}`);
    });
  }
});
