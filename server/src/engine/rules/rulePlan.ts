// What compiling a rule derives from its text by reading its patterns (requiredLiterals.ts): the
// literals its candidate lines are searched by, its quick tests, the literals of each pattern. That
// reading took a third of a command-line run on the example logs (~100 ms, in every worker again),
// and its result changes only with the rule: the build writes the built-in rules' plans beside them
// (rule-plans.json), and a plan whose rule changed since is not used (its key is the rule's text).
import { createHash } from 'crypto';
import { ENRICHER_PREFILTERS } from './enrichers';
import { hasCostlyPrefix, necessarySuffixes, requiredLiterals, searchLiterals } from './requiredLiterals';
import type { RuleDefinition } from './ruleDefinition';

/** The file the build writes in the knowledge folder, beside rules/. */
export const RULE_PLANS_FILE = 'rule-plans.json';

export interface RulePlan {
  /** planKey of the rule it was made from. */
  key: string;
  /** What the literal search looks for to find the rule's candidate lines. */
  literals: string[];
  /** Per pattern, the sources of its quick tests (necessarySuffixes), or null where it has none worth running. */
  quick: (string[] | null)[];
  /** Per pattern, the literals one of which its every match holds, when they are all search literals; else null. */
  literalsOf: string[][] | null;
}

const NONE: readonly string[] = [];

export function patternsOf(def: RuleDefinition): string[] {
  return Array.isArray(def.pattern) ? def.pattern : [def.pattern];
}

/** The rule's prefilters, narrowed by its enricher where that drops whole namespaces of lines. */
export function prefiltersOf(def: RuleDefinition): string[] {
  const own = Array.isArray(def.prefilter) ? def.prefilter : [def.prefilter];
  const narrow = def.enrich === undefined ? undefined : ENRICHER_PREFILTERS[def.enrich];
  return narrow ? narrow(own) : own;
}

/** Everything of the rule a plan depends on, hashed: a rule edited after the build gets a new key. */
export function planKey(def: RuleDefinition): string {
  const inputs = [patternsOf(def), prefiltersOf(def), def.samples, def.counterSamples ?? NONE];
  return createHash('sha256').update(JSON.stringify(inputs)).digest('base64url').slice(0, 22);
}

/** Reads the rule's patterns for its plan (the costly part of compiling a rule). */
export function planRule(def: RuleDefinition): RulePlan {
  const patterns = patternsOf(def);
  const nearMisses = def.counterSamples ?? NONE;
  const literals = searchLiterals(patterns, prefiltersOf(def), def.samples, nearMisses);
  return { key: planKey(def), literals, quick: quickTests(patterns), literalsOf: literalsByPattern(patterns, nearMisses, literals) };
}

/**
 * Per pattern, its quick test (necessarySuffixes), where it pays: where the part it skips is costly,
 * or where another pattern of the rule shares it (tested once for both on a line).
 */
function quickTests(patterns: readonly string[]): (string[] | null)[] {
  const quick = patterns.map((p) => necessarySuffixes(p)?.map((re) => re.source));
  const keys = quick.map((q) => q && JSON.stringify(q));
  return quick.map((q, i) => (q && (hasCostlyPrefix(patterns[i]) || keys.some((k, j) => j !== i && k === keys[i])) ? q : null));
}

/**
 * Per pattern, the literals one of which its every match holds, when all of them are among the rule's
 * search literals (those the patterns require, not the prefilters); else null.
 */
function literalsByPattern(patterns: readonly string[], nearMisses: readonly string[], literals: readonly string[]): string[][] | null {
  const out: string[][] = [];
  for (const p of patterns) {
    // the whole of the pattern's required set must be searched for, or a match may hold an unsearched one
    const own = requiredLiterals(p, nearMisses);
    if (!own?.length || !own.every((l) => literals.includes(l))) return null;
    out.push(own);
  }
  // and the search literals are the patterns' own (searchLiterals did not fall back to the prefilters)
  return new Set(out.flat()).size === new Set(literals).size ? out : null;
}

/** Plans made by the build, by the rule they were made for (only built-in rules have one). */
const planned = new WeakMap<RuleDefinition, RulePlan>();

/**
 * Attaches the build's plans to the built-in rules they were made for. A rule without a plan, or
 * whose plan's key is not its own (edited since the build), is planned when compiled.
 * `plans` is the parsed rule-plans.json: `{ plans: { [ruleId]: RulePlan } }`; anything else is ignored.
 */
export function attachPlans(rules: readonly RuleDefinition[], file: unknown): number {
  const plans = (file as { plans?: Record<string, RulePlan> } | undefined)?.plans;
  if (!plans || typeof plans !== 'object') return 0;
  let attached = 0;
  for (const rule of rules) {
    const plan = Object.prototype.hasOwnProperty.call(plans, rule.id) ? plans[rule.id] : undefined;
    if (plan && isPlan(plan) && plan.key === planKey(rule)) {
      planned.set(rule, plan);
      attached++;
    }
  }
  return attached;
}

function isPlan(value: RulePlan): boolean {
  const strings = (a: unknown): boolean => Array.isArray(a) && a.every((s) => typeof s === 'string');
  return (
    typeof value.key === 'string' &&
    strings(value.literals) &&
    Array.isArray(value.quick) &&
    value.quick.every((q) => q === null || strings(q)) &&
    (value.literalsOf === null || (Array.isArray(value.literalsOf) && value.literalsOf.every(strings)))
  );
}

/** The rule's plan: the build's when it has one for this very rule, else read now. */
export function planOf(def: RuleDefinition): RulePlan {
  return planned.get(def) ?? planRule(def);
}

/** The contents of rule-plans.json for these rules (the build writes it). */
export function rulePlansFile(rules: readonly RuleDefinition[]): string {
  const plans: Record<string, RulePlan> = {};
  for (const rule of rules) plans[rule.id] = planRule(rule);
  return JSON.stringify({ note: 'GENERATED by npm run build from rules/*.json (server/src/engine/rules/rulePlan.ts): not edited by hand, not committed', plans }, null, 1) + '\n';
}
