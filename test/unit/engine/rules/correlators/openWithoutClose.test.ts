import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, RuleSet } from '../../../../../server/src/engine';
import { testRule } from '../testRules';

const pattern = ['(?<open>entered APD) on (?<key>\\S+)', '(?<close>exited APD) on (?<key>\\S+)'];
const base = { id: 'test/apd-open', prefilter: ' APD on ', pattern, correlator: 'open-without-close', message: '{key} open {waited}' };

function at(minute: number, text: string): string {
  return `Mar  1 10:${String(minute).padStart(2, '0')}:00 esx1 vmkernel: device ${text}`;
}

function findings(lines: string[], parameters?: Record<string, number>) {
  const rules = new RuleSet([testRule({ ...base, parameters })]);
  return analyzeText('syslog', lines.join('\n') + '\n', { rules, format: 'syslog' }).findings;
}

describe('open-without-close correlator', () => {
  it('stays silent when every open is closed', () => {
    assert.equal(findings([at(0, 'entered APD on naa.1'), at(2, 'exited APD on naa.1')]).length, 0);
  });

  it('reports an open that the log never closes, on the open line', () => {
    const found = findings([at(0, 'entered APD on naa.1'), at(1, 'entered APD on naa.2'), at(2, 'exited APD on naa.2'), at(5, 'exited APD on naa.3')]);
    assert.equal(found.length, 1);
    assert.equal(found[0].span.line, 0);
    assert.equal(found[0].message, 'naa.1 open 300 s, until the end of the log');
  });

  it('pairs by key: a close of another device does not close it', () => {
    assert.equal(findings([at(0, 'entered APD on naa.1'), at(1, 'exited APD on naa.9')]).length, 1);
  });

  it('reports a close later than withinSeconds, and not an earlier one', () => {
    const lines = [at(0, 'entered APD on naa.1'), at(3, 'exited APD on naa.1'), at(4, 'entered APD on naa.2'), at(5, 'exited APD on naa.2')];
    const found = findings(lines, { withinSeconds: 140 });
    assert.deepEqual(
      found.map((f) => f.message),
      ['naa.1 open 180 s'],
    );
  });

  it('ignores a close with no open before it, and keeps the first of repeated opens', () => {
    const found = findings([at(0, 'exited APD on naa.1'), at(1, 'entered APD on naa.1'), at(2, 'entered APD on naa.1')]);
    assert.deepEqual(
      found.map((f) => f.span.line),
      [1],
    );
  });
});
