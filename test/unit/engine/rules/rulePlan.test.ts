// The built-in rules' plans come from the build (rule-plans.json): they must be what the engine
// would derive now, be used only for the rule they were made from, and change nothing that matches.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { builtInRules, findKnowledgeDir } from '../../../../server/src/engine';
import type { RuleDefinition } from '../../../../server/src/engine/rules/ruleDefinition';
import { attachPlans, planKey, planOf, planRule, RULE_PLANS_FILE, rulePlansFile } from '../../../../server/src/engine/rules/rulePlan';
import { SignatureMatcher } from '../../../../server/src/engine/rules/signatureMatcher';

function rule(overrides: Partial<RuleDefinition> = {}): RuleDefinition {
  return { ...structuredClone(builtInRules().find((r) => r.id === 'esx/psod')!), ...overrides };
}

describe('rule plans', () => {
  it('the build wrote the plans the engine derives from the rules now', () => {
    const file = path.join(findKnowledgeDir(), RULE_PLANS_FILE);
    assert.ok(fs.existsSync(file), `${file} is missing: npm run build writes it`);
    const built = (JSON.parse(fs.readFileSync(file, 'utf8')) as { plans: object }).plans;
    const now = (JSON.parse(rulePlansFile(builtInRules())) as { plans: object }).plans;
    assert.deepEqual(built, now, 'rule-plans.json is stale: run npm run build');
    assert.equal(Object.keys(built).length, builtInRules().length);
  });

  it('a plan is used for the very rule it was made from', () => {
    const def = rule();
    const planted = { ...planRule(def), literals: ['PLANTED literal'] };
    assert.equal(attachPlans([def], { plans: { [def.id]: planted } }), 1);
    assert.deepEqual(planOf(def).literals, ['PLANTED literal']);
  });

  it('a rule changed since its plan was made is planned afresh', () => {
    const def = rule();
    const planted = { ...planRule(def), literals: ['PLANTED literal'] };
    const edits: Partial<RuleDefinition>[] = [
      { pattern: `${def.pattern as string}|@PurpleScreen: ` },
      { prefilter: ['@Blue'] },
      { samples: [...def.samples, '2024-01-01T00:00:00.000Z cpu0:1)@BlueScreen: #PF Exception 14'] },
      { counterSamples: ['@BlueScreen: simulated by a test'] },
    ];
    for (const edit of edits) {
      const edited = rule(edit);
      assert.notEqual(planKey(edited), planKey(def), JSON.stringify(edit));
      assert.equal(attachPlans([edited], { plans: { [def.id]: planted } }), 0, JSON.stringify(edit));
      assert.notDeepEqual(planOf(edited).literals, ['PLANTED literal'], JSON.stringify(edit));
    }
  });

  it('a damaged plans file is ignored, the rules are planned when compiled', () => {
    const def = rule();
    const good = planRule(def);
    for (const file of [undefined, null, 'text', { plans: 3 }, { plans: { [def.id]: { ...good, literals: 'x' } } }, { plans: { [def.id]: { ...good, quick: [7] } } }, { plans: { [def.id]: { ...good, literalsOf: [[1]] } } }]) {
      assert.equal(attachPlans([def], file), 0, JSON.stringify(file));
    }
    assert.deepEqual(planOf(def), good);
  });

  it('matchers built from the plans find what matchers built without them find', () => {
    const planned = builtInRules();
    const unplanned = planned.map((r) => structuredClone(r));
    const lines = planned.flatMap((r) => [...r.samples, ...(r.counterSamples ?? [])]).join('\n');
    const found = (rules: RuleDefinition[]) => {
      const out: string[] = [];
      new SignatureMatcher(rules).scan(lines, 0, (_line, lineNo, matches) => out.push(`${lineNo}: ${matches.map((m) => m.rule.id).join(' ')}`));
      return out;
    };
    const withPlans = found(planned);
    assert.ok(withPlans.length > planned.length, `${withPlans.length} lines matched`);
    assert.deepEqual(withPlans, found(unplanned));
  });
});
