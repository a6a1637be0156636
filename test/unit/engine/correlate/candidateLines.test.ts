// The candidate lines of a correlation need, with the multi-literal search and without it: the
// lines holding a literal and the lines named by number, in order, once each, across pieces.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CandidateLines } from '../../../../server/src/engine/correlate/candidateLines';
import { prng } from '../../../helpers/prng';

const WORDS = ['alpha', 'beta', 'error', 'gamma', 'mpx_ipc', 'delta', 'é', 'x'];

function randomLines(random: () => number, count: number): string[] {
  return Array.from({ length: count }, () => Array.from({ length: Math.floor(random() * 12) }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' '));
}

describe('candidate lines of a correlation need', () => {
  for (const search of [true, false]) {
    it(`${search ? 'with' : 'without'} the multi-literal search: literal lines and numbered lines, in order, across pieces`, () => {
      const random = prng(search ? 5 : 6);
      const lines = randomLines(random, 5000);
      const literals = ['mpx_ipc', 'error', 'é'];
      const numbers = new Set(Array.from({ length: 60 }, () => Math.floor(random() * 5000)));
      const expected = lines.flatMap((text, line) => (numbers.has(line) || literals.some((l) => text.includes(l)) ? [{ line, text }] : []));
      const candidates = new CandidateLines({ lines: numbers, literals }, search);
      const got: { line: number; text: string }[] = [];
      let first = 0;
      for (let at = 0; at < lines.length;) {
        const count = 1 + Math.floor(random() * 400);
        const piece = lines.slice(at, at + count).join('\n') + '\n';
        const counted = candidates.each(piece, first, (start, end, line) => got.push({ line, text: piece.slice(start, end) }));
        assert.equal(counted, Math.min(count, lines.length - at));
        first += counted;
        at += count;
      }
      assert.deepEqual(got, expected);
    });
  }

  for (const search of [true, false]) {
    it(`${search ? 'with' : 'without'} the multi-literal search: ASCII bytes give the lines text gives`, () => {
      const random = prng(search ? 7 : 8);
      const lines = randomLines(random, 5000).map((l) => l.replaceAll('é', 'e'));
      const literals = ['mpx_ipc', 'error', 'é'];
      const numbers = new Set(Array.from({ length: 60 }, () => Math.floor(random() * 5000)));
      const asText = new CandidateLines({ lines: numbers, literals }, search);
      const asBytes = new CandidateLines({ lines: numbers, literals }, search);
      const fromText: string[] = [];
      const fromBytes: string[] = [];
      for (let at = 0; at < lines.length;) {
        const count = 1 + Math.floor(random() * 400);
        const piece = lines.slice(at, at + count).join('\n') + '\n';
        const bytes = Buffer.from(piece, 'latin1');
        const counted = asText.each(piece, at, (start, end, line) => fromText.push(`${line}:${piece.slice(start, end)}`));
        assert.equal(
          asBytes.each(bytes, at, (start, end, line) => fromBytes.push(`${line}:${bytes.toString('latin1', start, end)}`)),
          counted,
        );
        at += count;
      }
      assert.ok(fromText.length > 100, `${fromText.length} candidate lines`);
      assert.deepEqual(fromBytes, fromText);
    });
  }

  it('with numbered lines only, walks to them without a search', () => {
    const candidates = new CandidateLines({ lines: new Set([0, 2, 7]), literals: [] });
    const got: number[] = [];
    assert.equal(
      candidates.each('a\nb\nc\n', 0, (_s, _e, line) => got.push(line)),
      3,
    );
    assert.equal(
      candidates.each('d\ne\nf\ng\nh\n', 3, (_s, _e, line) => got.push(line)),
      5,
    );
    assert.deepEqual(got, [0, 2, 7]);
  });
});
