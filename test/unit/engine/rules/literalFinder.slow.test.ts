// The literal search (WebAssembly SIMD) finds candidate lines by the literals a rule needs; it must
// give exactly what the RegExp scan gives, on any text: same lines, numbers, rules and matches.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtInRules, FORMATS } from '../../../../server/src/engine';
import type { RuleDefinition } from '../../../../server/src/engine';
import { LiteralFinder } from '../../../../server/src/engine/rules/literalFinder';
import { necessarySuffixes, requiredLiterals, searchLiterals } from '../../../../server/src/engine/rules/requiredLiterals';
import { SignatureMatcher } from '../../../../server/src/engine/rules/signatureMatcher';
import { prng } from '../../../helpers/prng';

const patterns = (r: RuleDefinition) => (Array.isArray(r.pattern) ? r.pattern : [r.pattern]);
const prefilters = (r: RuleDefinition) => (Array.isArray(r.prefilter) ? r.prefilter : [r.prefilter]);

/** Lines that look like logs and near misses: samples, counter-samples, their pieces, mutations, noise. */
function randomText(random: () => number, rules: readonly RuleDefinition[], lines: number): string {
  const pool = rules.flatMap((r) => [...r.samples.flatMap((s) => s.split('\n')), ...r.counterSamples.flatMap((s) => s.split('\n'))]);
  const pick = <T>(a: readonly T[]) => a[Math.floor(random() * a.length)];
  const noise = 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 :;.,()[]<>=_-/\'"%\té…Ċ\u2028';
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const kind = random();
    let line: string;
    if (kind < 0.25 && pool.length) line = pick(pool);
    else if (kind < 0.45 && pool.length) {
      const s = pick(pool);
      const a = Math.floor(random() * s.length);
      line = s.slice(a, a + Math.floor(random() * s.length)); // a piece of a signature
    } else if (kind < 0.6 && pool.length) {
      const s = pick(pool).split('');
      for (let k = 0; k < 3; k++) s[Math.floor(random() * s.length)] = pick([...noise]); // a near miss
      line = s.join('');
    } else if (kind < 0.62)
      line = 'x'.repeat(20_000 + Math.floor(random() * 5000)) + (pool.length ? pick(pool) : ''); // longer than rules look
    else line = Array.from({ length: Math.floor(random() * 120) }, () => pick([...noise])).join('');
    out.push(line + (random() < 0.1 ? '\r' : ''));
  }
  return out.join('\n') + (random() < 0.5 ? '\n' : '');
}

function scanAll(m: SignatureMatcher, text: string, piece: number): { lines: number; hits: string[] } {
  const hits: string[] = [];
  let lines = 0;
  // pieces end at line breaks, as LogScanner hands them over
  for (let from = 0; from < text.length;) {
    let to = text.indexOf('\n', Math.min(from + piece, text.length - 1));
    to = to < 0 ? text.length : to + 1;
    lines += m.scan(text.slice(from, to), lines, (line, lineNo, matches) => {
      hits.push(`${lineNo}|${line}|${matches.map((x) => `${x.rule.def.id}@${x.match.index}:${x.match[0]}`).join(',')}`);
    });
    from = to;
  }
  return { lines, hits };
}

describe('literal search', () => {
  const rules = builtInRules();
  const families: (string | null)[] = [...FORMATS.map((f) => f.id), null];

  it('runs here (WebAssembly SIMD), so the tests below compare two paths', () => {
    assert.ok(LiteralFinder.create(['abc']), 'no WebAssembly SIMD in this Node');
  });

  for (const family of families) {
    const own = rules.filter((r) => r.families.includes('*') || (family !== null && r.families.includes(family)));
    if (!own.length) continue;
    it(`finds what the RegExp scan finds: ${family ?? 'unrecognised'}`, () => {
      const random = prng(family?.length ?? 7);
      for (let round = 0; round < 4; round++) {
        const text = randomText(random, own, 400);
        const fast = scanAll(new SignatureMatcher(own), text, [1, 300, 5000, 1 << 20][round]);
        const slow = scanAll(new SignatureMatcher(own, { literalSearch: false }), text, 4096);
        assert.equal(fast.lines, slow.lines, 'line count');
        assert.deepEqual(fast.hits, slow.hits);
        assert.ok(slow.hits.length > 0, 'the text holds signatures');
      }
    });
  }

  it('finds every line holding a literal, with the literals on it, like indexOf', () => {
    const random = prng(42);
    for (let round = 0; round < 60; round++) {
      const alphabet = round % 2 ? 'ab\n' : 'abcd xyz\nÉĊ…';
      const word = () =>
        Array.from({ length: 1 + Math.floor(random() * 5) }, () => alphabet[Math.floor(random() * alphabet.length)])
          .join('')
          .replace(/\n/g, '');
      const literals = [...new Set(Array.from({ length: 1 + Math.floor(random() * 12) }, word).filter((w) => w))];
      const finder = LiteralFinder.create(literals)!;
      const text = Array.from({ length: Math.floor(random() * 3000) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const got: string[] = [];
      const breaks = finder.scan(text, 10, (start, end, lineNo, found) => got.push(`${lineNo}:${start}-${end}:${[...found].sort().join('|')}`));
      const want: string[] = [];
      let start = 0;
      let lineNo = 10;
      for (const line of text.split('\n')) {
        const found = literals.filter((l) => line.includes(l)).sort();
        if (found.length) want.push(`${lineNo}:${start}-${start + line.length}:${found.join('|')}`);
        start += line.length + 1;
        lineNo++;
      }
      assert.deepEqual(got, want, `literals ${JSON.stringify(literals)}`);
      assert.equal(breaks, text.split('\n').length - 1);
    }
  });

  it('keeps up across many candidates (the list is emptied and refilled)', () => {
    const text = 'ab'.repeat(50_000) + '\n' + 'zz ab\n'.repeat(10_000);
    const finder = LiteralFinder.create(['ab'])!;
    let lines = 0;
    assert.equal(
      finder.scan(text, 0, () => lines++),
      10_001,
    );
    assert.equal(lines, 10_001);
  });
});

describe('required literals', () => {
  it('multiplies out alternatives and optional parts', () => {
    assert.deepEqual(requiredLiterals('a(?:b|c)d'), ['abd', 'acd']);
    assert.deepEqual(requiredLiterals('x?yz'), ['xyz', 'yz']);
    assert.deepEqual(requiredLiterals('(?<n>ab)c\\.'), ['abc.']);
    assert.deepEqual(requiredLiterals('foo\\d+bar'), ['foo']);
    assert.ok(requiredLiterals('\\b(?:status|STATUS)(?::|=)? ?25\\b')!.includes('status: 25'));
    assert.equal(requiredLiterals('.*'), undefined);
    assert.equal(requiredLiterals('(a)\\1'), undefined); // a back-reference: not followed
  });

  it('gives literals that every matching sample line of every rule holds', () => {
    for (const r of builtInRules()) {
      const set = searchLiterals(patterns(r), prefilters(r), r.samples);
      for (const sample of r.samples) {
        for (const line of sample.split('\n')) {
          if (patterns(r).some((p) => new RegExp(p).test(line)))
            assert.ok(
              set.some((l) => line.includes(l)),
              `${r.id}: ${line}`,
            );
        }
      }
    }
  });

  it('keeps the prefilters when the patterns need only shorter literals, or none', () => {
    assert.deepEqual(searchLiterals(['a\\d+b'], ['a long prefilter'], ['a1b']), ['a long prefilter']);
    assert.deepEqual(searchLiterals(['.+x'], ['x'], ['yx']), ['x']);
    assert.deepEqual(searchLiterals(['status(?::|=)? ?25\\b'], ['25'], ['status 25']).sort(), ['status 25', 'status25', 'status: 25', 'status:25', 'status= 25', 'status=25']);
  });

  it('reads no literal inside a counted quantifier', () => {
    // "{0,300}?" repeats the class before it: "0,300" is no text a match must hold
    const quick = necessarySuffixes('(?<lv>\\S+)[^\\n]{0,300}? failed: busy');
    assert.ok(quick && quick.every((q) => q.test('/dev/vg/lv x failed: busy')));
    const counted = necessarySuffixes('\\d+b{2,3}?c d{10}efg');
    assert.ok(counted && counted.every((q) => q.test('1bbc ddddddddddefg')));
  });

  it('does not take the digits of a {m,n} quantifier for literal text', () => {
    assert.deepEqual(
      necessarySuffixes('0x[^\\n]{0,200}?failed H:')?.map((q) => q.source),
      ['failed H:'],
    );
    assert.ok(necessarySuffixes('x{12,345}abc')?.[0].test('abc'));
  });

  it('has quick tests that never reject a line the pattern matches', () => {
    const random = prng(9);
    for (const r of builtInRules()) {
      for (const p of patterns(r)) {
        const quick = necessarySuffixes(p);
        if (!quick) continue;
        const re = new RegExp(p);
        const lines = [...r.samples, ...r.counterSamples].flatMap((s) => s.split('\n'));
        for (const line of [...lines, ...lines.map((l) => l.slice(Math.floor(random() * l.length)))]) {
          if (re.test(line))
            assert.ok(
              quick.some((q) => q.test(line)),
              `${r.id}: ${line}`,
            );
        }
      }
    }
  });
});

describe('compiled rules', () => {
  it('copy what the hot path reads of their definition, all with the same fields in the same order', () => {
    const custom = { ...builtInRules()[0], id: 'custom/capped', maxLineLength: 65536 } as RuleDefinition;
    const matcher = new SignatureMatcher([...builtInRules(), custom]);
    const keys = Object.keys(matcher.rules[0]).join();
    for (const rule of matcher.rules) {
      assert.equal(rule.id, rule.def.id);
      assert.equal(rule.maxLineLength, rule.def.maxLineLength ?? Infinity, rule.id);
      assert.equal(rule.correlates, Boolean(rule.def.correlator), rule.id);
      // one object shape for every rule: matchRules and onMatch stay monomorphic
      assert.equal(Object.keys(rule).join(), keys, rule.id);
    }
    assert.ok(matcher.rules.some((r) => r.correlates) && matcher.rules.some((r) => r.maxLineLength === 65536));
  });
});
