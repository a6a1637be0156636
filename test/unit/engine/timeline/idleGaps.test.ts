import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatById } from '../../../../server/src/engine';
import { findIdleGaps } from '../../../../server/src/engine/timeline';

describe('idle gaps in one log', () => {
  const nbu = formatById('netbackup-legacy-log');
  const text = [
    '23:50:00.000 [1.1] <2> a: before',
    '...snip...',
    '23:58:00.000 [1.1] <2> a: eight minutes later',
    '23:57:59.000 [1.1] <2> a: a line out of order is no gap',
    '00:01:00.000 [1.1] <2> a: after midnight: the clock went back, no gap',
    '00:20:00.000 [1.1] <2> a: nineteen minutes later',
  ].join('\n');

  it('finds stretches without records longer than the threshold, between record lines', () => {
    assert.deepEqual(
      findIdleGaps(text, nbu, 5 * 60_000).map((g) => [g.beforeLine, g.afterLine, (g.to - g.from) / 60_000]),
      [
        [0, 2, 8],
        [4, 5, 19],
      ],
    );
  });

  it('keeps the longest when there are more than the limit, and none at threshold 0', () => {
    assert.deepEqual(
      findIdleGaps(text, nbu, 5 * 60_000, 1).map((g) => g.afterLine),
      [5],
    );
    assert.deepEqual(findIdleGaps(text, nbu, 0), []);
  });
});
