// The benchmark generates a log of every family the engine reads (a new family without a generator
// would go unmeasured): held to FORMATS here, the one list of families.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FAMILY_GENERATORS } from '../../scripts/bench/families';
import { FORMATS } from '../../server/src/engine';

/** Families that are not logs that grow: command output, and a job's details copied from the console. */
const NOT_GENERATED = ['esx-vdf', 'netbackup-job-details'];

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
});
