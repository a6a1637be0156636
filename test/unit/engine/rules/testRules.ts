// Rule definitions for engine tests: the fields every rule needs, so a test names only what it is about.
import type { RuleDefinition } from '../../../../server/src/engine/rules/ruleDefinition';
import { validateRule } from '../../../../server/src/engine/rules/ruleDefinition';

export function testRule(fields: Partial<RuleDefinition> & Pick<RuleDefinition, 'id' | 'pattern' | 'prefilter'>): RuleDefinition {
  return validateRule(
    {
      title: fields.id,
      families: ['syslog'],
      severity: 'warning',
      message: '{match}',
      explanation: 'test rule',
      fix: 'none',
      sources: [{ title: 'test' }],
      samples: ['x'],
      counterSamples: [],
      ...fields,
    },
    'test',
  );
}
