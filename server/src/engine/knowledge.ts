import * as fs from 'fs';
import * as path from 'path';
import type { RuleDefinition } from './rules/ruleDefinition';
import type { ValidateOptions } from './rules/ruleDefinition';
import { RuleError, validateRule } from './rules/ruleDefinition';
import { attachPlans, RULE_PLANS_FILE } from './rules/rulePlan';
import { findKnowledgeDir } from './io/knowledgeDir';

export { findKnowledgeDir } from './io/knowledgeDir';

/** Parses a rules file: `{ "rules": [ ... ] }`. Throws RuleError with the file and the rule at fault. */
export function parseRuleFile(text: string, where: string, options: ValidateOptions = {}): RuleDefinition[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new RuleError(`${where}: not valid JSON: ${(e as Error).message}`);
  }
  const rules = (json as { rules?: unknown }).rules;
  if (!Array.isArray(rules)) throw new RuleError(`${where}: expected an object with a "rules" array`);
  if (options.shapeOnly) return rules as RuleDefinition[]; // the caller validates each rule itself
  return rules.map((r, i) => validateRule(r, `${where} rule #${i + 1}`, options));
}

let builtIn: RuleDefinition[] | undefined;

/** Every built-in rule, from knowledge/rules/*.json, validated; duplicate ids are an error. */
export function builtInRules(): RuleDefinition[] {
  if (builtIn) return builtIn;
  const dir = path.join(findKnowledgeDir(), 'rules');
  const all: RuleDefinition[] = [];
  const seen = new Set<string>();
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    for (const rule of parseRuleFile(fs.readFileSync(path.join(dir, file), 'utf8'), `rules/${file}`)) {
      if (seen.has(rule.id)) throw new RuleError(`rules/${file}: duplicate rule id ${rule.id}`);
      seen.add(rule.id);
      all.push(rule);
    }
  }
  attachPlans(all, readPlans(path.join(findKnowledgeDir(), RULE_PLANS_FILE)));
  return (builtIn = all);
}

/** The build's rule-plans.json, parsed; undefined without one (a checkout not built: the rules are planned when compiled). */
function readPlans(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

export function runbookPath(id: string): string {
  return path.join(findKnowledgeDir(), 'runbooks', `${id}.md`);
}
