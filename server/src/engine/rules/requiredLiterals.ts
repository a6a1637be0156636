// Literals that every match of a pattern contains: a line without one of them cannot match, so the
// literal search (literalFinder.ts) may look for them instead of the rule's prefilter when they are
// longer and so rarer. `status(?::|=)? ?25` needs one of six strings like "status: 25" and is a
// far better guard than its prefilter "25", which every timestamp and counter contains.
//
// A small parser of JavaScript RegExp source reduces each part of a pattern to the finite set of
// strings it can match (when that set is small) and, for a sequence, multiplies out runs of such
// parts. Anything it does not understand gives "no literal": the caller keeps the prefilter.

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
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Info {
    const info = this.disjunction();
    if (this.i !== this.src.length) throw new Unsupported('trailing');
    return info;
  }

  private peek(): string | undefined {
    return this.src[this.i];
  }

  private disjunction(): Info {
    let info = this.alternative();
    while (this.peek() === '|') {
      this.i++;
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
    while (this.i < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
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
    const q = this.quantifier();
    if (!q) return atom;
    const [min, max] = q;
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

  private quantifier(): [number, number] | undefined {
    const c = this.peek();
    let q: [number, number] | undefined;
    if (c === '*') q = [0, Infinity];
    else if (c === '+') q = [1, Infinity];
    else if (c === '?') q = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return undefined; // a literal "{"
      this.i += m[0].length - 1;
      q = [+m[1], m[2] ? (m[3] ? +m[3] : Infinity) : +m[1]];
    }
    if (!q) return undefined;
    this.i++;
    if (this.peek() === '?') this.i++; // lazy: the same strings
    return q;
  }

  private atom(): Info {
    const c = this.src[this.i++];
    switch (c) {
      case '^':
      case '$':
        return EMPTY;
      case '.':
        return ANY;
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '\\':
        return this.escape(false) as Info;
      case ')':
      case '|':
      case '*':
      case '+':
      case '?':
        throw new Unsupported(c);
      default:
        return { exact: [c], required: null };
    }
  }

  private group(): Info {
    let lookaround = false;
    if (this.src.startsWith('?:', this.i)) this.i += 2;
    else if (/^\?<?[=!]/.test(this.src.slice(this.i, this.i + 3))) {
      lookaround = true;
      this.i += this.src[this.i + 1] === '<' ? 3 : 2;
    } else if (this.src.startsWith('?<', this.i)) {
      const end = this.src.indexOf('>', this.i);
      if (end < 0) throw new Unsupported('group name');
      this.i = end + 1;
    } else if (this.peek() === '?') throw new Unsupported('group kind');
    const inner = this.disjunction();
    if (this.src[this.i++] !== ')') throw new Unsupported('unclosed group');
    return lookaround ? EMPTY : inner; // a look-around matches no characters
  }

  /** An escape; in a class, its code point(s) as ranges, or null for a class escape (\d ...). */
  private escape(inClass: boolean): Info | [number, number][] | null {
    const c = this.src[this.i++];
    if (c === undefined) throw new Unsupported('trailing backslash');
    const char = (code: number): Info | [number, number][] => (inClass ? [[code, code]] : { exact: [String.fromCharCode(code)], required: null });
    switch (c) {
      case 'd':
        return inClass ? [[48, 57]] : { exact: charsOf([[48, 57]]), required: null };
      case 'D':
      case 'w':
      case 'W':
      case 's':
      case 'S':
        return inClass ? null : ANY;
      case 'b':
        return inClass ? char(8) : EMPTY;
      case 'B':
        if (inClass) throw new Unsupported('\\B in class');
        return EMPTY;
      case 'n':
        return char(10);
      case 'r':
        return char(13);
      case 't':
        return char(9);
      case 'f':
        return char(12);
      case 'v':
        return char(11);
      case '0':
        return char(0);
      case 'x': {
        const m = /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.i));
        if (!m) throw new Unsupported('\\x');
        this.i += 2;
        return char(parseInt(m[0], 16));
      }
      case 'u': {
        const m = /^[0-9a-fA-F]{4}/.exec(this.src.slice(this.i));
        if (!m) throw new Unsupported('\\u');
        this.i += 4;
        return char(parseInt(m[0], 16));
      }
      case 'c':
      case 'k':
      case 'p':
      case 'P':
        throw new Unsupported(`\\${c}`);
      default:
        if (/[1-9]/.test(c)) throw new Unsupported('backreference');
        return char(c.charCodeAt(0));
    }
  }

  private charClass(): Info {
    let negated = false;
    if (this.peek() === '^') (negated = true), this.i++;
    const ranges: [number, number][] = [];
    let open = false; // a class escape (\w, \s ...) inside: too wide to list
    while (this.i < this.src.length && this.peek() !== ']') {
      const lo = this.classAtom();
      if (lo === null) {
        open = true;
        continue;
      }
      if (this.peek() === '-' && this.src[this.i + 1] !== ']' && this.i + 1 < this.src.length) {
        this.i++;
        const hi = this.classAtom();
        if (hi === null || lo.length !== 1 || hi.length !== 1) throw new Unsupported('class range');
        ranges.push([lo[0][0], hi[0][0]]);
      } else ranges.push(...lo);
    }
    if (this.src[this.i++] !== ']') throw new Unsupported('unclosed class');
    if (negated || open) return ANY;
    return { exact: charsOf(ranges), required: null };
  }

  private classAtom(): [number, number][] | null {
    const c = this.src[this.i++];
    if (c === '\\') return this.escape(true) as [number, number][] | null;
    return [[c.charCodeAt(0), c.charCodeAt(0)]];
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
const META = new Set([...'.^$|()[]{}*+?\\']);

/** The top-level alternatives of a pattern source. */
function topAlternatives(src: string): string[] {
  const alts: string[] = [];
  let depth = 0;
  let start = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      alts.push(src.slice(start, i));
      start = i + 1;
    }
  }
  alts.push(src.slice(start));
  return alts;
}

/** Offsets where the top-level literal runs of one alternative start, with their lengths. */
const QUANTIFIER = /^(?:[*+?]|\{\d+(?:,\d*)?\})[?+]?/;

function literalRuns(src: string): { start: number; length: number }[] {
  const runs: { start: number; length: number }[] = [];
  let run: { start: number; length: number } | undefined;
  for (let i = 0; i < src.length; ) {
    const begin = i;
    const c = src[i];
    let literal = false;
    if (c === '\\') {
      literal = i + 1 < src.length && !/[A-Za-z0-9]/.test(src[i + 1]);
      i += 2;
    } else if (c === '[') {
      i++;
      if (src[i] === '^') i++;
      if (src[i] === ']') i++;
      while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '(') {
      let depth = 0;
      let inClass = false;
      for (; i < src.length; i++) {
        const d = src[i];
        if (d === '\\') {
          i++;
          continue;
        }
        if (inClass) {
          if (d === ']') inClass = false;
        } else if (d === '[') inClass = true;
        else if (d === '(') depth++;
        else if (d === ')' && --depth === 0) {
          i++;
          break;
        }
      }
    } else {
      literal = !META.has(c);
      i++;
    }
    // a quantifier makes the atom before it optional or repeated, and its own characters ("{0,300}?") are no literal
    const quantifier = i < src.length && '*+?{'.includes(src[i]) ? QUANTIFIER.exec(src.slice(i, i + 24)) : null;
    if (quantifier) {
      literal = false;
      i += quantifier[0].length;
    }
    if (literal) {
      if (run) run.length++;
      else runs.push((run = { start: begin, length: 1 }));
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
  if (/\\[1-9]|\\k</.test(source)) return undefined;
  const out: RegExp[] = [];
  let gain = false;
  for (const alt of topAlternatives(source)) {
    const run = literalRuns(alt).find((r) => r.length >= 3);
    if (!run) return undefined;
    if (run.start > 0) gain = true;
    try {
      out.push(new RegExp(alt.slice(run.start)));
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
  return topAlternatives(source).some((alt) => {
    const run = literalRuns(alt).find((r) => r.length >= 3);
    // escapes and group openers ("(?:", "(?<name>", look-arounds) hold no quantifier
    const prefix = alt.slice(0, run?.start ?? 0).replace(/\\./g, '').replace(/\(\?(?:<[A-Za-z_$][\w$]*>|<?[=!]|:)/g, '(');
    return run !== undefined && /[*+?{]/.test(prefix);
  });
}
