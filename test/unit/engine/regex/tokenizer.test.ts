// The one reader of RegExp source: escapes, classes, groups, look-arounds, named groups and
// quantifiers, and the helpers the literal extraction, the safety check and anyOf build on it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anyOf } from '../../../../server/src/engine/formats/logFormat';
import type { RegexToken } from '../../../../server/src/engine/regex/tokenizer';
import { closingIndex, isLiteralChar, textOf, tokenize, topLevelAlternatives, withoutGroupNames } from '../../../../server/src/engine/regex/tokenizer';

const kinds = (source: string) => tokenize(source).map((t) => t.kind);
const texts = (source: string) => tokenize(source).map((t) => textOf(source, t));
const only = <K extends RegexToken['kind']>(source: string, kind: K) => {
  const tokens = tokenize(source);
  assert.equal(tokens.length, 1, `${source}: ${texts(source).join(' ')}`);
  assert.equal(tokens[0].kind, kind);
  return tokens[0] as Extract<RegexToken, { kind: K }>;
};

describe('regex tokenizer: escapes', () => {
  it('reads an escaped metacharacter as the character itself', () => {
    for (const c of '.()[]{}*+?|^$\\/-') {
      const token = only(`\\${c}`, 'char');
      assert.equal(String.fromCharCode(token.code), c);
      assert.ok(isLiteralChar(`\\${c}`, token));
    }
  });

  it('reads control, hex, unicode, control-letter and NUL escapes as one character', () => {
    const cases: [string, number][] = [
      ['\\n', 10],
      ['\\r', 13],
      ['\\t', 9],
      ['\\f', 12],
      ['\\v', 11],
      ['\\x41', 0x41],
      ['\\u00e9', 0xe9],
      ['\\u{1F600}', 0x1f600],
      ['\\cJ', 10],
      ['\\0', 0],
    ];
    for (const [source, code] of cases) {
      const token = only(source, 'char');
      assert.equal(token.code, code, source);
      assert.equal(isLiteralChar(source, token), false, `${source} is written with a letter or digit`);
    }
  });

  it('reads a malformed \\x or \\u as the letter alone (the reading without the u flag)', () => {
    assert.deepEqual(texts('\\xZ1'), ['\\x', 'Z', '1']);
    assert.deepEqual(texts('\\u12'), ['\\u', '1', '2']);
    assert.equal(String.fromCharCode((tokenize('\\xZ')[0] as { code: number }).code), 'x');
  });

  it('reads \\d \\w \\s, their negations and unicode properties as sets', () => {
    for (const source of ['\\d', '\\D', '\\w', '\\W', '\\s', '\\S', '\\p{L}', '\\P{Lu}']) assert.equal(only(source, 'set').letter, source[1]);
  });

  it('reads \\b and \\B as assertions outside a class, \\b as backspace inside one', () => {
    assert.equal(only('\\b', 'assertion').which, 'b');
    assert.equal(only('\\B', 'assertion').which, 'B');
    const cls = only('[\\b]', 'class');
    assert.deepEqual(
      cls.members.map((m) => m.lo.kind === 'char' && m.lo.code),
      [8],
    );
  });

  it('reads numbered and named back-references whole', () => {
    assert.deepEqual(texts('(a)\\1x'), ['(', 'a', ')', '\\1', 'x']);
    assert.deepEqual(texts('(?<q>a)\\k<q>'), ['(?<q>', 'a', ')', '\\k<q>']);
    assert.deepEqual(kinds('\\12'), ['backreference']);
  });
});

describe('regex tokenizer: classes', () => {
  it('ends a class at its first unescaped "]", whatever metacharacters it holds', () => {
    assert.deepEqual(texts('[()|*+?{}.]x'), ['[()|*+?{}.]', 'x']);
    assert.deepEqual(texts('[\\]\\\\]+'), ['[\\]\\\\]', '+']);
    assert.deepEqual(texts('[^]a'), ['[^]', 'a']);
  });

  it('reads ranges, and a dash first, last or beside a set as the character', () => {
    const cls = only('[a-z0-9_-]', 'class');
    const members = cls.members.map((m) => [m.lo.kind === 'char' ? String.fromCharCode(m.lo.code) : m.lo.letter, m.hi && String.fromCharCode(m.hi.code)]);
    assert.deepEqual(members, [
      ['a', 'z'],
      ['0', '9'],
      ['_', undefined],
      ['-', undefined],
    ]);
    assert.deepEqual(only('[\\w-.]', 'class').members.length, 3);
    assert.deepEqual(
      only('[\\x41-\\x5a]', 'class').members.map((m) => [m.lo.kind === 'char' && m.lo.code, m.hi?.code]),
      [[0x41, 0x5a]],
    );
  });

  it('knows a negated class', () => {
    assert.equal(only('[^:]', 'class').negated, true);
    assert.equal(only('[:^]', 'class').negated, false);
  });
});

describe('regex tokenizer: groups and quantifiers', () => {
  it('tells every kind of group opener apart', () => {
    const source = '(a)(?:b)(?=c)(?!d)(?<=e)(?<!f)(?<name>g)';
    const opens = tokenize(source).filter((t) => t.kind === 'open');
    assert.deepEqual(
      opens.map((t) => [t.kind === 'open' && t.group, textOf(source, t)]),
      [
        ['capture', '('],
        ['nonCapture', '(?:'],
        ['lookahead', '(?='],
        ['negativeLookahead', '(?!'],
        ['lookbehind', '(?<='],
        ['negativeLookbehind', '(?<!'],
        ['named', '(?<name>'],
      ],
    );
    assert.equal((opens[6] as { name?: string }).name, 'name');
  });

  it('finds the closing parenthesis of a group past escaped and classed ones', () => {
    const tokens = tokenize('(a\\)[)](b))c');
    assert.equal(closingIndex(tokens, 0), tokens.length - 2);
  });

  it('reads every quantifier with its bounds and laziness', () => {
    const cases: [string, number, number, boolean][] = [
      ['a*', 0, Infinity, false],
      ['a+?', 1, Infinity, true],
      ['a?', 0, 1, false],
      ['a{3}', 3, 3, false],
      ['a{2,}', 2, Infinity, false],
      ['a{2,5}?', 2, 5, true],
    ];
    for (const [source, min, max, lazy] of cases) {
      const q = tokenize(source)[1];
      assert.equal(q.kind, 'quantifier', source);
      assert.deepEqual(q.kind === 'quantifier' && [q.min, q.max, q.lazy, q.end], [min, max, lazy, source.length], source);
    }
  });

  it('reads a "{" that opens no quantifier as the character', () => {
    assert.deepEqual(kinds('a{x}'), ['char', 'char', 'char', 'char']);
    assert.deepEqual(kinds('a{1,b}'), ['char', 'char', 'char', 'char', 'char', 'char']);
  });

  it('covers the source without gaps or overlaps', () => {
    const source = '^(?<ts>\\d{4}-\\d{2})\\s+\\[(?:[^\\]]+)\\] (?!x)\\w+?\\.\\u0041|$';
    let at = 0;
    for (const t of tokenize(source)) {
      assert.equal(t.start, at);
      at = t.end;
    }
    assert.equal(at, source.length);
  });
});

describe('regex tokenizer: the helpers built on it', () => {
  it('splits top-level alternatives only, not those in groups, classes or escapes', () => {
    const source = 'a(b|c)[|]\\||d';
    assert.deepEqual(
      topLevelAlternatives(source).map((a) => source.slice(a.start, a.end)),
      ['a(b|c)[|]\\|', 'd'],
    );
  });

  it('drops group names but not an escaped "(" followed by "?<"', () => {
    assert.equal(withoutGroupNames('(?<a>x)(?<b>y)'), '(?:x)(?:y)');
    assert.equal(withoutGroupNames('\\(?<a>x'), '\\(?<a>x');
    assert.equal(withoutGroupNames('\\\\(?<a>x)'), '\\\\(?:x)');
    assert.equal(withoutGroupNames('[(?<a>]'), '[(?<a>]');
    assert.equal(withoutGroupNames('(?<=a)(?<!b)'), '(?<=a)(?<!b)');
  });

  it('anyOf keeps what each form matches, escaped "(?<" included, and drops the names', () => {
    const union = anyOf([/^a\(?<b>/, /^(?<n>\d+) x/]);
    assert.ok(union.test('a<b>'));
    assert.ok(union.test('a(<b>'));
    assert.ok(union.test('12 x'));
    assert.equal(union.test('b<b>'), false);
    assert.equal(union.source, '^(?:a\\(?<b>|(?:\\d+) x)');
  });
});
