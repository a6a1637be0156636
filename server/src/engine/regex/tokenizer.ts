// The one reader of JavaScript RegExp source. The literal extraction, the safety check of custom
// rules, group-name stripping and the union of a family's line forms all walk these tokens, so an
// escape, a class or a group opener means the same thing to each of them.
//
// It follows the syntax of a pattern without the `u` flag (the Annex B reading), except that
// `\u{…}`, `\p{…}` and `\P{…}` are read as one escape each: a pattern is tokenized without its flags,
// and reading them as one is the cautious choice for every caller.

/** A single character: a plain one or an escape that stands for one (`\.`, `\n`, `\x41`, `\cA`). */
export interface CharToken {
  kind: 'char';
  start: number;
  end: number;
  /** UTF-16 code unit (or code point for `\u{…}`). */
  code: number;
}

/** An escape for a set of characters: `\d \D \w \W \s \S`, or a property `\p{…}` / `\P{…}`. */
export interface SetToken {
  kind: 'set';
  start: number;
  end: number;
  letter: 'd' | 'D' | 'w' | 'W' | 's' | 'S' | 'p' | 'P';
}

/** A member of a character class: one character or set, or a range between two characters. */
export interface ClassMember {
  lo: CharToken | SetToken;
  hi?: CharToken;
}

export type GroupKind = 'capture' | 'named' | 'nonCapture' | 'lookahead' | 'negativeLookahead' | 'lookbehind' | 'negativeLookbehind' | 'other';

export type RegexToken =
  | CharToken
  | SetToken
  | { kind: 'dot'; start: number; end: number }
  /** `^`, `$`, `\b`, `\B`: match no characters. */
  | { kind: 'assertion'; start: number; end: number; which: '^' | '$' | 'b' | 'B' }
  /** `\1`…, `\k<name>`. */
  | { kind: 'backreference'; start: number; end: number }
  | { kind: 'class'; start: number; end: number; negated: boolean; members: ClassMember[] }
  /** A group opener, `(` to `(?<name>`; `end` is just past the opener. */
  | { kind: 'open'; start: number; end: number; group: GroupKind; name?: string }
  | { kind: 'close'; start: number; end: number }
  | { kind: 'alternation'; start: number; end: number }
  | { kind: 'quantifier'; start: number; end: number; min: number; max: number; lazy: boolean };

const SET_LETTERS = 'dDwWsS';
const CONTROL: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11 };
const GROUP_OPENERS: [string, GroupKind][] = [
  ['(?:', 'nonCapture'],
  ['(?=', 'lookahead'],
  ['(?!', 'negativeLookahead'],
  ['(?<=', 'lookbehind'],
  ['(?<!', 'negativeLookbehind'],
];
const QUANTIFIER_BRACES = /^\{(\d+)(,(\d*))?\}/;

/** The escape that starts at `i` (the backslash); `inClass` changes what `\b` and digits mean. */
function escapeAt(src: string, i: number, inClass: boolean): RegexToken {
  const c = src[i + 1];
  const char = (code: number, end: number): CharToken => ({ kind: 'char', start: i, end, code });
  if (c === undefined) return char(92, i + 1); // a trailing backslash: a syntax error, read as itself
  if (SET_LETTERS.includes(c)) return { kind: 'set', start: i, end: i + 2, letter: c as SetToken['letter'] };
  if ((c === 'p' || c === 'P') && src[i + 2] === '{') {
    const close = src.indexOf('}', i + 3);
    return { kind: 'set', start: i, end: close < 0 ? src.length : close + 1, letter: c };
  }
  if (c in CONTROL) return char(CONTROL[c], i + 2);
  if (c === 'b') return inClass ? char(8, i + 2) : { kind: 'assertion', start: i, end: i + 2, which: 'b' };
  if (c === 'B' && !inClass) return { kind: 'assertion', start: i, end: i + 2, which: 'B' };
  if (c === 'x' && /^[0-9a-fA-F]{2}$/.test(src.slice(i + 2, i + 4))) return char(parseInt(src.slice(i + 2, i + 4), 16), i + 4);
  if (c === 'u') {
    if (/^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) return char(parseInt(src.slice(i + 2, i + 6), 16), i + 6);
    const braced = /^\{([0-9a-fA-F]+)\}/.exec(src.slice(i + 2));
    if (braced) return char(parseInt(braced[1], 16), i + 2 + braced[0].length);
  }
  if (c === 'c' && /^[A-Za-z]$/.test(src[i + 2] ?? '')) return char(src.charCodeAt(i + 2) % 32, i + 3);
  if (c === 'k' && src[i + 2] === '<' && !inClass) {
    const close = src.indexOf('>', i + 3);
    return { kind: 'backreference', start: i, end: close < 0 ? src.length : close + 1 };
  }
  if (c >= '1' && c <= '9' && !inClass) {
    let end = i + 2;
    while (end < src.length && src[end] >= '0' && src[end] <= '9') end++;
    return { kind: 'backreference', start: i, end };
  }
  if (c >= '0' && c <= '7') return char(c.charCodeAt(0) - 48, i + 2); // \0, or a legacy octal in a class
  return char(c.charCodeAt(0), i + 2); // an identity escape: \. \/ \- \z
}

/** The character class that starts at `i` (the `[`); in JavaScript its first unescaped `]` closes it. */
function classAt(src: string, i: number): RegexToken {
  let j = i + 1;
  const negated = src[j] === '^';
  if (negated) j++;
  const atoms: (CharToken | SetToken)[] = [];
  while (j < src.length && src[j] !== ']') {
    const atom = src[j] === '\\' ? escapeAt(src, j, true) : ({ kind: 'char', start: j, end: j + 1, code: src.charCodeAt(j) } as CharToken);
    // in a class an escape is a character or a set: escapeAt reads \b, \B, \k and digits so there
    atoms.push(atom as CharToken | SetToken);
    j = atom.end;
  }
  const members: ClassMember[] = [];
  for (let k = 0; k < atoms.length; k++) {
    const lo = atoms[k];
    const dash = atoms[k + 1];
    const hi = atoms[k + 2];
    // "a-z" is a range; a dash first, last or beside a set (\w-x) is the character itself
    if (dash && hi && dash.kind === 'char' && dash.end - dash.start === 1 && dash.code === 45 && lo.kind === 'char' && hi.kind === 'char') {
      members.push({ lo, hi });
      k += 2;
    } else members.push({ lo });
  }
  return { kind: 'class', start: i, end: Math.min(j + 1, src.length), negated, members };
}

function groupAt(src: string, i: number): RegexToken {
  if (src[i + 1] !== '?') return { kind: 'open', start: i, end: i + 1, group: 'capture' };
  for (const [opener, group] of GROUP_OPENERS) if (src.startsWith(opener, i)) return { kind: 'open', start: i, end: i + opener.length, group };
  const named = /^\(\?<([A-Za-z_$][\w$]*)>/.exec(src.slice(i, i + 260));
  if (named) return { kind: 'open', start: i, end: i + named[0].length, group: 'named', name: named[1] };
  return { kind: 'open', start: i, end: i + 2, group: 'other' }; // modifiers (?i:…) and syntax errors
}

function quantifierAt(src: string, i: number): RegexToken | undefined {
  const c = src[i];
  let min: number;
  let max: number;
  let end = i + 1;
  if (c === '*') ((min = 0), (max = Infinity));
  else if (c === '+') ((min = 1), (max = Infinity));
  else if (c === '?') ((min = 0), (max = 1));
  else if (c === '{') {
    const m = QUANTIFIER_BRACES.exec(src.slice(i, i + 40));
    if (!m) return undefined; // a literal "{"
    min = +m[1];
    max = m[2] === undefined ? min : m[3] === '' ? Infinity : +m[3];
    end = i + m[0].length;
  } else return undefined;
  const lazy = src[end] === '?';
  return { kind: 'quantifier', start: i, end: lazy ? end + 1 : end, min, max, lazy };
}

function tokenAt(src: string, i: number): RegexToken {
  const c = src[i];
  switch (c) {
    case '\\':
      return escapeAt(src, i, false);
    case '[':
      return classAt(src, i);
    case '(':
      return groupAt(src, i);
    case ')':
      return { kind: 'close', start: i, end: i + 1 };
    case '|':
      return { kind: 'alternation', start: i, end: i + 1 };
    case '.':
      return { kind: 'dot', start: i, end: i + 1 };
    case '^':
    case '$':
      return { kind: 'assertion', start: i, end: i + 1, which: c };
    default:
      return quantifierAt(src, i) ?? { kind: 'char', start: i, end: i + 1, code: src.charCodeAt(i) };
  }
}

const tokenized = new Map<string, readonly RegexToken[]>();

/** The tokens of a pattern's source, in order; their spans cover the source without gaps. */
export function tokenize(source: string): readonly RegexToken[] {
  let known = tokenized.get(source);
  if (!known) {
    const out: RegexToken[] = [];
    for (let i = 0; i < source.length;) {
      const token = tokenAt(source, i);
      out.push(token);
      i = token.end;
    }
    if (tokenized.size >= 4096) tokenized.clear();
    tokenized.set(source, (known = out));
  }
  return known;
}

/** The token's text in `source`. */
export function textOf(source: string, token: { start: number; end: number }): string {
  return source.slice(token.start, token.end);
}

/** True for a token that stands for one fixed character written as itself or as `\` and a punctuation mark. */
export function isLiteralChar(source: string, token: RegexToken): boolean {
  return token.kind === 'char' && (token.end - token.start === 1 || !/[A-Za-z0-9]/.test(source[token.start + 1] ?? ''));
}

/** Index in `tokens` of the `close` that ends the group opened at `open`, or tokens.length. */
export function closingIndex(tokens: readonly RegexToken[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    if (tokens[k].kind === 'open') depth++;
    else if (tokens[k].kind === 'close' && --depth === 0) return k;
  }
  return tokens.length;
}

/** The pattern with each named group's opener replaced (`(?:` unless told): its matches stay, its names go. */
export function withoutGroupNames(source: string, opener = '(?:'): string {
  let out = '';
  let from = 0;
  for (const token of tokenize(source)) {
    if (token.kind !== 'open' || token.group !== 'named') continue;
    out += source.slice(from, token.start) + opener;
    from = token.end;
  }
  return from === 0 ? source : out + source.slice(from);
}

/** The source split at its top-level `|`: spans of the source, one per alternative. */
export function topLevelAlternatives(source: string): { start: number; end: number; tokens: readonly RegexToken[] }[] {
  const tokens = tokenize(source);
  const alts: { start: number; end: number; tokens: readonly RegexToken[] }[] = [];
  let depth = 0;
  let first = 0;
  let start = 0;
  for (let k = 0; k <= tokens.length; k++) {
    const token = tokens[k];
    if (token?.kind === 'open') depth++;
    else if (token?.kind === 'close') depth--;
    else if (!token || (token.kind === 'alternation' && depth === 0)) {
      const end = token ? token.start : source.length;
      alts.push({ start, end, tokens: tokens.slice(first, k) });
      start = token ? token.end : end;
      first = k + 1;
    }
  }
  return alts;
}
