import { withoutGroupNames as withoutNames } from '../regex/tokenizer';
import { Slices } from '../turns';
import { LiteralFinder } from './literalFinder';
import type { RuleDefinition } from './ruleDefinition';
import { patternsOf, planOf, prefiltersOf } from './rulePlan';

export interface CompiledRule {
  def: RuleDefinition;
  /**
   * What the hot paths read of `def`, copied here: rule definitions come from JSON with differing
   * sets of fields (as many object shapes), the compiled rules all have one, which V8 optimises for.
   */
  id: string;
  /** def.maxLineLength, Infinity without one. */
  maxLineLength: number;
  /** Whether the rule's lines go to a correlator (def.correlator is set). */
  correlates: boolean;
  /** def.supersedes, empty without one. */
  supersedes: readonly string[];
  /** The rule's pattern alternatives, tried in order. */
  res: RegExp[];
  prefilters: string[];
  /** Per pattern, cheaper tests that must pass before it can match (requiredLiterals.ts), if any. */
  quick?: (RegExp[] | undefined)[];
  /**
   * Per pattern, the search literals one of which its every match holds, when the rule is searched
   * by them: a line on which the search found none of a pattern's literals is not tried on it.
   */
  literalsOf?: string[][];
  /** The rule's search literals that hold one of its prefilters: found on a line, the prefilter is there too. */
  prefilterIn?: string[];
  /** What the literal search looks for to find the rule's candidate lines. */
  literals: string[];
}

const NONE: readonly string[] = [];

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
  return withoutNames(source);
}

/** One array per distinct list of quick tests, so that equal ones are the same object. */
const internedQuick = new Map<string, RegExp[]>();
function internQuick(sources: readonly string[] | null): RegExp[] | undefined {
  if (!sources) return undefined;
  const key = JSON.stringify(sources);
  let known = internedQuick.get(key);
  if (!known) internedQuick.set(key, (known = sources.map((source) => new RegExp(source))));
  return known;
}

/** The matches on one line less those of rules that another match on it supersedes (the most specific wins). */
function withoutSuperseded(matches: LineMatch[]): LineMatch[] {
  let silenced: string[] | undefined;
  for (let i = 0; i < matches.length; i++) if (matches[i].rule.supersedes.length) (silenced ??= []).push(...matches[i].rule.supersedes);
  return silenced ? matches.filter((m) => !silenced.includes(m.rule.id)) : matches;
}

function anyIn(wanted: readonly string[], found: readonly string[]): boolean {
  for (let i = 0; i < found.length; i++) if (wanted.includes(found[i])) return true;
  return false;
}

function passesAny(tests: readonly RegExp[], line: string): boolean {
  for (let i = 0; i < tests.length; i++) if (tests[i].test(line)) return true;
  return false;
}

/**
 * Compiled rules by their definition: a rule that applies to several families is read once, not once
 * per family's matcher (a folder of fifteen families built the same 96 rules fifteen times).
 */
const compiled = new WeakMap<RuleDefinition, CompiledRule>();

function compiledRule(def: RuleDefinition): CompiledRule {
  let rule = compiled.get(def);
  if (rule) return rule;
  const prefilters = prefiltersOf(def);
  const plan = planOf(def);
  rule = {
    def,
    id: def.id,
    maxLineLength: def.maxLineLength ?? Infinity,
    correlates: Boolean(def.correlator),
    supersedes: def.supersedes ?? NONE,
    res: patternsOf(def).map((p) => new RegExp(p)),
    prefilters,
    quick: plan.quick.map(internQuick),
    literalsOf: plan.literalsOf ?? undefined,
    prefilterIn: plan.literals.filter((l) => prefilters.some((p) => l.includes(p))),
    literals: plan.literals,
  };
  compiled.set(def, rule);
  return rule;
}

/**
 * Compiles rules ahead of the matchers that will use them, giving the event loop a turn every slice:
 * ten thousand custom rules took 0.65 s to compile in one go, and a hover waited that long.
 */
export async function compileInTurns(defs: readonly RuleDefinition[]): Promise<void> {
  const slices = new Slices();
  for (const def of defs) {
    compiledRule(def);
    await slices.breathe();
  }
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

/** Buffer's own Latin-1 slice where Node has it (toString checks its arguments first, per line). */
const latin1Slice = (Buffer.prototype as Buffer & { latin1Slice?: (start: number, end: number) => string }).latin1Slice;
function latin1(bytes: Buffer, start: number, end: number): string {
  return latin1Slice ? latin1Slice.call(bytes, start, end) : bytes.toString('latin1', start, end);
}

/** mayHaveLongLine over ASCII bytes (offsets are the same). */
function mayHaveLongLineBytes(bytes: Buffer): boolean {
  const window = MAX_MATCHED_LINE / 2;
  if (bytes.length <= MAX_MATCHED_LINE) return false;
  for (let at = 0; at < bytes.length; at += window) {
    const nl = bytes.indexOf(10, at);
    if (nl < 0 ? bytes.length - at > window : nl >= at + window) return true;
  }
  return false;
}

/**
 * All rules of one family as one global, multiline RegExp. Scanning a chunk with it is one pass;
 * a line is cut out only where something matched, and only then do the individual rules run.
 */
export class SignatureMatcher {
  readonly rules: CompiledRule[];
  /**
   * Built at first use: only the RegExp-only scan uses them, and reading every pattern to combine them
   * took a third of a matcher's start (and as much again in V8's compiler) where the literal search runs.
   */
  private built: { combined: RegExp | undefined; cappedFinder: RegExp | undefined } | undefined;

  private get combined(): RegExp | undefined {
    return (this.built ??= this.buildRegExps()).combined;
  }

  /**
   * Rules with a line-length cap (custom rules) are left out of `combined`, whose single pass runs
   * over whole pieces of the log: their candidate lines are found by their prefilter literals instead,
   * so their patterns only ever run on one line of at most maxLineLength characters.
   */
  private get cappedFinder(): RegExp | undefined {
    return (this.built ??= this.buildRegExps()).cappedFinder;
  }

  private buildRegExps(): { combined: RegExp | undefined; cappedFinder: RegExp | undefined } {
    const open = this.rules.filter((r) => r.def.maxLineLength === undefined);
    const literals = [...new Set(this.rules.filter((r) => r.def.maxLineLength !== undefined).flatMap((r) => r.prefilters))];
    return {
      combined: open.length ? new RegExp(open.flatMap((r) => patternsOf(r.def).map((p) => `(?:${withoutGroupNames(p)})`)).join('|'), 'gm') : undefined,
      cappedFinder: literals.length ? new RegExp(literals.map((l) => l.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|'), 'g') : undefined,
    };
  }
  /**
   * Where WebAssembly SIMD runs: every rule's candidate lines found at once by its prefilter literals
   * (a line can only match a rule if it holds one of them), several times faster than `combined`.
   */
  private readonly literalFinder: LiteralFinder | undefined = undefined;

  /** `literalSearch: false` keeps the RegExp-only scan (the tests compare the two). */
  constructor(rules: RuleDefinition[], options: { literalSearch?: boolean } = {}) {
    this.rules = rules.map(compiledRule);
    if (options.literalSearch !== false) {
      for (const rule of this.rules) {
        for (const literal of rule.literals) {
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
  private lastFound: readonly string[] = [];
  private lastRules: readonly CompiledRule[] = [];
  /** rulesFor's answers for lines with several literals, by the literals (few combinations occur). */
  private readonly rulesByLiterals = new Map<string, CompiledRule[]>();

  /** The rules that the literals found on a line lead to, in the matcher's order. */
  private rulesFor(found: readonly string[]): readonly CompiledRule[] {
    if (found.length === 1) return this.rulesByLiteral.get(found[0])!;
    // neighbouring lines often hold the same literals: the last answer, without building a key
    const last = this.lastFound;
    if (last.length === found.length) {
      let same = true;
      for (let i = 0; i < found.length && same; i++) same = last[i] === found[i];
      if (same) return this.lastRules;
    }
    const key = found.join('\0');
    let rules = this.rulesByLiterals.get(key);
    if (!rules) {
      rules = this.rules.filter((rule) => found.some((l) => this.rulesByLiteral.get(l)!.includes(rule)));
      if (this.rulesByLiterals.size < 1024) this.rulesByLiterals.set(key, rules);
    }
    this.lastFound = [...found];
    this.lastRules = rules;
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
    for (let start = 0; start < text.length;) {
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
      const saved = [this.text, this.onLine] as const;
      [this.text, this.onLine] = [text, onLine];
      try {
        return this.literalFinder.scan(text, firstLine, this.onTextCandidate);
      } finally {
        [this.text, this.onLine] = saved;
      }
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

  /**
   * `scan` over text given as ASCII bytes (no byte above 0x7f, no CR): only the candidate lines are
   * decoded. Undefined, with nothing scanned, where that path does not apply (no literal search, or
   * a line that may need clipping): the caller then scans the text as a string.
   */
  /** Whether scanBytes can work at all (it needs the literal search). */
  get scansBytes(): boolean {
    return this.literalFinder !== undefined;
  }

  scanBytes(bytes: Buffer, firstLine: number, onLine: (line: string, lineNo: number, matches: LineMatch[]) => void): number | undefined {
    if (!this.literalFinder || mayHaveLongLineBytes(bytes)) return undefined;
    const saved = [this.bytes, this.onLine] as const;
    [this.bytes, this.onLine] = [bytes, onLine];
    try {
      return this.literalFinder.scanBytes(bytes, firstLine, this.onByteCandidate);
    } finally {
      [this.bytes, this.onLine] = saved;
    }
  }

  // What the literal search reports to, one function each for the matcher's life: a fresh closure
  // per piece would be a new call target for the search's optimised code each time, which V8 then
  // throws away (deoptimises), running the hot loop unoptimised again.
  private text = '';
  private bytes: Buffer | undefined;
  private onLine: (line: string, lineNo: number, matches: LineMatch[]) => void = () => undefined;

  private readonly onTextCandidate = (start: number, end: number, lineNo: number, found: readonly string[]): void => {
    let line = this.text.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const matches = this.matchRules(line, this.rulesFor(found), this.cutLengths.get(start), found);
    if (matches.length) this.onLine(line, lineNo, matches);
  };

  private readonly onByteCandidate = (start: number, end: number, lineNo: number, found: readonly string[]): void => {
    const line = latin1(this.bytes!, start, end);
    const matches = this.matchRules(line, this.rulesFor(found), line.length, found);
    if (matches.length) this.onLine(line, lineNo, matches);
  };

  /** Every rule that matches one line (the confirm step, also used for hovers on a single line). */
  matchLine(line: string, fullLength = line.length): LineMatch[] {
    return this.matchRules(line, this.rules, fullLength);
  }

  /** matchLine over some of the rules (in the matcher's order): those the others cannot match are left out. */
  private matchRules(line: string, rules: readonly CompiledRule[], fullLength = line.length, found?: readonly string[]): LineMatch[] {
    const out: LineMatch[] = [];
    for (const rule of rules) {
      if (fullLength > rule.maxLineLength) continue;
      if (!(found && rule.prefilterIn && anyIn(rule.prefilterIn, found)) && !holdsAny(line, rule.prefilters)) continue;
      let tested: RegExp[] | undefined; // the quick test last run on this line, and how it went
      let passed = false;
      for (let i = 0; i < rule.res.length; i++) {
        // the literal search found every search literal on the line: a pattern none of whose own is there cannot match
        if (found && rule.literalsOf && !anyIn(rule.literalsOf[i], found)) continue;
        // a near miss (`failed H:0x0 D:0x18`) fails the quick test, before the costly part of the pattern;
        // patterns that differ only before their quick part share it (interned), tested once
        const quick = rule.quick?.[i];
        if (quick) {
          if (quick !== tested) ((tested = quick), (passed = passesAny(quick, line)));
          if (!passed) continue;
        }
        const re = rule.res[i];
        const match = re.exec(line);
        if (match) {
          out.push({ rule, match });
          break;
        }
      }
    }
    return out.length > 1 ? withoutSuperseded(out) : out;
  }
}
