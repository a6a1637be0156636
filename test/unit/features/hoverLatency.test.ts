// What keeps hovers cheap: findings looked up by line instead of filtered at each hover, and the
// decoders and runbooks warmed up in idle time after start-up.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../../server/src/engine';
import { builtInRuleSet } from '../../../server/src/engine';
import { findingsOnLine } from '../../../server/src/features/hover';
import { warmUp, warmUpTasks } from '../../../server/src/features/warmUp';
import { prng } from '../../helpers/prng';

function finding(line: number, n: number): Finding {
  return { rule: `r/${n}`, severity: 'warning', message: `m${n}`, fix: '', span: { line, start: 0, end: 1 }, related: [] } as unknown as Finding;
}

describe('findingsOnLine', () => {
  it('gives the findings of a line in their order, as a filter does, for short and long lists', () => {
    const random = prng(3);
    for (const count of [0, 5, 255, 256, 3000]) {
      const findings = Array.from({ length: count }, (_, n) => finding(Math.floor(random() * 400), n));
      for (let line = -1; line < 402; line++) {
        assert.deepEqual(
          findingsOnLine(findings, line),
          findings.filter((f) => f.span.line === line),
          `${count} findings, line ${line}`,
        );
      }
    }
  });

  it('sees findings added to a list it has indexed', () => {
    const findings = Array.from({ length: 300 }, (_, n) => finding(n, n));
    assert.equal(findingsOnLine(findings, 1000).length, 0);
    findings.push(finding(1000, 300));
    assert.deepEqual(findingsOnLine(findings, 1000), [findings[300]]);
  });
});

describe('warm-up', () => {
  it('has one task per rule, none of which throws', () => {
    const rules = builtInRuleSet();
    const tasks = warmUpTasks(rules);
    assert.equal(tasks.length, rules.rules.length);
    for (const task of tasks) task();
  });

  it('runs in steps, letting other work in between', async () => {
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    await warmUp(builtInRuleSet(), 0); // one task per step
    ticking = false;
    assert.ok(turns >= builtInRuleSet().rules.length - 1, `${turns} turns`);
  });
});
