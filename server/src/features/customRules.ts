import * as fs from 'fs';
import * as path from 'path';
import type { RuleDefinition } from '../engine';
import { builtInRules, parseRuleFile, RuleError, RuleSet, validateRule } from '../engine';
import { Slices } from '../engine/turns';

export const CUSTOM_RULES_FILE = path.join('.logtriage', 'rules.json');

export interface CustomRulesProblem {
  file: string;
  line: number;
  message: string;
}

export interface LoadedRules {
  ruleSet: RuleSet;
  custom: RuleDefinition[];
  problems: CustomRulesProblem[];
}

/** 0-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Where in the file the problem is: a JSON parse position, or the rule's id, or the top. */
function locate(text: string, message: string): number {
  const pos = /at position (\d+)/.exec(message);
  if (pos) return lineAt(text, +pos[1]);
  const id = /\(([a-z0-9-]+\/[a-z0-9-]+)\)/.exec(message);
  if (id) {
    const at = text.indexOf(`"${id[1]}"`);
    if (at >= 0) return lineAt(text, at);
  }
  const n = /rule #(\d+)/.exec(message);
  if (n) {
    // the n-th object inside "rules": count `"id"` keys as a fair approximation
    let at = -1;
    for (let i = 0; i < +n[1]; i++) at = text.indexOf('"id"', at + 1);
    if (at >= 0) return lineAt(text, at);
  }
  return 0;
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
    problems.push({ file, line: locate(text, e.message), message: e.message });
  }
}

/**
 * Built-in rules plus each workspace folder's `.logtriage/rules.json`. A broken file is reported
 * (with a line) and skipped as a whole; the built-in rules always stay in force.
 */
export function loadRules(folders: string[], trusted: boolean): LoadedRules {
  const builtIn = builtInRules();
  const problems: CustomRulesProblem[] = [];
  const custom: RuleDefinition[] = [];
  const taken = new Set(builtIn.map((r) => r.id));
  for (const folder of trusted ? folders : []) {
    const read = readRulesFile(folder);
    if (!read) continue;
    let rules: RuleDefinition[];
    try {
      rules = parseRuleFile(read.text, CUSTOM_RULES_FILE, { custom: true }); // patterns checked for backtracking, lines capped
    } catch (e) {
      if (!(e instanceof RuleError)) throw e;
      problems.push({ file: read.file, line: locate(read.text, e.message), message: e.message });
      continue;
    }
    accept(read.file, read.text, rules, taken, custom, problems);
  }
  return { ruleSet: new RuleSet([...builtIn, ...custom]), custom, problems };
}

/**
 * loadRules with a turn of the event loop every few milliseconds: each custom pattern is timed on
 * adversarial lines, milliseconds per rule, and a file of thousands of rules must not hold up
 * hovers or the built-in rules' diagnostics meanwhile. Same result as loadRules.
 */
export async function loadRulesAsync(folders: string[], trusted: boolean): Promise<LoadedRules> {
  const slices = new Slices();
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
        await slices.breathe();
        rules.push(validateRule(values[i], `${CUSTOM_RULES_FILE} rule #${i + 1}`, { custom: true }));
      }
    } catch (e) {
      if (!(e instanceof RuleError)) throw e;
      problems.push({ file: read.file, line: locate(read.text, e.message), message: e.message });
      continue;
    }
    accept(read.file, read.text, rules, taken, custom, problems);
  }
  return { ruleSet: new RuleSet([...builtIn, ...custom]), custom, problems };
}
