import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { readLineWindow } from '../../../../server/src/engine/io/lineWindow';
import { tgzBytes } from '../../../helpers/archives';

let dir: string;
before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-window-'))));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const text = Array.from({ length: 10_000 }, (_, i) => `line ${i}${i === 7000 ? 'x'.repeat(3_000_000) : ''}\n`).join('');

describe('a window of lines read from disk', () => {
  it('gives the lines around a line, with the number of the first, from a plain, a gzip and an archived log', async () => {
    const plain = path.join(dir, 'big.log');
    fs.writeFileSync(plain, text);
    fs.writeFileSync(plain + '.gz', zlib.gzipSync(text));
    const tgz = path.join(dir, 'b.tgz');
    fs.writeFileSync(tgz, await tgzBytes([{ name: 'var/log/big.log', data: text }]));
    for (const file of [plain, plain + '.gz', `${tgz}!/var/log/big.log`]) {
      const w = await readLineWindow(file, 5000, 10, 10);
      assert.equal(w.first, 4990, file);
      assert.deepEqual(
        w.text.split('\n').slice(0, -1),
        Array.from({ length: 21 }, (_, i) => `line ${4990 + i}`),
        file,
      );
    }
  });

  it('clips at the start and the end, and keeps a line longer than a piece whole', async () => {
    const plain = path.join(dir, 'big.log');
    assert.deepEqual(await readLineWindow(plain, 1, 5, 1), { first: 0, text: 'line 0\nline 1\nline 2\n' });
    const end = await readLineWindow(plain, 9999, 1, 5);
    assert.equal(end.text, 'line 9998\nline 9999\n');
    const long = await readLineWindow(plain, 7000, 0, 0);
    assert.equal(long.text.length, 'line 7000'.length + 3_000_000 + 1);
  });
});
