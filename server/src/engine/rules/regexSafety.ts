import * as vm from 'vm';
import type { GroupKind } from '../regex/tokenizer';
import { closingIndex, isLiteralChar, textOf, tokenize } from '../regex/tokenizer';

const LOOKAROUNDS = new Set<GroupKind>(['lookahead', 'negativeLookahead', 'lookbehind', 'negativeLookbehind']);

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
  for (const token of tokenize(source)) {
    const top = stack[stack.length - 1];
    const text = textOf(source, token);
    if (token.kind === 'quantifier') {
      if (!last) continue; // nothing to repeat: a syntax error the compiler reports
      if (last.group?.loops.length && token.max > 1 && !delimited(last.group, flags)) {
        return `nested quantifier: the group "${last.src}" holds a * or + and is itself repeated by "${text}", which can backtrack exponentially`;
      }
      if (token.max === Infinity) top.loops.push(last.group ? null : last.src);
      if (last.literal !== undefined && token.min === 0) top.literals.splice(top.literals.lastIndexOf(last.literal), 1);
      last = undefined;
    } else if (token.kind === 'open') {
      // the group's kind is not part of what it matches: (?:  (?=  (?!  (?<=  (?<!  (?<name>
      stack.push(newFrame(token.start));
      last = undefined;
    } else if (token.kind === 'close') {
      const closed = stack.length > 1 ? stack.pop()! : newFrame(0);
      stack[stack.length - 1].loops.push(...closed.loops);
      last = { src: source.slice(closed.start, token.end), group: closed };
    } else if (token.kind === 'alternation') {
      top.alternation = true;
      last = undefined;
    } else if (token.kind === 'assertion' && (token.which === '^' || token.which === '$')) {
      last = undefined;
    } else {
      // a character that is written as itself or as an escaped punctuation mark must appear
      const literal = isLiteralChar(source, token) ? String.fromCharCode((token as { code: number }).code) : undefined;
      if (literal !== undefined) top.literals.push(literal);
      last = { src: text, literal };
    }
  }
  return undefined;
}

/** Characters every atom's set is probed with, besides the pattern's own alphabet. */
const PROBES = 'xA0 9:-/._#\t';

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
  const tokens = tokenize(source);
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    const next = tokens[k + 1];
    const q = next?.kind === 'quantifier' ? next : undefined;
    if (token.kind === 'open') {
      if (LOOKAROUNDS.has(token.group)) {
        k = closingIndex(tokens, k); // zero-width: looked through
        if (tokens[k + 1]?.kind === 'quantifier') k++;
      }
      continue;
    }
    if (token.kind === 'close') {
      if (q && q.max > 1) chains = []; // a repeated group: its own check
      if (q) k++;
      continue;
    }
    if (token.kind === 'alternation' || token.kind === 'backreference') {
      chains = [];
      continue;
    }
    if (token.kind === 'assertion' || token.kind === 'quantifier') continue;
    const atom = textOf(source, token);
    const set = setOf(atom);
    if (q) k++;
    if (q && q.max === Infinity) {
      const loop = atom + textOf(source, q);
      for (const chain of chains) {
        const shared = chain.shared.filter((ch) => set.includes(ch));
        if (!shared.length) continue;
        const loops = [...chain.loops, loop];
        return `overlapping loops: ${loops.map((l) => `"${l}"`).join(' and ')} can match the same characters (e.g. ${JSON.stringify(shared[0])}) with nothing between them that only one can match, which backtracks polynomially on a long line`;
      }
      chains = [...chains, { shared: set, loops: [loop] }];
    } else if (!q || q.min > 0) {
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
  const written = (token: { start: number; end: number }): string => {
    const text = textOf(source, token);
    return text.startsWith('\\') ? escaped(text) : text;
  };
  for (const token of tokenize(source)) {
    if (token.kind === 'char' || token.kind === 'set') add(written(token));
    else if (token.kind === 'dot') add('x');
    // the characters of group openers and counts ("(?:", "(?<name>", "{1,32}") are probes too: the
    // measured check was tuned with them, and ':', '<', '>' and digits are common in log text
    else if (token.kind === 'open' || token.kind === 'quantifier') add(textOf(source, token).replace(/[()|^$*+?{}]/g, ''));
    else if (token.kind === 'class') {
      // a range gives its first member
      for (const { lo } of token.members) add(written(lo));
      if (token.negated) add('x;');
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

// a function, so that the script runs again in the same context (its declarations are its own)
const SANDBOX_SCRIPT = `(() => {
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
  return { worstMs, worstInput, totalMs: now() - t0 };
})()`;

/**
 * Runs the pattern once on each input inside a sandbox whose time limit interrupts even a
 * catastrophic backtrack (V8 checks for interrupts while matching).
 */
export function timeRegex(re: RegExp, inputs: readonly string[], limitMs: number, stopAboveMs = Infinity): TimedResult {
  // one sandbox for every pattern: a context and its compiled script per pattern cost more than
  // timing a linear pattern does (thousands of custom rules are checked at a time)
  sandbox ??= { context: vm.createContext({ flatten: /^/, now: () => performance.now() }), script: new vm.Script(SANDBOX_SCRIPT) };
  const { context, script } = sandbox;
  Object.assign(context, { re: new RegExp(re.source, re.flags.replace(/[gy]/g, '')), inputs, retryAboveMs: Math.min(5, limitMs / 10), stopAboveMs });
  const started = performance.now();
  try {
    const r = script.runInContext(context, { timeout: limitMs }) as Omit<TimedResult, 'timedOut'>;
    return { ...r, timedOut: false };
  } catch (e) {
    if (!/timed out/i.test((e as Error).message)) throw e;
    return { worstMs: performance.now() - started, worstInput: -1, totalMs: performance.now() - started, timedOut: true };
  } finally {
    Object.assign(context, { re: undefined, inputs: undefined }); // the inputs are megabytes
  }
}

let sandbox: { context: vm.Context; script: vm.Script } | undefined;

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
