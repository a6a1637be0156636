// A small share of the fuzzing (`npm run fuzz` runs 100 000 inputs per target): a few hundred
// generated inputs per target, with a fixed seed so a failure is reproducible.
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { allTargets } from './targets';

const RUNS = Number(process.env.LOGTRIAGE_FUZZ_RUNS ?? 200);
const SEED = Number(process.env.LOGTRIAGE_FUZZ_SEED ?? 20261122);

describe('fuzz (a few hundred inputs per target)', () => {
  for (const t of allTargets()) {
    it(`${t.name}: no exception, properties hold`, () => {
      fc.assert(
        fc.property(t.arbitrary, (input) => t.check(input)),
        { numRuns: RUNS, seed: SEED },
      );
    });
  }
});
