// Rule packs: a team's rules kept outside the workspace (a git checkout, a shared folder), in the
// schema of `.logtriage/rules.json`. Used by `logtriage --rules` and the setting logtriage.rulePacks.
import * as fs from 'fs';
import * as path from 'path';
import type { RuleDefinition } from './rules/ruleDefinition';
import { RuleError, validateRule } from './rules/ruleDefinition';
import { RuleSet } from './rules/ruleSet';

export interface RuleFileProblem {
  file: string;
  /** 0-based line of the rule at fault (or of the JSON error). */
  line: number;
  message: string;
}

export interface LoadedPack {
  rules: RuleDefinition[];
  problems: RuleFileProblem[];
  /** Rule id → the file it came from. */
  sourceOf: Map<string, string>;
  /** Folders holding the packs' runbooks (`<id>.md`). */
  runbookFolders: string[];
}

/** 0-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Where in a rules file a problem is: a JSON parse position, the rule's id, the n-th rule, or the top. */
export function locateRuleProblem(text: string, message: string): number {
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
 * The rules of one file, each checked on its own (schema, backtracking guard, id not taken, known
 * correlator): a broken rule is a problem at its line and the file's other rules still load.
 */
export function loadRuleFileTolerant(file: string, text: string, taken: Set<string>): { rules: RuleDefinition[]; problems: RuleFileProblem[] } {
  return drain(ruleFileSteps(file, text, taken));
}

/** loadRuleFileTolerant in steps: it yields before each rule, whose check may take milliseconds. */
function* ruleFileSteps(file: string, text: string, taken: Set<string>): Generator<void, { rules: RuleDefinition[]; problems: RuleFileProblem[] }> {
  const problem = (message: string): RuleFileProblem => ({ file, line: locateRuleProblem(text, message), message });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { rules: [], problems: [problem(`${file}: not valid JSON: ${(e as Error).message}`)] };
  }
  const list = (json as { rules?: unknown })?.rules;
  if (!Array.isArray(list)) return { rules: [], problems: [problem(`${file}: expected an object with a "rules" array`)] };
  const rules: RuleDefinition[] = [];
  const problems: RuleFileProblem[] = [];
  for (let i = 0; i < list.length; i++) {
    yield;
    try {
      const rule = validateRule(list[i], `${file} rule #${i + 1}`, { custom: true });
      if (taken.has(rule.id)) throw new RuleError(`${file} (${rule.id}): the id is already used by another rule`);
      new RuleSet([rule]); // an unknown correlator or enricher fails here, before it is used
      taken.add(rule.id);
      rules.push(rule);
    } catch (e) {
      if (!(e instanceof RuleError)) throw e;
      problems.push(problem(e.message));
    }
  }
  return { rules, problems };
}

/** Runs a generator of steps to its end, without pausing: its value. */
export function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** A pack's rule files: the file itself, or a folder's `*.json` files in name order. */
function ruleFilesOf(pack: string): { files: string[]; folder?: string } {
  const st = fs.statSync(pack);
  if (!st.isDirectory()) return { files: [pack] };
  const files = fs
    .readdirSync(pack)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => path.join(pack, n))
    .filter((f) => fs.statSync(f).isFile());
  return { files, folder: pack };
}

/**
 * Rule packs (files or folders) loaded after the rules whose ids are in `taken`. A pack that cannot
 * be read, or a rule that is broken, is a problem; everything else loads. Runbooks are looked up
 * in each pack folder and its `runbooks/` subfolder.
 */
export function loadRulePacks(packs: readonly string[], taken: Set<string>): LoadedPack {
  return drain(rulePackSteps(packs, taken));
}

/** loadRulePacks in steps (one per rule): a caller that must stay responsive pauses between them. */
export function* rulePackSteps(packs: readonly string[], taken: Set<string>): Generator<void, LoadedPack> {
  const out: LoadedPack = { rules: [], problems: [], sourceOf: new Map(), runbookFolders: [] };
  for (const pack of packs) {
    let listed: { files: string[]; folder?: string };
    try {
      listed = ruleFilesOf(pack);
    } catch (e) {
      out.problems.push({ file: pack, line: 0, message: `${pack}: cannot read the rule pack (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
      continue;
    }
    const folder = listed.folder ?? path.dirname(pack);
    out.runbookFolders.push(folder, path.join(folder, 'runbooks'));
    for (const file of listed.files) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (e) {
        out.problems.push({ file, line: 0, message: `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
        continue;
      }
      const loaded = yield* ruleFileSteps(file, text, taken);
      out.problems.push(...loaded.problems);
      for (const rule of loaded.rules) out.sourceOf.set(rule.id, file);
      out.rules.push(...loaded.rules);
    }
  }
  return out;
}
