// Text held back for a header known only at the end: in memory, then in a temporary file past a
// bound, replayed in order, and the file removed after (also when the run fails).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { BufferedOutput } from '../../../../server/src/engine/io/bufferedOutput';
import { liveTempDirs } from '../../../../server/src/engine/io/tempDir';
import { TextSpool } from '../../../../server/src/engine/io/textSpool';

function sink(): { out: BufferedOutput; text: () => string } {
  const parts: Buffer[] = [];
  const stream = new Writable({ write: (c: Buffer, _e, done) => (parts.push(Buffer.from(c)), done()) });
  return { out: new BufferedOutput(stream), text: () => Buffer.concat(parts).toString('utf8') };
}

describe('TextSpool', () => {
  it('past its memory bound it writes to a temporary file and replays every line in order, multi-byte characters whole', async () => {
    const spool = new TextSpool(1024);
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i} — é ✓ ${'x'.repeat(i % 50)}\n`);
    for (const line of lines) await spool.write(line);
    assert.ok(spool.spilled);
    const dirs = liveTempDirs();
    assert.equal(dirs.length, 1);
    assert.ok(fs.existsSync(dirs[0]));
    const { out, text } = sink();
    await spool.replay(out);
    await out.flush();
    assert.equal(text(), lines.join(''));
    assert.deepEqual(liveTempDirs(), []);
    assert.ok(!fs.existsSync(dirs[0]), 'the temporary folder is removed after the replay');
  });

  it('below its bound it stays in memory (no file), and dispose without a replay removes a spilled file', async () => {
    const small = new TextSpool(1024);
    await small.write('a\n');
    assert.ok(!small.spilled);
    assert.deepEqual(liveTempDirs(), []);
    const big = new TextSpool(16);
    await big.write('x'.repeat(100));
    const [dir] = liveTempDirs();
    assert.ok(dir && fs.existsSync(dir));
    await big.dispose();
    assert.ok(!fs.existsSync(dir));
  });
});
