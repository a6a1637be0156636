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

function better(a: string[] | null, b: string[] | null): string[] | null {
  const sa = literalScore(a);
  const sb = literalScore(b);
  if (sa !== sb) return sa > sb ? a : b;
  if (!a || !b) return a ?? b;
  return a.length <= b.length ? a : b;
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
  constructor(source: string) {
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
      if (run) best = better(best, run);
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
      best = better(best, term.required);
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
 * has none (or uses syntax this reader does not follow).
 */
export function requiredLiterals(source: string): string[] | undefined {
  // each pattern is read once, however many matchers (one per family) and callers ask
  let known = readPatterns.get(source);
  if (known === undefined) {
    known = readRequiredLiterals(source) ?? null;
    if (readPatterns.size >= 4096) readPatterns.clear();
    readPatterns.set(source, known);
  }
  return known ? [...known] : undefined;
}

const readPatterns = new Map<string, string[] | null>();

function readRequiredLiterals(source: string): string[] | undefined {
  try {
    const info = new Parser(source).parse();
    const set = better(info.required, info.exact);
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
export function searchLiterals(patterns: readonly string[], prefilters: readonly string[], samples: readonly string[]): string[] {
  const derived = new Set<string>();
  for (const p of patterns) {
    const set = requiredLiterals(p);
    if (!set) return [...prefilters];
    for (const s of set) derived.add(s);
  }
  const list = [...derived];
  if (literalScore(list) < literalScore([...prefilters])) return [...prefilters];
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
