// Full analyses run a few at a time, in the order asked, and one someone waits for goes first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnalysisQueue } from '../../../server/src/features/analysisQueue';

describe('analysis queue', () => {
  it('runs at most its concurrency at once, in order, a hurried one first', async () => {
    const queue = new AnalysisQueue(2);
    const started: string[] = [];
    let running = 0;
    let most = 0;
    const task = (key: string) =>
      queue.run(key, async () => {
        started.push(key);
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return key;
      });
    const results = Promise.all(['a', 'b', 'c', 'd', 'e'].map(task));
    queue.hurry('e');
    assert.deepEqual(await results, ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(started, ['a', 'b', 'e', 'c', 'd']);
    assert.equal(most, 2);
  });

  it('goes on after a task that throws or rejects', async () => {
    const queue = new AnalysisQueue(1);
    const thrown = queue.run('a', () => {
      throw new Error('bug');
    });
    const rejected = queue.run('b', () => Promise.reject(new Error('no')));
    const fine = queue.run('c', async () => 3);
    await assert.rejects(thrown, /bug/);
    await assert.rejects(rejected, /no/);
    assert.equal(await fine, 3);
  });
});
