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
  return source.replace(/(?<!\\)(\\*)\(\?<([A-Za-z_$][\w$]*)>/g, (all, slashes: string) =>
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
  /**
   * Rules with a line-length cap (custom rules) are left out of `combined`, whose single pass runs
   * over whole pieces of the log: their candidate lines are found by their prefilter literals instead,
   * so their patterns only ever run on one line of at most maxLineLength characters.
   */
  private readonly cappedFinder: RegExp | undefined;

  constructor(rules: RuleDefinition[]) {
    this.rules = rules.map((def) => ({
      def,
      res: patternsOf(def).map((p) => new RegExp(p)),
      prefilters: Array.isArray(def.prefilter) ? def.prefilter : [def.prefilter],
    }));
    const open = rules.filter((r) => r.maxLineLength === undefined);
    const capped = this.rules.filter((r) => r.def.maxLineLength !== undefined);
    this.combined = open.length
      ? new RegExp(open.flatMap((r) => patternsOf(r).map((p) => `(?:${withoutGroupNames(p)})`)).join('|'), 'gm')
      : undefined;
    const literals = [...new Set(capped.flatMap((r) => r.prefilters))];
    this.cappedFinder = literals.length ? new RegExp(literals.map((l) => l.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|'), 'g') : undefined;
  }

  /** Start offsets of the lines that some rule may match, in order, each once. */
  private candidateLines(text: string): number[] {
    const starts: number[] = [];
    for (const re of [this.combined, this.cappedFinder]) {
      if (!re) continue;
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text))) {
        starts.push(text.lastIndexOf('\n', m.index - 1) + 1);
        const end = text.indexOf('\n', m.index);
        if (end < 0) break;
        re.lastIndex = end + 1;
      }
    }
    return this.combined && this.cappedFinder ? [...new Set(starts)].sort((a, b) => a - b) : starts;
  }

  /**
   * Calls `onLine` for every line of `text` that some rule matches, with its 0-based index counted
   * from `firstLine`. Returns the number of line breaks in `text`.
   */
  scan(text: string, firstLine: number, onLine: (line: string, lineNo: number, matches: LineMatch[]) => void): number {
    let lineNo = firstLine;
    let counted = 0; // text offset up to which line breaks are counted
    if (this.cappedFinder) {
      for (const start of this.candidateLines(text)) {
        for (let i = text.indexOf('\n', counted); i >= 0 && i < start; i = text.indexOf('\n', i + 1)) lineNo++;
        counted = start;
        let end = text.indexOf('\n', start);
        if (end < 0) end = text.length;
        let line = text.slice(start, end);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        const matches = this.matchLine(line);
        if (matches.length) onLine(line, lineNo, matches);
      }
      for (let i = text.indexOf('\n', counted); i >= 0; i = text.indexOf('\n', i + 1)) lineNo++;
      return lineNo - firstLine;
    }
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
      if (rule.def.maxLineLength !== undefined && line.length > rule.def.maxLineLength) continue;
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
