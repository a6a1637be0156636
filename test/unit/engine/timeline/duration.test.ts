import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration } from '../../../../server/src/engine/timeline/duration';

describe('formatDuration', () => {
  it('writes seconds, minutes and hours as the messages and gap markers show them', () => {
    assert.deepEqual([4_400, 59_499, 60_000, 119_000, 3_725_000, 7_200_000].map(formatDuration), ['4 s', '59 s', '1 min', '1 min 59 s', '1 h 2 min', '2 h']);
  });

  it('counts in hours up to two days, then in days and hours', () => {
    const h = 3_600_000;
    assert.deepEqual([47 * h + 60_000, 48 * h, 49 * h, 12 * 24 * h + 4 * h].map(formatDuration), ['47 h 1 min', '2 d', '2 d 1 h', '12 d 4 h']);
  });
});
