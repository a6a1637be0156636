// Builds syntaxes/*.tmLanguage.json from the sources in syntaxes/src/*.json, shaped for speed in
// vscode-textmate + vscode-oniguruma 2 (the engine VS Code runs). `npm run build` writes them (they
// are not committed). Edit the sources, then run
//   node scripts/build-grammars.mjs                    writes the grammars
//   node scripts/build-grammars.mjs --check            exits 1 if a grammar in syntaxes/ differs from its source
//   node scripts/build-grammars.mjs --reference DIR    writes reference grammars (message tokens kept as
//                                                      one pattern each) for the equivalence test
//
// A source is an ordinary TextMate grammar with one convention: a repository entry
// `{ "tokens": ["#rule", ..., "common"] }` is a list of message tokens, tried in that order, where
// "common" stands for the list `message` of logtriage-common.json and "common:<key>" for its list
// <key> (`generic`: the tokens without VMware SCSI and NDMP ones, for NetBackup, XenServer, syslog).
//
// Why the output looks the way it does. vscode-oniguruma 2 searches a line shorter than 1,000
// bytes with all patterns of a rule as one Oniguruma regset (ONIG_REGSET_POSITION_LEAD), from the
// current position, once per token, with no cache: every pattern runs its own scan (for its literal
// or first-character set) on every call, the regset then walks the line position by position, and
// a pattern with nothing to scan for (`$`, a lookahead, a first character that can be anything) is
// tried at every position. Each call also costs about a microsecond before any matching. So:
// 1. every line after the first is matched by rules anchored with \G (see buildGrammar), and the
//    rule that holds them ends with `\G(?!)`: when all patterns of a regset are anchored, Oniguruma
//    tries the line's first position only.
// 2. those records end with `\n` (vscode-textmate appends "\n" to each line): a literal the regset
//    finds at once, where `$` or `(?=\n)` was tried at every position. The first line's records end
//    with `(?=\n)` (see buildGrammar).
// 3. rewrites `\d`, `\w`, `\s` as ASCII classes: Oniguruma cannot use the Unicode classes to skip
//    ahead, so `\b\d+` was tried at every position.
// 4. merges message tokens that start with the same kind of character (digits; punctuation; a few
//    capital letters) into one pattern, an alternation whose capture groups keep each token's scopes.
//    Tokens that may start with any letter (key=value) keep a pattern of their own. (One pattern for
//    all tokens is twice as slow: its first character can be any letter, so it is tried everywhere.)
// 5. puts first two rules that take a line of 20,000 characters or more as one `meta.long-line`
//    token, as VS Code does (editor.maxTokenizationLineLength): each token of such a line would
//    rescan the rest of it, so a 1 MB line took seconds. They are shaped so that Oniguruma refuses a
//    shorter line without reading it (see longLineRules): a lookahead that counted 20,000 characters
//    cost 3 to 4 µs on every line.
// Speed: `npm run bench` (scripts/bench/grammar.ts, with the floors of an empty grammar and of VS
// Code's Log grammar); the equivalence test checks that the merged tokens give the same tokens as
// the list they come from.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'syntaxes', 'src');
const outDir = join(root, 'syntaxes');
const COMMON = 'logtriage-common';
export const LONG_LINE = 20000;
/** How a line rule ends on a document's first line: before the newline, where the rule holding the other lines starts. */
const LINE_END = '(?=\\n)';
/** How a line rule ends on every line after the first: the newline, a literal Oniguruma finds at once. */
const LINE_END_TAKEN = '\\n';
/** The first LONG_LINE - 1 characters, as runs of 10 (Oniguruma unrolls the inner repeat). */
const LONG_RUN = `(?:[^\\n]{10}){${LONG_LINE / 10 - 1}}[^\\n]{9}`;
/**
 * A line of LONG_LINE characters or more is one token. Both rules take the first LONG_LINE - 1
 * characters and then look at the next: for Oniguruma that is a character (an ASCII one, or the
 * newline further on) at least LONG_LINE - 1 characters in, so a shorter line is refused before a
 * single character is read. The first rule ends at once when that character is ASCII; the second,
 * for a long line of other characters, reads on to the newline.
 */
const longLineRules = (anchor) =>
  [`(?=[^\\n]{0,1000}?[\\x00-\\x09\\x0b-\\x7f])`, `(?=[^\\n]+\\n)`].map((next) => ({
    comment: `A line of ${LONG_LINE} characters or more is one token, as VS Code stops colouring there`,
    begin: anchor + LONG_RUN + next,
    end: '\\Z',
    name: 'meta.long-line.logtriage',
  }));

// ---- regex text (Oniguruma syntax; the subset these grammars use) ----

const ASCII_OUTSIDE = { d: '[0-9]', D: '[^0-9]', w: '[A-Za-z0-9_]', W: '[^A-Za-z0-9_]', s: '[\\t\\n\\v\\f\\r ]', S: '[^\\t\\n\\v\\f\\r ]' };
const ASCII_INSIDE = { d: '0-9', w: 'A-Za-z0-9_', s: '\\t\\n\\v\\f\\r ' };

/** Rewrites \d \w \s (and their negations outside classes) to ASCII classes. */
export function asciiClasses(re) {
  let out = '';
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') {
      const n = re[i + 1];
      if (!inClass && n in ASCII_OUTSIDE) out += ASCII_OUTSIDE[n];
      else if (inClass && n in ASCII_INSIDE) out += ASCII_INSIDE[n];
      else if (inClass && 'DWS'.includes(n)) throw new Error(`\\${n} inside a class cannot be made ASCII: ${re}`);
      else out += c + n;
      i++;
      continue;
    }
    if (inClass && c === '[') throw new Error(`nested classes are not supported: ${re}`);
    if (!inClass && c === '[') {
      inClass = true;
      out += c;
      if (re[i + 1] === '^') out += re[++i];
      if (re[i + 1] === ']') out += re[++i];
      continue;
    }
    if (inClass && c === ']') inClass = false;
    out += c;
  }
  return out;
}

/** Calls visit(char, index, depth) for each character outside classes and escapes; depth counts open groups. */
function walk(re, visit) {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (re[i + 1] === '^') i++;
      if (re[i + 1] === ']') i++;
      continue;
    }
    if (c === ')') depth--;
    visit(c, i, depth);
    if (c === '(') depth++;
  }
}

export function countGroups(re) {
  let n = 0;
  walk(re, (c, i) => {
    if (c !== '(') return;
    if (re[i + 1] !== '?') n++;
    else if (re[i + 2] === '<' && re[i + 3] !== '=' && re[i + 3] !== '!') throw new Error(`named groups are not supported: ${re}`);
  });
  return n;
}

function topLevelAlternatives(re) {
  const parts = [];
  let from = 0;
  walk(re, (c, i, depth) => {
    if (c === '|' && depth === 0) {
      parts.push(re.slice(from, i));
      from = i + 1;
    }
  });
  parts.push(re.slice(from));
  return parts;
}

/** Index of the `)` that closes the group opened at `open`. */
function closingParen(re, open) {
  let end = -1;
  walk(re.slice(open), (c, i, depth) => {
    if (end < 0 && c === ')' && depth === 0) end = open + i;
  });
  if (end < 0) throw new Error(`unbalanced group in ${re}`);
  return end;
}

function shiftBackReferences(re, offset) {
  return re.replace(/\\([1-9])/g, (_, d) => `\\${Number(d) + offset}`);
}

const OPTIONAL = /^(?:[?*]|\{0(?:,\d*)?\})[?+]?/;

/** ASCII characters (and other literal characters) a match of `re` can start with; null if any. */
export function firstChars(re) {
  const union = new Set();
  for (const alt of topLevelAlternatives(re)) {
    const set = firstCharsOfSequence(alt);
    if (!set) return null;
    for (const c of set) union.add(c);
  }
  return union;
}

function firstCharsOfSequence(re) {
  let s = re;
  for (;;) {
    if (s.startsWith('\\b')) {
      s = s.slice(2);
      continue;
    }
    if (/^\(\?<[=!]/.test(s)) {
      s = s.slice(closingParen(s, 0) + 1);
      continue;
    }
    break;
  }
  let chars;
  let rest;
  if (s.startsWith('(?:') || (s.startsWith('(') && !s.startsWith('(?'))) {
    const end = closingParen(s, 0);
    chars = firstChars(s.slice(s.startsWith('(?:') ? 3 : 1, end));
    rest = s.slice(end + 1);
  } else if (s.startsWith('[')) {
    const end = s.indexOf(']', s[1] === ']' ? 2 : 1);
    if (s[1] === '^' || end < 0) return null;
    chars = classChars(s.slice(1, end));
    rest = s.slice(end + 1);
  } else if (/^\\[^A-Za-z0-9]/.test(s)) {
    chars = new Set([s[1]]);
    rest = s.slice(2);
  } else if (s.length > 0 && !/^[\\.()[\]{}|?*+^$]/.test(s)) {
    const c = String.fromCodePoint(s.codePointAt(0));
    chars = new Set([c]);
    rest = s.slice(c.length);
  } else {
    return null;
  }
  if (!chars) return null;
  const optional = OPTIONAL.exec(rest);
  if (!optional) return chars;
  // the first atom may be absent: the next one can start the match too
  const next = firstCharsOfSequence(rest.slice(optional[0].length));
  return next ? new Set([...chars, ...next]) : null;
}

function classChars(body) {
  const chars = new Set();
  for (let i = 0; i < body.length; i++) {
    let c = body[i];
    if (c === '\\') {
      c = body[++i];
      if (/[A-Za-z0-9]/.test(c)) return null; // \t, \x.. and the like: not worth following
    }
    if (body[i + 1] === '-' && i + 2 < body.length) {
      const to = body[i + 2] === '\\' ? body[i + 3] : body[i + 2];
      for (let x = c.charCodeAt(0); x <= to.charCodeAt(0); x++) chars.add(String.fromCharCode(x));
      i += body[i + 2] === '\\' ? 3 : 2;
    } else {
      chars.add(c);
    }
  }
  return chars;
}

// ---- message tokens ----

/**
 * Expands a tokens list into token rules ({match, name?, captures?}) in order, with ASCII classes.
 * `common` maps "common" and "common:<list>" to the lists of logtriage-common.json.
 */
function expandTokens(list, repository, common, where) {
  const rules = [];
  for (const item of list) {
    if (common.has(item)) {
      rules.push(...common.get(item));
      continue;
    }
    if (!item.startsWith('#')) throw new Error(`${where}: token "${item}" must be "#name", "common" or "common:<list>"`);
    const rule = repository[item.slice(1)];
    if (!rule) throw new Error(`${where}: no repository rule ${item}`);
    for (const p of rule.patterns ?? [rule]) {
      if (typeof p.match !== 'string' || p.begin || p.include) throw new Error(`${where}: token ${item} must be match rules`);
      rules.push({ ...p, match: asciiClasses(p.match) });
    }
  }
  return rules;
}

const isWordLed = (re) => re.startsWith('\\b') && topLevelAlternatives(re).length === 1;

/**
 * One match rule from several: an alternation in the given order (at one position the first that
 * matches wins, as in a patterns list), capture groups renumbered, a named token wrapped in a group
 * that carries its name. Tokens that all start with `\b` share one.
 */
export function mergeTokens(rules) {
  if (rules.length === 1) return rules[0];
  const shareWordBoundary = rules.every((r) => isWordLed(r.match));
  let group = 0;
  const captures = {};
  const alternatives = rules.map((r) => {
    const own = countGroups(r.match);
    const name = r.name ?? r.captures?.['0']?.name;
    const body = shareWordBoundary ? r.match.slice(2) : r.match;
    let re;
    if (name) {
      group++;
      captures[group] = { name };
      re = `(${shiftBackReferences(body, group)})`;
    } else {
      re = `(?:${shiftBackReferences(body, group)})`;
    }
    for (const [k, v] of Object.entries(r.captures ?? {})) if (k !== '0') captures[group + Number(k)] = v;
    group += own;
    return re;
  });
  const match = shareWordBoundary ? `\\b(?:${alternatives.join('|')})` : alternatives.join('|');
  return { match, captures };
}

/** The kind of character every match of a token starts with, or null if it may start with any letter. */
function tokenKind(rule) {
  const chars = firstChars(rule.match);
  if (!chars) return null;
  const all = [...chars];
  if (all.every((c) => /[0-9]/.test(c))) return 'digit';
  if (all.every((c) => !/[A-Za-z0-9_]/.test(c))) return 'punctuation';
  if (all.every((c) => /[A-Z]/.test(c)) && all.length <= 6) return 'capital';
  return null;
}

/**
 * Patterns for a tokens list: tokens of one kind merged (see tokenKind), the others one pattern each,
 * in the order of their first token. Kinds never start at the same character, so merging does not
 * change which token wins where two could start at one position.
 */
export function groupTokens(rules) {
  const groups = [];
  const byKind = new Map();
  for (const r of rules) {
    const kind = tokenKind(r);
    if (kind && byKind.has(kind)) {
      byKind.get(kind).push(r);
      continue;
    }
    const group = [r];
    if (kind) byKind.set(kind, group);
    groups.push(group);
  }
  return groups.map(mergeTokens);
}

// ---- grammars ----

function convertRule(rule) {
  if (!rule || typeof rule !== 'object') return rule;
  const out = Array.isArray(rule) ? [] : {};
  for (const [k, v] of Object.entries(rule)) {
    if ((k === 'match' || k === 'begin' || k === 'while') && typeof v === 'string') out[k] = asciiClasses(v);
    else if (k === 'end' && typeof v === 'string') out[k] = v === '$' ? LINE_END : asciiClasses(v);
    else out[k] = typeof v === 'object' ? convertRule(v) : v;
  }
  return out;
}

/** The rule with its leading `^` replaced by `anchor`; a line rule must be one line long. */
function anchored(rule, anchor, where) {
  const key = rule.begin !== undefined ? 'begin' : 'match';
  const re = rule[key];
  if (typeof re !== 'string' || !re.startsWith('^') || topLevelAlternatives(re).length > 1) {
    throw new Error(`${where}: a line rule must start with ^ and have no top-level |: ${re}`);
  }
  if (key === 'begin' && rule.end !== LINE_END) throw new Error(`${where}: a line rule must end at the end of its line ($)`);
  const out = { ...rule, [key]: anchor + re.slice(1) };
  if (key === 'begin' && anchor === '\\G') out.end = LINE_END_TAKEN;
  return out;
}

const FIRST = '-first-line';

function readSource(name) {
  return JSON.parse(readFileSync(join(srcDir, `${name}.json`), 'utf8'));
}

function sourceNames() {
  return readdirSync(srcDir)
    .filter((x) => x.endsWith('.json'))
    .map((x) => x.slice(0, -'.json'.length))
    .sort();
}

/** "common" (the list `message`) and "common:<key>" (any other list) -> the token rules of logtriage-common.json. */
function commonTokens() {
  const src = readSource(COMMON);
  const lists = new Map();
  for (const [key, rule] of Object.entries(src.repository)) {
    if (rule.tokens) lists.set(key === 'message' ? 'common' : `common:${key}`, expandTokens(rule.tokens, src.repository, new Map(), COMMON));
  }
  return lists;
}

/** source name -> repository keys that other grammars include as line rules. */
function externalLineRules() {
  const byScope = new Map(sourceNames().map((n) => [readSource(n).scopeName, n]));
  const keys = new Map(sourceNames().map((n) => [n, new Set()]));
  for (const name of sourceNames()) {
    for (const p of readSource(name).patterns ?? []) {
      if (!p.include || p.include.startsWith('#')) continue;
      const [scope, key] = p.include.split('#');
      if (!byScope.has(scope) || !key) throw new Error(`${name}: line rule ${p.include} must name a rule of a grammar built here`);
      keys.get(byScope.get(scope)).add(key);
    }
  }
  return keys;
}

/**
 * The grammar built from syntaxes/src/<name>.json; `reference` keeps each message token a pattern of
 * its own (for the equivalence test).
 *
 * Lines: the first line is matched by the top-level rules, anchored with \A. At its end (after the
 * newline vscode-textmate appends) the rule `lines` starts and never ends; as its start took in the
 * end of a line, vscode-textmate anchors \G at the start of every following line, and `lines` holds
 * the same rules anchored with \G. Oniguruma tries a \G rule at that one position, where a ^ rule is
 * searched along the whole line, and no rule is searched again at each line's end.
 */
export function buildGrammar(name, { reference = false, common = commonTokens(), external = externalLineRules().get(name) } = {}) {
  const src = readSource(name);
  const repository = {};
  const tokenOnly = new Set();
  for (const [key, rule] of Object.entries(src.repository ?? {})) {
    if (!rule.tokens) continue;
    for (const t of rule.tokens) if (t.startsWith('#')) tokenOnly.add(t.slice(1));
    const rules = expandTokens(rule.tokens, src.repository, common, `${name}#${key}`);
    const patterns = reference ? rules : groupTokens(rules);
    repository[key] = patterns.length === 1 ? patterns[0] : { patterns };
  }
  const used = JSON.stringify([src.patterns ?? [], Object.entries(src.repository ?? {}).filter(([k, r]) => !tokenOnly.has(k) && !r.tokens)]);
  const localLines = new Set((src.patterns ?? []).filter((p) => p.include?.startsWith('#')).map((p) => p.include.slice(1)));
  for (const [key, rule] of Object.entries(src.repository ?? {})) {
    if (rule.tokens || (tokenOnly.has(key) && !used.includes(`"#${key}"`))) continue;
    const converted = convertRule(rule);
    if (external.has(key)) {
      repository[key] = anchored(converted, '\\G', `${name}#${key}`);
      repository[key + FIRST] = anchored(converted, '\\A', `${name}#${key}`);
    } else if (!localLines.has(key)) {
      repository[key] = converted;
    }
  }
  const items = (src.patterns ?? []).map((p, i) => {
    if (p.include?.startsWith('#')) return { rule: convertRule(src.repository[p.include.slice(1)]) };
    if (p.include) return { include: p.include };
    return { rule: convertRule(p), where: `${name} patterns[${i}]` };
  });
  const lineRules = (anchor) =>
    items.map((item) => {
      if (item.include) return { include: anchor === '\\A' ? item.include + FIRST : item.include };
      return anchored(item.rule, anchor, name);
    });
  const patterns =
    name === COMMON
      ? [{ include: '#message' }]
      : [
          ...longLineRules('\\A'),
          ...lineRules('\\A'),
          {
            comment: 'Every line after the first: starts at the end of the first line, never ends (see scripts/build-grammars.mjs)',
            begin: '(?<=\\n)',
            end: '\\G(?!)',
            patterns: [...longLineRules('\\G'), ...lineRules('\\G')],
          },
        ];
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: src.name,
    scopeName: src.scopeName,
    comment: `GENERATED by scripts/build-grammars.mjs from syntaxes/src/${name}.json: edit the source. ${src.comment ?? ''}`.trim(),
    patterns,
    repository,
  };
}

function formatFlat(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(formatFlat).join(', ')}]`;
  return `{ ${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}: ${formatFlat(v)}`)
    .join(', ')} }`;
}

/** JSON with short objects and arrays kept on one line, as the hand-written grammars were. */
export function formatJson(value, indent = '') {
  const flat = formatFlat(value);
  if (flat.length + indent.length <= 120 || value === null || typeof value !== 'object') return flat;
  const inner = indent + '  ';
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`);
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

/** file name -> generated text, for every source. */
export function buildAll(options = {}) {
  const common = commonTokens();
  const external = externalLineRules();
  const files = new Map();
  for (const name of sourceNames()) {
    files.set(`${name}.tmLanguage.json`, formatJson(buildGrammar(name, { ...options, common, external: external.get(name) })) + '\n');
  }
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const referenceDir = args.includes('--reference') ? args[args.indexOf('--reference') + 1] : undefined;
  if (referenceDir) {
    mkdirSync(referenceDir, { recursive: true });
    for (const [file, text] of buildAll({ reference: true })) writeFileSync(join(referenceDir, file), text);
  } else if (args.includes('--check')) {
    const stale = [...buildAll()].filter(([file, text]) => !existsSync(join(outDir, file)) || readFileSync(join(outDir, file), 'utf8') !== text);
    if (stale.length) {
      console.error(`out of date, run node scripts/build-grammars.mjs: ${stale.map(([f]) => f).join(', ')}`);
      process.exit(1);
    }
  } else {
    for (const [file, text] of buildAll()) writeFileSync(join(outDir, file), text);
  }
}
