// Literals that every match of a pattern contains: a line without one of them cannot match, so the
// literal search (literalFinder.ts) may look for them instead of the rule's prefilter when they are
// longer and so rarer. `status(?::|=)? ?25` needs one of six strings like "status: 25" and is a
// far better guard than its prefilter "25", which every timestamp and counter contains.
//
// A small parser of JavaScript RegExp source reduces each part of a pattern to the finite set of
// strings it can match (when that set is small) and, for a sequence, multiplies out runs of such
// parts. Anything it does not understand gives "no literal": the caller keeps the prefilter.

import type { ClassMember, GroupKind, RegexToken } from '../regex/tokenizer';
import { isLiteralChar, tokenize, topLevelAlternatives } from '../regex/tokenizer';

/** Largest set of alternatives a literal set may have. */
const MAX_SET = 64;

interface Info {
  /** Every string the part can match, when there are few; null when they are many or unbounded. */
  exact: string[] | null;
  /** A set of strings one of which every match contains; null when there is none worth having. */
  required: string[] | null;
}

const EMPTY: Info = { exact: [''], required: null };
const ANY: Info = { exact: null, required: null };

class Unsupported extends Error {}

function product(a: string[], b: string[]): string[] | null {
  if (a.length * b.length > MAX_SET) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return [...out];
}

function union(a: string[], b: string[]): string[] | null {
  const out = new Set([...a, ...b]);
  return out.size > MAX_SET ? null : [...out];
}

/** Higher is better: the shortest string decides how often the set is met by chance. */
export function literalScore(set: readonly string[] | null): number {
  if (!set || !set.length) return 0;
  return Math.min(...set.map((s) => s.length));
}

/**
 * Shortest literal a set may have for the near misses to decide for it: counter-samples are lines
 * like the rule's own, not like the rest of the log, and a short word they lack (` failed: `,
 * `inactive`) is still everywhere else.
 */
const MIN_DECIDING = 10;

/**
 * The better of two literal sets. The rule's near misses (its counter-samples) decide first: of the
 * two runs `device-mapper: multipath: ` and `Failing path `, the recovery line `device-mapper:
 * multipath: Reinstating path` holds the first only, so the second turns more lines away before any
 * pattern runs. Otherwise the longer shortest literal wins, then the smaller set.
 */
function better(a: string[] | null, b: string[] | null, nearMisses: readonly string[] = NO_NEAR_MISSES): string[] | null {
  const bWins = nearMissesDecide(a, b, nearMisses);
  if (bWins !== undefined) return bWins ? b : a;
  const sa = literalScore(a);
  const sb = literalScore(b);
  if (sa !== sb) return sa > sb ? a : b;
  if (!a || !b) return a ?? b;
  return a.length <= b.length ? a : b;
}

const NO_NEAR_MISSES: readonly string[] = [];

/** Whether `b` turns away more of the near misses than `a`; undefined when they do not tell the two apart. */
function nearMissesDecide(a: readonly string[] | null, b: readonly string[] | null, nearMisses: readonly string[]): boolean | undefined {
  if (!a || !b || !nearMisses.length) return undefined;
  const ma = linesHolding(a, nearMisses);
  const mb = linesHolding(b, nearMisses);
  if (ma === mb || literalScore(mb < ma ? b : a) < MIN_DECIDING) return undefined;
  return mb < ma;
}

/** How many of the lines hold one of the literals. */
function linesHolding(set: readonly string[], lines: readonly string[]): number {
  let n = 0;
  for (const line of lines) if (set.some((l) => line.includes(l))) n++;
  return n;
}

function charsOf(ranges: [number, number][]): string[] | null {
  let n = 0;
  for (const [lo, hi] of ranges) n += hi - lo + 1;
  if (n > 10) return null;
  const out: string[] = [];
  for (const [lo, hi] of ranges) for (let c = lo; c <= hi; c++) out.push(String.fromCharCode(c));
  return out;
}

class Parser {
  private k = 0;
  private readonly tokens: readonly RegexToken[];
  constructor(
    source: string,
    private readonly nearMisses: readonly string[],
  ) {
    this.tokens = tokenize(source);
  }

  parse(): Info {
    const info = this.disjunction();
    if (this.k !== this.tokens.length) throw new Unsupported('trailing');
    return info;
  }

  private peek(): RegexToken | undefined {
    return this.tokens[this.k];
  }

  private disjunction(): Info {
    let info = this.alternative();
    while (this.peek()?.kind === 'alternation') {
      this.k++;
      const next = this.alternative();
      const exact = info.exact && next.exact ? union(info.exact, next.exact) : null;
      const left = info.required ?? info.exact;
      const right = next.required ?? next.exact;
      const required = left && right && literalScore(left) > 0 && literalScore(right) > 0 ? union(left, right) : null;
      info = { exact, required };
    }
    return info;
  }

  private alternative(): Info {
    let best: string[] | null = null;
    let run: string[] | null = [''];
    let exact: string[] | null = [''];
    const closeRun = () => {
      if (run) best = better(best, run, this.nearMisses);
    };
    for (let next = this.peek(); next && next.kind !== 'alternation' && next.kind !== 'close'; next = this.peek()) {
      const term = this.term();
      exact = exact && term.exact ? product(exact, term.exact) : null;
      if (term.exact) {
        const extended: string[] | null = run ? product(run, term.exact) : null;
        if (extended) run = extended;
        else {
          closeRun();
          run = term.exact;
        }
      } else {
        closeRun();
        run = [''];
      }
      best = better(best, term.required, this.nearMisses);
    }
    closeRun();
    return { exact, required: best };
  }

  private term(): Info {
    const atom = this.atom();
    const q = this.peek();
    if (q?.kind !== 'quantifier') return atom;
    this.k++;
    const { min, max } = q; // a lazy quantifier matches the same strings
    if (min === 0 && max === 1) return { exact: atom.exact ? union(atom.exact, ['']) : null, required: null };
    if (min === 0) return ANY;
    // at least `min` copies: exactly that many when max === min and the set stays small
    if (atom.exact && max === min) {
      let exact: string[] | null = [''];
      for (let k = 0; k < min && exact; k++) exact = product(exact, atom.exact);
      if (exact) return { exact, required: null };
    }
    return { exact: null, required: atom.required ?? atom.exact };
  }

  private atom(): Info {
    const token = this.tokens[this.k++];
    switch (token.kind) {
      case 'assertion':
      case 'dot':
        return token.kind === 'dot' ? ANY : EMPTY;
      case 'open':
        return this.group(token.group);
      case 'class':
        return this.charClass(token.negated, token.members);
      case 'char':
        return { exact: [String.fromCodePoint(token.code)], required: null };
      case 'set':
        return token.letter === 'd' ? { exact: charsOf([[48, 57]]), required: null } : ANY;
      default:
        throw new Unsupported(token.kind); // a back-reference, or a stray ")", "|" or quantifier
    }
  }

  private group(kind: GroupKind): Info {
    if (kind === 'other') throw new Unsupported('group kind');
    const inner = this.disjunction();
    if (this.tokens[this.k++]?.kind !== 'close') throw new Unsupported('unclosed group');
    return kind === 'lookahead' || kind === 'negativeLookahead' || kind === 'lookbehind' || kind === 'negativeLookbehind' ? EMPTY : inner; // a look-around matches no characters
  }

  private charClass(negated: boolean, members: readonly ClassMember[]): Info {
    const ranges: [number, number][] = [];
    let open = negated; // a negated class or one with a set (\w, \s ...) inside: too wide to list
    for (const { lo, hi } of members) {
      if (lo.kind === 'set') {
        if (lo.letter === 'd') ranges.push([48, 57]);
        else open = true;
      } else ranges.push([lo.code, hi ? hi.code : lo.code]);
    }
    if (open) return ANY;
    return { exact: charsOf(ranges), required: null };
  }
}

/**
 * A set of strings one of which every match of `source` contains, or undefined when the pattern
 * has none (or uses syntax this reader does not follow). Where a pattern requires several runs of
 * literals, the one fewer of `nearMisses` (lines it must not match) hold is chosen.
 */
export function requiredLiterals(source: string, nearMisses: readonly string[] = NO_NEAR_MISSES): string[] | undefined {
  // each pattern is read once, however many matchers (one per family) and callers ask; the near
  // misses are a rule's own counter-samples array, so its identity is the key
  let readPatterns = readByNearMisses.get(nearMisses);
  if (!readPatterns) readByNearMisses.set(nearMisses, (readPatterns = new Map()));
  let known = readPatterns.get(source);
  if (known === undefined) {
    known = readRequiredLiterals(source, nearMisses) ?? null;
    if (readPatterns.size >= 4096) readPatterns.clear();
    readPatterns.set(source, known);
  }
  return known ? [...known] : undefined;
}

const readByNearMisses = new WeakMap<readonly string[], Map<string, string[] | null>>();

function readRequiredLiterals(source: string, nearMisses: readonly string[]): string[] | undefined {
  try {
    const info = new Parser(source, nearMisses).parse();
    const set = better(info.required, info.exact, nearMisses);
    return set && literalScore(set) > 0 ? set : undefined;
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

/**
 * What the literal search should look for to find a rule's candidate lines: the literals its
 * patterns require when they are at least as long as its prefilters, else the prefilters. Every
 * sample line the rule matches must hold one of the derived literals, or the prefilters are kept
 * (a guard against a misreading of some RegExp syntax: a missed literal would be a missed finding).
 */
export function searchLiterals(patterns: readonly string[], prefilters: readonly string[], samples: readonly string[], nearMisses: readonly string[] = NO_NEAR_MISSES): string[] {
  const derived = new Set<string>();
  for (const p of patterns) {
    const set = requiredLiterals(p, nearMisses);
    if (!set) return [...prefilters];
    for (const s of set) derived.add(s);
  }
  const list = [...derived];
  if (nearMissesDecide(list, prefilters, nearMisses) ?? literalScore(list) - literalScore(prefilters) < 0) return [...prefilters];
  const res = patterns.map((p) => new RegExp(p));
  for (const sample of samples) {
    for (const line of sample.split('\n')) {
      if (res.some((re) => re.test(line)) && !list.some((l) => line.includes(l))) return [...prefilters];
    }
  }
  return list;
}

// ------------------------------------------------------------------ cheap necessary conditions
/**
 * Offsets (in the whole source) where the top-level literal runs of one alternative start, with
 * their lengths: a group is one atom, and an atom a quantifier follows is no literal.
 */
function literalRuns(source: string, tokens: readonly RegexToken[]): { start: number; length: number }[] {
  const runs: { start: number; length: number }[] = [];
  let run: { start: number; length: number } | undefined;
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    let literal = isLiteralChar(source, token);
    if (token.kind === 'open') {
      let depth = 0;
      for (; k < tokens.length; k++) {
        if (tokens[k].kind === 'open') depth++;
        else if (tokens[k].kind === 'close' && --depth === 0) break;
      }
    }
    if (tokens[k + 1]?.kind === 'quantifier') {
      literal = false;
      k++;
    }
    if (literal) {
      if (run) run.length++;
      else runs.push((run = { start: token.start, length: 1 }));
    } else run = undefined;
  }
  return runs;
}

/**
 * Cheap tests that must pass for the pattern to match a line: for each top-level alternative, the
 * alternative from its first literal run of three or more characters to its end. What comes before
 * that run (an optional `Cmd(...) 0x2a ...` and a lazy gap, say) costs the most to try and fails
 * last; the rest starts with a literal, which V8 finds by skipping. Undefined when some alternative
 * has no such run (then the pattern itself is the only test).
 */
export function necessarySuffixes(source: string): RegExp[] | undefined {
  // a back-reference could point at a group cut off with the prefix (and `\1` alone means U+0001)
  if (tokenize(source).some((t) => t.kind === 'backreference')) return undefined;
  const out: RegExp[] = [];
  let gain = false;
  for (const alt of topLevelAlternatives(source)) {
    const run = literalRuns(source, alt.tokens).find((r) => r.length >= 3);
    if (!run) return undefined;
    if (run.start > alt.start) gain = true;
    try {
      out.push(new RegExp(source.slice(run.start, alt.end)));
    } catch {
      return undefined;
    }
  }
  return gain ? out : undefined;
}

/**
 * True when some top-level alternative of the pattern has a quantifier (`*`, `+`, `?`, `{n,m}`)
 * before its first literal run of three or more characters: the part a quick test from
 * necessarySuffixes skips is costly there. Where it is not (`(?:Processing|Completed) policy: ...`),
 * the quick test is a second RegExp run on every line that matches.
 */
export function hasCostlyPrefix(source: string): boolean {
  return topLevelAlternatives(source).some((alt) => {
    const run = literalRuns(source, alt.tokens).find((r) => r.length >= 3);
    return run !== undefined && alt.tokens.some((t) => t.kind === 'quantifier' && t.start < run.start);
  });
}
