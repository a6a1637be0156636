import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, RuleSet } from '../../../../server/src/engine';
import { RuleError } from '../../../../server/src/engine/rules/ruleDefinition';
import { testRule } from './testRules';

const generic = testRule({ id: 'test/check-condition', prefilter: 'sense data', pattern: 'D:0x2 P:0x0 Valid sense data: \\S+ \\S+ \\S+' });
const pdl = testRule({ id: 'test/pdl', prefilter: 'sense data', pattern: 'Valid sense data: 0x5 0x25 0x0', supersedes: ['test/check-condition'] });

function rulesOn(line: string, rules = [generic, pdl]): string[] {
  return analyzeText('syslog', line + '\n', { rules: new RuleSet(rules), format: 'syslog' }).findings.map((f) => f.rule);
}

describe('supersedes', () => {
  const pdlLine = 'Mar  1 10:00:00 esx1 vmkernel: Cmd 0x28 failed H:0x0 D:0x2 P:0x0 Valid sense data: 0x5 0x25 0x0.';
  const otherLine = 'Mar  1 10:00:00 esx1 vmkernel: Cmd 0x28 failed H:0x0 D:0x2 P:0x0 Valid sense data: 0x6 0x29 0x0.';

  it('keeps only the more specific finding on a line both match', () => {
    assert.deepEqual(rulesOn(pdlLine), ['test/pdl']);
  });

  it('leaves the generic rule alone on lines the specific one does not match', () => {
    assert.deepEqual(rulesOn(otherLine), ['test/check-condition']);
  });

  it('does not depend on the order of the rules', () => {
    assert.deepEqual(rulesOn(pdlLine, [pdl, generic]), ['test/pdl']);
  });

  it('is refused when it names no rule id or the rule itself', () => {
    assert.throws(() => testRule({ id: 'test/self', prefilter: 'x', pattern: 'x', supersedes: ['test/self'] }), RuleError);
    assert.throws(() => testRule({ id: 'test/bad', prefilter: 'x', pattern: 'x', supersedes: ['not an id'] }), RuleError);
  });
});
