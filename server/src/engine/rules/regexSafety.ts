import * as vm from 'vm';

// JavaScript's RegExp backtracks: a pattern such as `(a+)+$` or `.*x.*y` takes exponential or
// polynomial time on a line built to defeat it, and a customer's log can hold such a line. Two checks:
// a static one (no repeated group that itself holds an unbounded quantifier) and a measured one
// (the pattern run on long adversarial lines in a sandbox with a time limit, which can interrupt it).

/** Longest line a custom rule's pattern is run on; longer lines are left to the built-in rules. */
export const CUSTOM_RULE_MAX_LINE = 64 * 1024;

interface Frame {
  start: number;
  /** Atoms repeated without bound inside the group (nested groups included); null for a repeated group. */
  loops: (string | null)[];
  /** Characters the group's own sequence must contain (literals that are not optional). */
  literals: string[];
  /** The group has a top-level `|`. */
  alternation: boolean;
}

/** Index just past the escape sequence that starts at `i` (the backslash). */
function skipEscape(source: string, i: number): number {
  const next = source[i + 1];
  if ((next === 'p' || next === 'P' || next === 'u') && source[i + 2] === '{') {
    const close = source.indexOf('}', i + 3);
    return close < 0 ? source.length : close + 1;
  }
  if (next === 'k' && source[i + 2] === '<') {
    const close = source.indexOf('>', i + 3);
    return close < 0 ? source.length : close + 1;
  }
  if (next === 'x') return i + 4;
  if (next === 'u') return i + 6;
  if (next === 'c') return i + 3;
  return i + 2;
}

/** Index just past the character class that starts at `i` (the `[`). */
function skipClass(source: string, i: number): number {
  for (let j = i + 1; j < source.length; j++) {
    // in JavaScript the first unescaped `]` always closes the class (`[]` and `[^]` included)
    if (source[j] === '\\') j = skipEscape(source, j) - 1;
    else if (source[j] === ']') return j + 1;
  }
  return source.length;
}

/** The quantifier at `i`, if any: its largest repeat count and where it ends. */
function quantifierAt(source: string, i: number): { max: number; end: number } | undefined {
  const c = source[i];
  let max: number;
  let end: number;
  if (c === '*' || c === '+') (max = Infinity), (end = i + 1);
  else if (c === '?') (max = 1), (end = i + 1);
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i, i + 24));
    if (!m) return undefined;
    max = m[2] === undefined ? +m[1] : m[3] === '' ? Infinity : +m[3];
    end = i + m[0].length;
  } else return undefined;
  if (source[end] === '?') end++;
  return { max, end };
}

/**
 * A repeated group whose every iteration holds a character that none of its inner loops can
 * match, e.g. `(?:,\d+)*` or `(?:[\w.]+\/)+`: the iterations cannot trade characters, so the
 * repetition is unambiguous and cannot blow up.
 */
function delimited(group: Frame, flags: string): boolean {
  if (group.alternation) return false;
  const caseFlags = flags.replace(/[^isuv]/g, '');
  return group.literals.some((ch) =>
    group.loops.every((atom) => {
      if (atom === null) return false;
      try {
        return !new RegExp(`^(?:${atom})$`, caseFlags).test(ch);
      } catch {
        return false;
      }
    }),
  );
}

/**
 * Finds a repeated group that holds an unbounded quantifier, e.g. `(a+)+`, `(?:\w+\s?)*` or
 * `(x*){2,}`: the shape that backtracks exponentially. Returns a one-line reason, or undefined.
 * A group whose iterations are separated by a character its loops cannot match is allowed.
 */
export function nestedQuantifierProblem(source: string, flags = ''): string | undefined {
  const newFrame = (start: number): Frame => ({ start, loops: [], literals: [], alternation: false });
  const stack: Frame[] = [newFrame(0)];
  let last: { src: string; literal?: string; group?: Frame } | undefined; // the atom a quantifier would repeat
  for (let i = 0; i < source.length; ) {
    const c = source[i];
    const top = stack[stack.length - 1];
    const q = last ? quantifierAt(source, i) : undefined;
    if (q && last) {
      const min = source[i] === '+' ? 1 : source[i] === '{' ? +/\d+/.exec(source.slice(i))![0] : 0;
      if (last.group?.loops.length && q.max > 1 && !delimited(last.group, flags)) {
        return `nested quantifier: the group "${last.src}" holds a * or + and is itself repeated by "${source.slice(i, q.end)}", which can backtrack exponentially`;
      }
      if (q.max === Infinity) top.loops.push(last.group ? null : last.src);
      if (last.literal !== undefined && min === 0) top.literals.splice(top.literals.lastIndexOf(last.literal), 1);
      last = undefined;
      i = q.end;
      continue;
    }
    if (c === '\\') {
      const end = skipEscape(source, i);
      const src = source.slice(i, end);
      const literal = src.length === 2 && /[^A-Za-z0-9]/.test(src[1]) ? src[1] : undefined;
      if (literal !== undefined) top.literals.push(literal);
      last = { src, literal };
      i = end;
    } else if (c === '[') {
      const end = skipClass(source, i);
      last = { src: source.slice(i, end) };
      i = end;
    } else if (c === '(') {
      stack.push(newFrame(i));
      last = undefined;
      // the group's kind is not part of what it matches: (?:  (?=  (?!  (?<=  (?<!  (?<name>
      const kind = /^\(\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(source.slice(i, i + 40));
      i += kind ? kind[0].length : 1;
    } else if (c === ')') {
      const closed = stack.length > 1 ? stack.pop()! : newFrame(0);
      stack[stack.length - 1].loops.push(...closed.loops);
      last = { src: source.slice(closed.start, i + 1), group: closed };
      i++;
    } else if (c === '|') {
      top.alternation = true;
      last = undefined;
      i++;
    } else if (c === '^' || c === '$') {
      last = undefined;
      i++;
    } else {
      if (c !== '.') top.literals.push(c);
      last = { src: c, literal: c === '.' ? undefined : c };
      i++;
    }
  }
  return undefined;
}

/** Characters every atom's set is probed with, besides the pattern's own alphabet. */
const PROBES = 'xA0 9:-/._#\t';

/** Index of the `)` that closes the group opening at `i`. */
function groupEnd(source: string, i: number): number {
  let depth = 0;
  for (let j = i; j < source.length; j++) {
    const c = source[j];
    if (c === '\\') j = skipEscape(source, j) - 1;
    else if (c === '[') j = skipClass(source, j) - 1;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j;
  }
  return source.length;
}

interface LoopChain {
  /** Probe characters every loop of the chain and every atom between them can match. */
  shared: string[];
  loops: string[];
}

/**
 * Finds unbounded loops in sequence that can match the same characters, with nothing between them
 * that tells them apart, e.g. `.*\d.*`, `\d+\d+` or `\w+_\w*`: a run of those characters can be
 * split between the loops in many ways, and a failing match tries them all, polynomial in the line
 * length (cubic for `.*x.*y`, quintic for `.*\d.*\d.*\d.*Q`), a second's work on a line of a few
 * thousand characters. Zero-width atoms and group parentheses are looked through; `|`,
 * back-references and repeated groups end a sequence (the nested-quantifier check covers the latter).
 */
export function overlappingLoopsProblem(source: string, flags = ''): string | undefined {
  const probes = [...new Set([...patternAlphabet(source), ...PROBES])];
  const caseFlags = flags.replace(/[^isuv]/g, '');
  const setOf = (atom: string): string[] => {
    try {
      const re = new RegExp(`^(?:${atom})$`, caseFlags);
      return probes.filter((ch) => re.test(ch));
    } catch {
      return [];
    }
  };
  let chains: LoopChain[] = [];
  for (let i = 0; i < source.length; ) {
    const c = source[i];
    let atom: string;
    let end: number;
    if (c === '(') {
      const look = /^\(\?(?:=|!|<=|<!)/.exec(source.slice(i, i + 4));
      if (look) {
        i = groupEnd(source, i) + 1; // zero-width: looked through
        const q = quantifierAt(source, i);
        if (q) i = q.end;
        continue;
      }
      const kind = /^\(\?(?::|<[A-Za-z_$][\w$]*>)/.exec(source.slice(i, i + 40));
      i += kind ? kind[0].length : 1;
      continue;
    }
    if (c === ')') {
      const q = quantifierAt(source, i + 1);
      if (q && q.max > 1) chains = []; // a repeated group: its own check
      i = q ? q.end : i + 1;
      continue;
    }
    if (c === '|') {
      chains = [];
      i++;
      continue;
    }
    if (c === '^' || c === '$') {
      i++;
      continue;
    }
    if (c === '\\') {
      end = skipEscape(source, i);
      atom = source.slice(i, end);
      if (/^\\[bB]$/.test(atom)) {
        i = end;
        continue;
      }
      if (/^\\(?:[1-9]|k<)/.test(atom)) {
        chains = [];
        i = end;
        continue;
      }
    } else if (c === '[') {
      end = skipClass(source, i);
      atom = source.slice(i, end);
    } else {
      end = i + 1;
      atom = c;
    }
    const q = quantifierAt(source, end);
    const set = setOf(atom);
    const min = !q ? 1 : source[end] === '+' ? 1 : source[end] === '{' ? +/\d+/.exec(source.slice(end))![0] : 0;
    i = q ? q.end : end;
    if (q && q.max === Infinity) {
      const next: LoopChain[] = [{ shared: set, loops: [atom + source.slice(end, q.end)] }];
      for (const chain of chains) {
        const shared = chain.shared.filter((ch) => set.includes(ch));
        if (!shared.length) continue;
        const loops = [...chain.loops, atom + source.slice(end, q.end)];
        return `overlapping loops: ${loops.map((l) => `"${l}"`).join(' and ')} can match the same characters (e.g. ${JSON.stringify(shared[0])}) with nothing between them that only one can match, which backtracks polynomially on a long line`;
      }
      chains = [...chains, ...next];
    } else if (min > 0) {
      // a required atom between loops: only the characters it shares with them keep them ambiguous
      chains = chains.map((chain) => ({ ...chain, shared: chain.shared.filter((ch) => set.includes(ch)) })).filter((chain) => chain.shared.length);
    }
  }
  return undefined;
}

const CLASS_SAMPLES: Record<string, string> = { d: '09', D: 'a:', w: 'a_Z', W: ' -', s: ' \t', S: 'a:', b: '', B: '' };

/** Characters the pattern can loop on: its literals and one or two members of each class it names. */
export function patternAlphabet(source: string): string[] {
  const chars = new Set<string>(['a', '0', ' ']);
  const add = (s: string) => {
    for (const ch of s) chars.add(ch);
  };
  const escaped = (seq: string): string => {
    const n = seq[1];
    if (n in CLASS_SAMPLES) return CLASS_SAMPLES[n];
    if (n === 'x' && /^\\x[0-9a-fA-F]{2}$/.test(seq)) return String.fromCharCode(parseInt(seq.slice(2), 16));
    if (n === 'u' && /^\\u[0-9a-fA-F]{4}$/.test(seq)) return String.fromCharCode(parseInt(seq.slice(2), 16));
    if (n === 't') return '\t';
    if (n === 'n' || n === 'r' || n === 'p' || n === 'P' || n === 'k' || /\d/.test(n)) return '';
    return n ?? '';
  };
  for (let i = 0; i < source.length; ) {
    const c = source[i];
    if (c === '\\') {
      const end = skipEscape(source, i);
      add(escaped(source.slice(i, end)));
      i = end;
    } else if (c === '[') {
      const end = skipClass(source, i);
      const body = source.slice(i + 1, end - 1);
      const negated = body.startsWith('^');
      for (let j = negated ? 1 : 0; j < body.length; ) {
        if (body[j] === '\\') {
          const e = skipEscape(body, j);
          add(escaped(body.slice(j, e)));
          j = e;
        } else {
          chars.add(body[j]);
          j += body[j + 1] === '-' && body[j + 2] !== undefined ? 3 : 1; // a range: its first member
        }
      }
      if (negated) add('x;');
      i = end;
    } else if (c === '.') {
      add('x');
      i++;
    } else if ('()|^$*+?{}'.includes(c)) {
      i++;
    } else {
      chars.add(c);
      i++;
    }
  }
  chars.delete('');
  return [...chars].slice(0, 40);
}

/** Where a sample changes from one kind of character to another: where a pattern's loops start. */
function boundaries(sample: string, most: number): number[] {
  const kind = (ch: string) => (/\d/.test(ch) ? 'd' : /[A-Za-z_]/.test(ch) ? 'w' : /\s/.test(ch) ? 's' : ch);
  const out: number[] = [];
  for (let k = 0; k < sample.length && out.length < most; k++) if (k === 0 || kind(sample[k]) !== kind(sample[k - 1])) out.push(k);
  return out;
}

export interface AdversarialOptions {
  /** Lines the pattern is meant to match: their prefixes, pumped, make near misses. */
  samples?: readonly string[];
  /** Length of every generated line (characters); 100 000 unless told. */
  length?: number;
  /** Characters of the pattern's alphabet made into runs (all of them unless told). */
  maxAlphabet?: number;
  /** Characters of the alphabet whose pairs are made into alternating runs. */
  pairAlphabet?: number;
  /** Places in each sample where one part of it is pumped. */
  maxBoundaries?: number;
  /** Also each run without the failing NUL at its end. */
  unterminated?: boolean;
}

/**
 * Long lines built to defeat a backtracking pattern: runs of each character it loops on, runs of
 * pairs of them, and near misses (a sample's prefix, then one part of it repeated), each ending in a
 * NUL so that nothing after the loop can match.
 */
export function adversarialInputs(source: string, options: AdversarialOptions = {}): string[] {
  const length = options.length ?? 100_000;
  const alphabet = patternAlphabet(source).slice(0, options.maxAlphabet ?? Infinity);
  const out: string[] = [];
  for (const c of alphabet) {
    out.push(c.repeat(length) + '\u0000');
    if (options.unterminated) out.push(c.repeat(length));
  }
  const few = alphabet.slice(0, options.pairAlphabet ?? 10);
  for (const a of few) for (const b of few) if (a < b) out.push((a + b).repeat(length / 2) + '\u0000');
  for (const sample of options.samples ?? []) {
    const line = sample.split('\n')[0];
    for (const k of boundaries(line, options.maxBoundaries ?? 48)) {
      const head = line.slice(0, k);
      for (const unit of [line[k], line.slice(k, k + 2), line.slice(k, k + 3)]) {
        if (!unit) continue;
        out.push(head + unit.repeat(Math.ceil(length / unit.length)) + '\u0000');
      }
    }
    out.push(line + 'a'.repeat(length), line + ' '.repeat(length) + '\u0000', line.repeat(Math.ceil(length / Math.max(1, line.length))));
  }
  return out;
}

export interface TimedResult {
  /** Slowest single input, milliseconds. */
  worstMs: number;
  worstInput: number;
  totalMs: number;
  /** The sandbox's time limit stopped the run. */
  timedOut: boolean;
}

const SANDBOX_SCRIPT = `
  let worstMs = 0, worstInput = -1;
  const t0 = now();
  for (let i = 0; i < inputs.length; i++) {
    flatten.test(inputs[i]); // a concatenated string is copied flat on first use: not the pattern's time
    let ms = Infinity;
    // the best of up to three runs, so that a garbage collection does not count as backtracking
    for (let run = 0; run < 3 && ms > retryAboveMs; run++) {
      const t = now();
      re.exec(inputs[i]);
      ms = Math.min(ms, now() - t);
    }
    if (ms > worstMs) { worstMs = ms; worstInput = i; }
    if (ms > stopAboveMs) break; // one slow line is enough to judge
  }
  ({ worstMs, worstInput, totalMs: now() - t0 });
`;

/**
 * Runs the pattern once on each input inside a sandbox whose time limit interrupts even a
 * catastrophic backtrack (V8 checks for interrupts while matching).
 */
export function timeRegex(re: RegExp, inputs: readonly string[], limitMs: number, stopAboveMs = Infinity): TimedResult {
  const context = vm.createContext({
    re: new RegExp(re.source, re.flags.replace(/[gy]/g, '')),
    flatten: /^/,
    inputs,
    retryAboveMs: Math.min(5, limitMs / 10),
    stopAboveMs,
    now: () => performance.now(),
  });
  const started = performance.now();
  try {
    const r = vm.runInContext(SANDBOX_SCRIPT, context, { timeout: limitMs }) as Omit<TimedResult, 'timedOut'>;
    return { ...r, timedOut: false };
  } catch (e) {
    if (!/timed out/i.test((e as Error).message)) throw e;
    return { worstMs: performance.now() - started, worstInput: -1, totalMs: performance.now() - started, timedOut: true };
  }
}

/** A pattern slower than this on one adversarial line is rejected (a linear one takes about a millisecond). */
export const PER_LINE_BUDGET_MS = 100;
const TOTAL_LIMIT_MS = 1500;

/**
 * Why a user's pattern is unsafe to run on customer logs, or undefined: the static check, then the
 * measured one on adversarial lines. The message says what to change.
 */
export function regexSafetyProblem(source: string, flags = '', samples: readonly string[] = []): string | undefined {
  // a rules file is checked again after every change and trust change: a pattern is timed once
  const key = `${flags}/${source}\u0000${samples.join('\n')}`;
  if (checked.has(key)) return checked.get(key);
  const problem = uncachedSafetyProblem(source, flags, samples);
  if (checked.size >= CHECKED_CACHE) checked.delete(checked.keys().next().value!);
  checked.set(key, problem);
  return problem;
}

/** Verdicts of regexSafetyProblem by pattern, flags and samples (the oldest forgotten first). */
const checked = new Map<string, string | undefined>();
const CHECKED_CACHE = 20_000;

function uncachedSafetyProblem(source: string, flags: string, samples: readonly string[]): string | undefined {
  const nested = nestedQuantifierProblem(source, flags);
  if (nested) return `${nested}; rewrite it without a repeated group that contains * or +`;
  const overlapping = overlappingLoopsProblem(source, flags);
  if (overlapping) return `${overlapping}; anchor the pattern on literal text and use a character class that excludes what follows (e.g. [^:]* before ":")`;
  const inputs = adversarialInputs(source, { samples, length: 50_000, maxAlphabet: 24, pairAlphabet: 8, maxBoundaries: 16 });
  const r = timeRegex(new RegExp(source, flags), inputs, TOTAL_LIMIT_MS, PER_LINE_BUDGET_MS);
  if (r.timedOut) return `backtracks catastrophically: it did not finish within ${TOTAL_LIMIT_MS} ms on long adversarial lines`;
  if (r.worstMs > PER_LINE_BUDGET_MS) {
    return `backtracks super-linearly: ${Math.round(r.worstMs)} ms on one adversarial line of ${inputs[r.worstInput].length} characters (limit ${PER_LINE_BUDGET_MS} ms); avoid overlapping loops such as .*x.* or \\d+\\d+`;
  }
  return undefined;
}
