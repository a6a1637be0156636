// The language server's block document must behave as vscode-languageserver-textdocument's on any
// edit: same text, line count, offsets, positions, line ranges and line ends.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LargeTextDocument } from '../../../server/src/features/largeDocument';
import { prng } from '../../helpers/prng';

function sameAs(large: LargeTextDocument, small: TextDocument, random: () => number, where: string): void {
  assert.equal(large.getText(), small.getText(), where);
  assert.equal(large.lineCount, small.lineCount, where);
  const length = small.getText().length;
  for (let k = 0; k < 40; k++) {
    const offset = Math.floor(random() * (length + 3)) - 1;
    assert.deepEqual(large.positionAt(offset), small.positionAt(offset), `${where}: positionAt ${offset}`);
    const position = { line: Math.floor(random() * (small.lineCount + 2)) - 1, character: Math.floor(random() * 90) - 2 };
    assert.equal(large.offsetAt(position), small.offsetAt(position), `${where}: offsetAt ${JSON.stringify(position)}`);
    const line = Math.floor(random() * (small.lineCount + 2)) - 1;
    assert.deepEqual(large.getLineRange(line), small.getLineRange(line), `${where}: getLineRange ${line}`);
    assert.equal(large.getEOLCharacters(line), small.getEOLCharacters(line), `${where}: getEOLCharacters ${line}`);
    const range = { start: position, end: { line: position.line + Math.floor(random() * 3), character: Math.floor(random() * 50) } };
    assert.equal(large.getText(range), small.getText(range), `${where}: getText ${JSON.stringify(range)}`);
  }
}

describe('LargeTextDocument', () => {
  it('matches TextDocument through random edits, across blocks and odd line ends', () => {
    const random = prng(5);
    const pieces = ['a', 'line\n', '\r\n', '\r', '\n', 'x'.repeat(70_000), 'log line with words\n'.repeat(5000), '', 'é…\n'];
    const pick = () => pieces[Math.floor(random() * pieces.length)];
    for (let round = 0; round < 6; round++) {
      const content = Array.from({ length: 40 }, pick).join('');
      const large = new LargeTextDocument('file:///a', 'log', 1, content);
      const small = TextDocument.create('file:///a', 'log', 1, content);
      sameAs(large, small, random, `round ${round} start`);
      for (let step = 0; step < 60; step++) {
        const a = { line: Math.floor(random() * (small.lineCount + 1)), character: Math.floor(random() * 40) };
        const b = random() < 0.5 ? a : { line: a.line + Math.floor(random() * 5000), character: Math.floor(random() * 40) };
        const change: TextDocumentContentChangeEvent = random() < 0.03 ? { text: Array.from({ length: 5 }, pick).join('') } : { range: { start: a, end: b }, text: Array.from({ length: Math.floor(random() * 3) }, pick).join('') };
        large.update([change], step + 2);
        TextDocument.update(small, [change], step + 2);
        sameAs(large, small, random, `round ${round} step ${step}`);
        assert.equal(large.version, step + 2);
      }
    }
  });

  it('answers ranges of its first lines before it is cut into blocks, as TextDocument', () => {
    const random = prng(9);
    // line ends of every kind, and a \r\n across each place where the head is read in a longer slice
    const filler = (n: number) => `log line with words ${'w'.repeat(109)}\n`.repeat(Math.ceil(n / 130)).slice(0, n);
    const contents = [
      filler(65_535) + '\r\n' + 'after\r\nnext\rthird\n\n'.repeat(200),
      filler(262_143) + '\r\nend',
      'x'.repeat(300_000) + '\r\r\n\n' + 'short\n'.repeat(2000),
      Array.from({ length: 3000 }, (_, i) => ['a\n', 'b\r\n', 'c\r', '\n', '\r'][i % 5]).join(''),
      'only one line',
      '',
    ];
    for (const content of contents) {
      const small = TextDocument.create('u', 'l', 1, content);
      for (let k = 0; k < 60; k++) {
        const line = Math.floor(random() * 1100) - 2;
        const start = { line, character: Math.floor(random() * 30) - 2 };
        const end = random() < 0.2 ? { line: 0, character: 0 } : { line: line + Math.floor(random() * 200), character: Math.floor(random() * 30) };
        const range = { start, end };
        // a fresh document each time: not cut into blocks yet
        assert.equal(new LargeTextDocument('u', 'l', 1, content).getText(range), small.getText(range), `${JSON.stringify(content.slice(0, 20))}: ${JSON.stringify(range)}`);
      }
    }
  });

  it('keeps an empty document and one without a line break', () => {
    const random = prng(1);
    for (const content of ['', 'no break', '\r', '\n\n']) sameAs(new LargeTextDocument('u', 'l', 1, content), TextDocument.create('u', 'l', 1, content), random, JSON.stringify(content));
  });
});
