import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { RuleDefinition, RuleFileProblem } from '../engine';
import { builtInRules, loadRulePacks, locateRuleProblem, parseRuleFile, RuleError, RuleSet, setRunbookFolders } from '../engine';

export const CUSTOM_RULES_FILE = path.join('.logtriage', 'rules.json');

export type CustomRulesProblem = RuleFileProblem;

export interface LoadedRules {
  ruleSet: RuleSet;
  custom: RuleDefinition[];
  problems: CustomRulesProblem[];
}

/** A pack path as the setting gives it: absolute, `~/…`, or relative to the first workspace folder. */
export function resolvePackPath(pack: string, folders: readonly string[]): string {
  if (pack === '~' || pack.startsWith('~/')) return path.join(os.homedir(), pack.slice(1));
  return path.resolve(folders[0] ?? process.cwd(), pack);
}

/**
 * Built-in rules plus each workspace folder's `.logtriage/rules.json`, then the rule packs of the
 * setting logtriage.rulePacks. A broken rules file is reported (with a line) and skipped as a whole;
 * in a pack, a broken rule is reported at its line and the pack's other rules load. The built-in
 * rules always stay in force; in an untrusted workspace nothing else loads.
 */
export function loadRules(folders: string[], trusted: boolean, packs: readonly string[] = []): LoadedRules {
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
        problems.push({ file, line: locateRuleProblem(text, e.message), message: e.message });
      }
    }
  }
  const pack = loadRulePacks(
    trusted ? packs.map((p) => resolvePackPath(p, folders)) : [],
    new Set([...builtIn, ...custom].map((r) => r.id)),
  );
  setRunbookFolders(pack.runbookFolders);
  problems.push(...pack.problems);
  custom.push(...pack.rules);
  return { ruleSet: new RuleSet([...builtIn, ...custom]), custom, problems };
}
