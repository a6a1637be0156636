// readLogPieces hands ASCII pieces over as bytes (the fast scan) and the rest as decoded text: one
// non-ASCII character must not turn the rest of a log into text, and a character cut between two
// pieces must still be decoded whole.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { endsInsideCharacter, readLogPieces } from '../../../../server/src/engine/io/readLog';

async function piecesOf(file: string, pieceBytes: number): Promise<(string | Buffer)[]> {
  const out: (string | Buffer)[] = [];
  for await (const piece of readLogPieces(file, () => undefined, { pieceBytes })) out.push(typeof piece === 'string' ? piece : Buffer.from(piece));
  return out;
}

describe('readLogPieces', () => {
  it('goes back to bytes after a piece with a non-ASCII character, and decodes a character cut between pieces', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pieces-'));
    const file = path.join(dir, 'mixed.log');
    const ascii = 'x'.repeat(4095) + '\n';
    // "é" (2 bytes) across the first cut, "€" (3 bytes) with its last byte in the third piece, then ASCII only
    const text = 'a'.repeat(4095) + 'é' + 'b'.repeat(4092) + '€' + ascii.repeat(6);
    fs.writeFileSync(file, text, 'utf8');
    const pieces = await piecesOf(file, 4096);
    assert.equal(pieces.map((p) => (typeof p === 'string' ? p : p.toString('latin1'))).join(''), text);
    assert.equal(typeof pieces[0], 'string');
    assert.ok(
      pieces.slice(-5).every((p) => Buffer.isBuffer(p)),
      'the ASCII pieces after the last non-ASCII one are bytes again',
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('tells a UTF-8 buffer that ends inside a character', () => {
    assert.equal(endsInsideCharacter(Buffer.from('abc')), false);
    assert.equal(endsInsideCharacter(Buffer.from('abé')), false);
    assert.equal(endsInsideCharacter(Buffer.from('ab€')), false);
    assert.equal(endsInsideCharacter(Buffer.from('ab😀')), false);
    assert.equal(endsInsideCharacter(Buffer.from('abé').subarray(0, 3)), true);
    assert.equal(endsInsideCharacter(Buffer.from('ab€').subarray(0, 4)), true);
    assert.equal(endsInsideCharacter(Buffer.from('ab😀').subarray(0, 5)), true);
    assert.equal(endsInsideCharacter(Buffer.from([0x61, 0xe9])), true); // Latin-1 é: a lead byte; the decoder decides
    assert.equal(endsInsideCharacter(Buffer.alloc(0)), false);
  });
});
