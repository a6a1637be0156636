import { LiteralFinder } from './literalFinder';
import { necessarySuffixes, searchLiterals } from './requiredLiterals';
import type { RuleDefinition } from './ruleDefinition';

export interface CompiledRule {
  def: RuleDefinition;
  /** The rule's pattern alternatives, tried in order. */
  res: RegExp[];
  prefilters: string[];
  /** Per pattern, cheaper tests that must pass before it can match (requiredLiterals.ts), if any. */
  quick?: (RegExp[] | undefined)[];
}

export function patternsOf(def: RuleDefinition): string[] {
  return Array.isArray(def.pattern) ? def.pattern : [def.pattern];
}

/**
 * Rules see at most this many characters of a line. Patterns with a lazy or greedy gap between
 * literals (`Cmd ... failed`) rescan the rest of the line from every near miss, which costs the
 * square of the line's length: harmless on a log line, hours on a 10 MB one.
 */
export const MAX_MATCHED_LINE = 16 * 1024;

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

function holdsAny(line: string, literals: readonly string[]): boolean {
  for (let i = 0; i < literals.length; i++) if (line.includes(literals[i])) return true;
  return false;
}

/**
 * False when no line of `text` can be longer than MAX_MATCHED_LINE: every window of half that length
 * holds a line break, so no two breaks are further apart. A few searches per megabyte instead of one
 * per line; the exact walk runs only where a window has none.
 */
function mayHaveLongLine(text: string): boolean {
  const window = MAX_MATCHED_LINE / 2;
  if (text.length <= MAX_MATCHED_LINE) return false;
  for (let at = 0; at < text.length; at += window) {
    const nl = text.indexOf('\n', at);
    if (nl < 0 ? text.length - at > window : nl >= at + window) return true;
  }
  return false;
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
  /**
   * Where WebAssembly SIMD runs: every rule's candidate lines found at once by its prefilter literals
   * (a line can only match a rule if it holds one of them), several times faster than `combined`.
   */
  private readonly literalFinder: LiteralFinder | undefined = undefined;

  /** `literalSearch: false` keeps the RegExp-only scan (the tests compare the two). */
  constructor(rules: RuleDefinition[], options: { literalSearch?: boolean } = {}) {
    this.rules = rules.map((def) => ({
      def,
      res: patternsOf(def).map((p) => new RegExp(p)),
      prefilters: Array.isArray(def.prefilter) ? def.prefilter : [def.prefilter],
      quick: patternsOf(def).map(necessarySuffixes),
    }));
    const open = rules.filter((r) => r.maxLineLength === undefined);
    const capped = this.rules.filter((r) => r.def.maxLineLength !== undefined);
    this.combined = open.length
      ? new RegExp(open.flatMap((r) => patternsOf(r).map((p) => `(?:${withoutGroupNames(p)})`)).join('|'), 'gm')
      : undefined;
    const literals = [...new Set(capped.flatMap((r) => r.prefilters))];
    this.cappedFinder = literals.length ? new RegExp(literals.map((l) => l.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|'), 'g') : undefined;
    if (options.literalSearch !== false) {
      for (const rule of this.rules) {
        for (const literal of searchLiterals(patternsOf(rule.def), rule.prefilters, rule.def.samples)) {
          const list = this.rulesByLiteral.get(literal);
          if (list) {
            if (!list.includes(rule)) list.push(rule);
          } else this.rulesByLiteral.set(literal, [rule]);
        }
      }
      this.literalFinder = LiteralFinder.create([...this.rulesByLiteral.keys()]);
    }
  }

  /** The rules each search literal can lead to: only they can match a line the literal is on. */
  private readonly rulesByLiteral = new Map<string, CompiledRule[]>();
  /** rulesFor's answers for lines with several literals, by the literals (few combinations occur). */
  private readonly rulesByLiterals = new Map<string, CompiledRule[]>();

  /** The rules that the literals found on a line lead to, in the matcher's order. */
  private rulesFor(found: readonly string[]): readonly CompiledRule[] {
    if (found.length === 1) return this.rulesByLiteral.get(found[0])!;
    const key = found.join('\0');
    let rules = this.rulesByLiterals.get(key);
    if (!rules) {
      rules = this.rules.filter((rule) => found.some((l) => this.rulesByLiteral.get(l)!.includes(rule)));
      if (this.rulesByLiterals.size < 1024) this.rulesByLiterals.set(key, rules);
    }
    return rules;
  }

  /** Lines cut to MAX_MATCHED_LINE so far (the caller may say so once). */
  clippedLines = 0;

  /** Original lengths of the lines cut in the text being scanned, by their start in the cut text. */
  private cutLengths = new Map<number, number>();

  /** The text with every line longer than MAX_MATCHED_LINE cut to that length; offsets inside lines are kept. */
  private clipLongLines(text: string): string {
    this.cutLengths.clear();
    if (!mayHaveLongLine(text)) return text;
    let parts: string[] | undefined;
    let from = 0;
    let removed = 0;
    for (let start = 0; start < text.length; ) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      if (end - start > MAX_MATCHED_LINE) {
        (parts ??= []).push(text.slice(from, start + MAX_MATCHED_LINE));
        this.cutLengths.set(start - removed, end - start);
        removed += end - start - MAX_MATCHED_LINE;
        from = end;
        this.clippedLines++;
      }
      start = end + 1;
    }
    if (!parts) return text;
    parts.push(text.slice(from));
    return parts.join('');
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
    text = this.clipLongLines(text);
    if (this.literalFinder) {
      return this.literalFinder.scan(text, firstLine, (start, end, lineNo, found) => {
        let line = text.slice(start, end);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        const matches = this.matchRules(line, this.rulesFor(found), this.cutLengths.get(start));
        if (matches.length) onLine(line, lineNo, matches);
      });
    }
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
        const matches = this.matchLine(line, this.cutLengths.get(start));
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
        const matches = this.matchLine(line, this.cutLengths.get(start));
        if (matches.length) onLine(line, lineNo, matches);
        if (end >= text.length) break;
        re.lastIndex = end + 1;
      }
    }
    for (let i = text.indexOf('\n', counted); i >= 0; i = text.indexOf('\n', i + 1)) lineNo++;
    return lineNo - firstLine;
  }

  /** Every rule that matches one line (the confirm step, also used for hovers on a single line). */
  matchLine(line: string, fullLength = line.length): LineMatch[] {
    return this.matchRules(line, this.rules, fullLength);
  }

  /** matchLine over some of the rules (in the matcher's order): those the others cannot match are left out. */
  private matchRules(line: string, rules: readonly CompiledRule[], fullLength = line.length): LineMatch[] {
    const out: LineMatch[] = [];
    for (const rule of rules) {
      if (rule.def.maxLineLength !== undefined && fullLength > rule.def.maxLineLength) continue;
      if (!holdsAny(line, rule.prefilters)) continue;
      for (let i = 0; i < rule.res.length; i++) {
        // a near miss (`failed H:0x0 D:0x18`) fails the quick test, before the costly part of the pattern
        const quick = rule.quick?.[i];
        if (quick && !quick.some((q) => q.test(line))) continue;
        const re = rule.res[i];
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
