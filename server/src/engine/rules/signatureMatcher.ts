import type { RuleDefinition } from './ruleDefinition';

export interface CompiledRule {
  def: RuleDefinition;
  /** The rule's pattern alternatives, tried in order. */
  res: RegExp[];
  prefilters: string[];
}

export function patternsOf(def: RuleDefinition): string[] {
  return Array.isArray(def.pattern) ? def.pattern : [def.pattern];
}

export interface LineMatch {
  rule: CompiledRule;
  match: RegExpExecArray;
}

// Named groups may repeat across rules, which one combined RegExp does not allow: the combined
// matcher only finds candidate lines, so it drops the names; each rule re-runs on the line it found.
function withoutGroupNames(source: string): string {
  return source.replace(/(\\*)\(\?<([A-Za-z_$][\w$]*)>/g, (all, slashes: string) =>
    slashes.length % 2 === 1 ? all : `${slashes}(?:`,
  );
}

/**
 * All rules of one family as one global, multiline RegExp. Scanning a chunk with it is one pass;
 * a line is cut out only where something matched, and only then do the individual rules run.
 */
export class SignatureMatcher {
  readonly rules: CompiledRule[];
  private readonly combined: RegExp | undefined;

  constructor(rules: RuleDefinition[]) {
    this.rules = rules.map((def) => ({
      def,
      res: patternsOf(def).map((p) => new RegExp(p)),
      prefilters: Array.isArray(def.prefilter) ? def.prefilter : [def.prefilter],
    }));
    this.combined = rules.length
      ? new RegExp(rules.flatMap((r) => patternsOf(r).map((p) => `(?:${withoutGroupNames(p)})`)).join('|'), 'gm')
      : undefined;
  }

  /**
   * Calls `onLine` for every line of `text` that some rule matches, with its 0-based index counted
   * from `firstLine`. Returns the number of line breaks in `text`.
   */
  scan(text: string, firstLine: number, onLine: (line: string, lineNo: number, matches: LineMatch[]) => void): number {
    let lineNo = firstLine;
    let counted = 0; // text offset up to which line breaks are counted
    const re = this.combined;
    if (re) {
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text))) {
        const start = text.lastIndexOf('\n', m.index - 1) + 1;
        for (let i = text.indexOf('\n', counted); i >= 0 && i < start; i = text.indexOf('\n', i + 1)) lineNo++;
        counted = start;
        let end = text.indexOf('\n', m.index);
        if (end < 0) end = text.length;
        let line = text.slice(start, end);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        const matches = this.matchLine(line);
        if (matches.length) onLine(line, lineNo, matches);
        if (end >= text.length) break;
        re.lastIndex = end + 1;
      }
    }
    for (let i = text.indexOf('\n', counted); i >= 0; i = text.indexOf('\n', i + 1)) lineNo++;
    return lineNo - firstLine;
  }

  /** Every rule that matches one line (the confirm step, also used for hovers on a single line). */
  matchLine(line: string): LineMatch[] {
    const out: LineMatch[] = [];
    for (const rule of this.rules) {
      if (!rule.prefilters.some((p) => line.includes(p))) continue;
      for (const re of rule.res) {
        const match = re.exec(line);
        if (match) {
          out.push({ rule, match });
          break;
        }
      }
    }
    return out;
  }
}
