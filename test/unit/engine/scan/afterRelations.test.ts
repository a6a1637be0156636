// `after` relations (engine/scan/afterRelations.ts): the closest earlier cause in the window, all of
// them when asked, on the same thread when asked, and never further back than MAX_CAUSE_WALK.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AfterRelation, TimedFinding } from '../../../../server/src/engine/scan/afterRelations';
import { causesOf, MAX_CAUSE_WALK, relateAfter } from '../../../../server/src/engine/scan/afterRelations';
import type { Finding } from '../../../../server/src/engine';

function at(rule: string, line: number, seconds: number | undefined, thread?: string): TimedFinding {
  const finding = { rule, severity: 'error', message: '', fix: '', span: { line, start: 0, end: 1 }, related: [] } as unknown as Finding;
  return { finding, time: seconds === undefined ? undefined : seconds * 1000, thread };
}

const relation: AfterRelation = { rules: ['cause'], withinSeconds: 60, label: 'the delay', message: ' ({elapsed} after line {line}, {count} causes)' };

describe('after relations', () => {
  const findings = [at('cause', 0, 0, 't1'), at('other', 1, 10, 't1'), at('cause', 2, 20, 't2'), at('cause', 3, 30, 't1'), at('effect', 4, 85, 't1')];

  it('finds the closest cause within the window', () => {
    assert.deepEqual(
      causesOf(findings, 4, relation).map((f) => f.finding.span.line),
      [3],
    );
  });

  it('finds every cause in the window with `all`, on the same thread with `sameThread`', () => {
    assert.deepEqual(
      causesOf(findings, 4, { ...relation, all: true, withinSeconds: 70 }).map((f) => f.finding.span.line),
      [3, 2],
    );
    assert.deepEqual(
      causesOf(findings, 4, { ...relation, all: true, withinSeconds: 1000, sameThread: true }).map((f) => f.finding.span.line),
      [3, 0],
    );
    assert.deepEqual(causesOf(findings, 4, { ...relation, withinSeconds: 10 }), []);
  });

  it('relates the finding to its causes and tells how long after the closest it came', () => {
    const list: TimedFinding[] = findings.map((f) => ({ ...f, finding: { ...f.finding, related: [] } }));
    const message = relateAfter(list, 4, { ...relation, all: true, withinSeconds: 70 });
    assert.equal(message, ' (55 s after line 4, 2 causes)');
    assert.deepEqual(
      list[4].finding.related.map((r) => [r.span.line, r.message]),
      [
        [3, 'the delay'],
        [2, 'the delay'],
      ],
    );
    assert.equal(relateAfter(list, 0, relation), '');
  });

  it('looks no further back than MAX_CAUSE_WALK findings when times repeat', () => {
    const many = [at('cause', 0, undefined), ...Array.from({ length: MAX_CAUSE_WALK }, (_, i) => at('other', i + 1, undefined)), at('effect', MAX_CAUSE_WALK + 1, undefined)];
    assert.deepEqual(causesOf(many, many.length - 1, relation), []);
    many.splice(1, 1);
    assert.equal(causesOf(many, many.length - 1, relation).length, 1);
  });
});
