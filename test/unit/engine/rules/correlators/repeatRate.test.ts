import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, RuleSet } from '../../../../../server/src/engine';
import { testRule } from '../testRules';

const rule = testRule({
  id: 'test/reclaimed-often',
  prefilter: 'Reclaimed heartbeat',
  pattern: 'Reclaimed heartbeat for volume (?<key>\\S+)',
  correlator: 'repeat-rate',
  parameters: { count: 3, windowSeconds: 3600 },
  message: '{key}: {count} times in {span} s (window {window} s)',
});

/** A syslog line at minutes past 10:00 on 1 March. */
function at(minute: number, volume: string): string {
  const hh = String(10 + Math.floor(minute / 60)).padStart(2, '0');
  const mm = String(minute % 60).padStart(2, '0');
  return `Mar  1 ${hh}:${mm}:00 esx1 vmkernel: HBX: Reclaimed heartbeat for volume ${volume}`;
}

function findings(lines: string[]) {
  return analyzeText('syslog', lines.join('\n') + '\n', { rules: new RuleSet([rule]), format: 'syslog' }).findings;
}

describe('repeat-rate correlator', () => {
  it('stays silent below the count', () => {
    assert.equal(findings([at(0, 'ds1'), at(10, 'ds1')]).length, 0);
  });

  it('reports one finding per burst on its first line, with the whole count', () => {
    const found = findings([at(0, 'ds1'), at(10, 'ds1'), at(20, 'ds1'), at(30, 'ds1')]);
    assert.equal(found.length, 1);
    assert.equal(found[0].span.line, 0);
    assert.equal(found[0].endLine, 3);
    assert.equal(found[0].message, 'ds1: 4 times in 1800 s (window 3600 s)');
    assert.equal(found[0].related.length, 4);
  });

  it('counts each key apart', () => {
    const found = findings([at(0, 'ds1'), at(1, 'ds2'), at(2, 'ds1'), at(3, 'ds2'), at(4, 'ds1')]);
    assert.deepEqual(
      found.map((f) => f.message),
      ['ds1: 3 times in 240 s (window 3600 s)'],
    );
  });

  it('needs the count within one window, not only a chain of close occurrences', () => {
    // every 50 minutes: each pair is within the hour, no three are
    assert.equal(findings([at(0, 'ds1'), at(50, 'ds1'), at(100, 'ds1'), at(150, 'ds1')]).length, 0);
  });

  it('starts a new burst after a gap longer than the window', () => {
    const lines = [at(0, 'ds1'), at(1, 'ds1'), at(2, 'ds1'), at(200, 'ds1'), at(201, 'ds1'), at(202, 'ds1')];
    assert.deepEqual(
      findings(lines).map((f) => f.span.line),
      [0, 3],
    );
  });

  it('reports a dense burst evicted for room instead of losing it', () => {
    const lines = [at(0, 'busy'), at(1, 'busy'), at(2, 'busy')];
    for (let i = 0; i < 5000; i++) lines.push(at(3, `other${i}`));
    const found = findings(lines);
    assert.deepEqual(
      found.map((f) => f.message),
      ['busy: 3 times in 120 s (window 3600 s)'],
    );
  });
});
