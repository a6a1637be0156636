import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { RuleDefinition, RuleFileProblem } from '../engine';
import { builtInRules, locateRuleProblem, parseRuleFile, RuleError, RuleSet, setRunbookFolders, validateRule } from '../engine';
import { drain, rulePackSteps } from '../engine/rulePacks';
import { Slices } from '../engine/turns';

export const CUSTOM_RULES_FILE = path.join('.logtriage', 'rules.json');

export type CustomRulesProblem = RuleFileProblem;

export interface LoadedRules {
  ruleSet: RuleSet;
  custom: RuleDefinition[];
  problems: CustomRulesProblem[];
}

/** The custom rules checked, before they are put in force: plain data, so the check can run in another thread. */
export interface CheckedRules {
  custom: RuleDefinition[];
  problems: CustomRulesProblem[];
  /** Folders of the packs' runbooks. */
  runbookFolders: string[];
}

/** Checked rules put in force with the built-in ones (and their packs' runbooks found). */
export function inForce(checked: CheckedRules): LoadedRules {
  setRunbookFolders(checked.runbookFolders);
  return { ruleSet: new RuleSet([...builtInRules(), ...checked.custom]), custom: checked.custom, problems: checked.problems };
}

/** A pack path as the setting gives it: absolute, `~/…`, or relative to the first workspace folder. */
export function resolvePackPath(pack: string, folders: readonly string[]): string {
  if (pack === '~' || pack.startsWith('~/')) return path.join(os.homedir(), pack.slice(1));
  return path.resolve(folders[0] ?? process.cwd(), pack);
}

/** Reads a folder's rules file; undefined when there is none. */
function readRulesFile(folder: string): { file: string; text: string } | undefined {
  const file = path.join(folder, CUSTOM_RULES_FILE);
  try {
    return { file, text: fs.readFileSync(file, 'utf8') };
  } catch {
    return undefined; // no custom rules in this folder
  }
}

/** The rules of one file joined to those taken so far, or its problem (the file is skipped as a whole). */
function accept(file: string, text: string, rules: RuleDefinition[], taken: Set<string>, custom: RuleDefinition[], problems: CustomRulesProblem[]): void {
  try {
    const ids = new Set(taken);
    for (const r of rules) {
      if (ids.has(r.id)) throw new RuleError(`${CUSTOM_RULES_FILE} (${r.id}): the id is already used by another rule`);
      ids.add(r.id);
    }
    new RuleSet(rules); // unknown correlators or enrichers fail here, before they are used
    for (const r of rules) taken.add(r.id);
    custom.push(...rules);
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    problems.push({ file, line: locateRuleProblem(text, e.message), message: e.message });
  }
}

/**
 * Built-in rules plus each workspace folder's `.logtriage/rules.json`, then the rule packs of the
 * setting logtriage.rulePacks. A broken rules file is reported (with a line) and skipped as a whole;
 * in a pack, a broken rule is reported at its line and the pack's other rules load. The built-in
 * rules always stay in force; in an untrusted workspace nothing else loads.
 */
export function loadRules(folders: readonly string[], trusted: boolean, packs: readonly string[] = []): LoadedRules {
  return inForce(checkRules(folders, trusted, packs));
}

/** The custom rules checked at once (rulesCheck.ts does it in a worker thread). */
export function checkRules(folders: readonly string[], trusted: boolean, packs: readonly string[] = []): CheckedRules {
  return drain(ruleSteps(folders, trusted, packs));
}

/**
 * loadRules with a turn of the event loop every few milliseconds: each custom pattern is timed on
 * adversarial lines, milliseconds per rule, and a file of thousands of rules must not hold up
 * hovers or the built-in rules' diagnostics meanwhile. Same result as loadRules.
 */
export async function loadRulesAsync(folders: readonly string[], trusted: boolean, packs: readonly string[] = []): Promise<LoadedRules> {
  const slices = new Slices();
  const steps = ruleSteps(folders, trusted, packs);
  for (;;) {
    const step = steps.next();
    if (step.done) return inForce(step.value);
    await slices.breathe();
  }
}

/** The loading of the rules in steps, one per custom rule checked. */
function* ruleSteps(folders: readonly string[], trusted: boolean, packs: readonly string[]): Generator<void, CheckedRules> {
  const builtIn = builtInRules();
  const problems: CustomRulesProblem[] = [];
  const custom: RuleDefinition[] = [];
  const taken = new Set(builtIn.map((r) => r.id));
  for (const folder of trusted ? folders : []) {
    const read = readRulesFile(folder);
    if (!read) continue;
    const rules: RuleDefinition[] = [];
    try {
      const values = parseRuleFile(read.text, CUSTOM_RULES_FILE, { custom: true, shapeOnly: true });
      for (let i = 0; i < values.length; i++) {
        yield;
        rules.push(validateRule(values[i], `${CUSTOM_RULES_FILE} rule #${i + 1}`, { custom: true })); // patterns checked for backtracking, lines capped
      }
    } catch (e) {
      if (!(e instanceof RuleError)) throw e;
      problems.push({ file: read.file, line: locateRuleProblem(read.text, e.message), message: e.message });
      continue;
    }
    accept(read.file, read.text, rules, taken, custom, problems);
  }
  const pack = yield* rulePackSteps(trusted ? packs.map((p) => resolvePackPath(p, folders)) : [], taken);
  problems.push(...pack.problems);
  custom.push(...pack.rules);
  return { custom, problems, runbookFolders: pack.runbookFolders };
}
