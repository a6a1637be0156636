// The scanner's line splitting (engine/scan/lineSplitter.ts): whole lines only, whatever the cuts;
// a lone CR ends a line; bytes and text give the same lines; a line past MAX_LINE_CHARS is cut once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineSplitter, MAX_LINE_CHARS } from '../../../../server/src/engine/scan/lineSplitter';
import { prng } from '../../../helpers/prng';

/** A splitter whose sink records the lines it gets (the last one without its line break, as end() gives it). */
function recorder() {
  const texts: string[] = [];
  let cuts = 0;
  const splitter = new LineSplitter({
    scanText: (text) => texts.push(text),
    scanBytes: (body) => texts.push(body.toString('latin1')),
    lineCut: () => cuts++,
  });
  const lines = (rest: string) => {
    const all = texts.join('') + rest;
    for (const t of texts) assert.ok(t.endsWith('\n'), `whole lines only: ${JSON.stringify(t.slice(-20))}`);
    return { all, cuts };
  };
  return { splitter, lines };
}

describe('LineSplitter', () => {
  const text = 'alpha\nbeta\r\ngamma\rdelta\n\nepsilon\r\rzeta';
  const normalised = 'alpha\nbeta\r\ngamma\ndelta\n\nepsilon\n\nzeta';

  it('gives the same lines for every cut of the text, CRs ending lines as the editor does', () => {
    for (let a = 0; a <= text.length; a++) {
      for (let b = a; b <= text.length; b++) {
        const { splitter, lines } = recorder();
        for (const piece of [text.slice(0, a), text.slice(a, b), text.slice(b)]) splitter.push(piece);
        assert.equal(lines(splitter.end()).all, normalised, `cut at ${a}, ${b}`);
      }
    }
  });

  it('a CR at the very end ends the last line', () => {
    const { splitter, lines } = recorder();
    splitter.push('one\rtwo\r');
    assert.equal(lines(splitter.end()).all, 'one\ntwo\n');
  });

  it('bytes and text in random pieces give the same lines', () => {
    const random = prng(7);
    const body = Array.from({ length: 400 }, (_, i) => `line ${i} ${'x'.repeat(Math.floor(random() * 90))}`).join('\n') + '\r\nlast';
    for (let round = 0; round < 20; round++) {
      const { splitter, lines } = recorder();
      const bytes = Buffer.from(body, 'latin1');
      for (let at = 0; at < bytes.length;) {
        const next = Math.min(bytes.length, at + 1 + Math.floor(random() * 3000));
        if (random() < 0.5) splitter.pushBytes(bytes.subarray(at, next));
        else splitter.push(bytes.toString('latin1', at, next));
        at = next;
      }
      assert.equal(lines(splitter.end()).all, body);
    }
  });

  it('keeps the first MAX_LINE_CHARS characters of an over-long line, says so once, and goes on after its line break', () => {
    const { splitter, lines } = recorder();
    const piece = 'y'.repeat(1 << 20);
    for (let n = 0; n < MAX_LINE_CHARS / piece.length + 2; n++) splitter.push(piece);
    splitter.push('tail of the long line\nnext\n');
    for (let n = 0; n < MAX_LINE_CHARS / piece.length + 2; n++) splitter.push(piece);
    const { all, cuts } = lines(splitter.end());
    const [first, second, third] = all.split('\n');
    assert.equal(first.length, MAX_LINE_CHARS);
    assert.equal(second, 'next');
    assert.equal(third.length, MAX_LINE_CHARS);
    assert.equal(cuts, 2, 'told once per long line');
  });
});
