import * as fs from 'fs';
import * as path from 'path';
import type { RuleDefinition } from '../engine';
import { builtInRules, parseRuleFile, RuleError, RuleSet } from '../engine';

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

/**
 * Built-in rules plus each workspace folder's `.logtriage/rules.json`. A broken file is reported
 * (with a line) and skipped as a whole; the built-in rules always stay in force.
 */
export function loadRules(folders: string[], trusted: boolean): LoadedRules {
  const builtIn = builtInRules();
  const problems: CustomRulesProblem[] = [];
  const custom: RuleDefinition[] = [];
  if (trusted) {
    const taken = new Set(builtIn.map((r) => r.id));
    for (const folder of folders) {
      const file = path.join(folder, CUSTOM_RULES_FILE);
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue; // no custom rules in this folder
      }
      try {
        const rules = parseRuleFile(text, CUSTOM_RULES_FILE, { custom: true }); // patterns checked for backtracking, lines capped
        for (const r of rules) {
          if (taken.has(r.id)) throw new RuleError(`${CUSTOM_RULES_FILE} (${r.id}): the id is already used by another rule`);
          taken.add(r.id);
        }
        new RuleSet(rules); // unknown correlators or enrichers fail here, before they are used
        custom.push(...rules);
      } catch (e) {
        if (!(e instanceof RuleError)) throw e;
        problems.push({ file, line: locate(text, e.message), message: e.message });
      }
    }
  }
  return { ruleSet: new RuleSet([...builtIn, ...custom]), custom, problems };
}
