// What is kept of an archive member for the correlation's second look: all of it while small, only
// its head once its family is one the correlation reads no further (a year's evidence), nothing
// past the cap; and a read of the whole is refused when only the head was kept.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { KeptBytes, MEMBER_HEAD_BYTES, MEMBER_KEPT_BYTES } from '../../../../../server/src/engine/io/archive/keptBytes';

const piece = (bytes: number, fill = 0x61) => Buffer.alloc(bytes, fill);

async function replayed(kept: KeptBytes, part: 'whole' | 'head'): Promise<number | undefined> {
  const from = kept.again()?.(part);
  if (!from?.source) return undefined;
  let bytes = 0;
  for await (const chunk of from.source.chunks) bytes += chunk.length;
  return bytes;
}

describe('kept bytes of an archive member', () => {
  it('keeps a small member whole, for every read', async () => {
    const kept = new KeptBytes(false);
    for (let i = 0; i < 10; i++) kept.add(piece(50_000));
    assert.equal(await replayed(kept, 'whole'), 500_000);
    assert.equal(await replayed(kept, 'head'), 500_000);
  });

  it('keeps only the head once told, and then refuses a read of the whole', async () => {
    const kept = new KeptBytes(false);
    for (let i = 0; i < 3; i++) kept.add(piece(30_000));
    kept.keepHeadOnly();
    for (let i = 0; i < 100; i++) {
      assert.equal(kept.keeping, false, 'past the head nothing is copied to be kept');
      kept.add(piece(30_000));
    }
    assert.equal(await replayed(kept, 'whole'), undefined);
    const head = await replayed(kept, 'head');
    assert.ok(head! >= MEMBER_HEAD_BYTES && head! < MEMBER_HEAD_BYTES + 30_000, `${head} bytes of head`);
  });

  it('keeps all of a member told early whose head is not yet read, and a compressed member whole', async () => {
    const early = new KeptBytes(false);
    early.add(piece(1000));
    early.keepHeadOnly();
    assert.equal(early.keeping, true);
    assert.equal(await replayed(early, 'whole'), 1000, 'nothing was left out yet');
    const gz = new KeptBytes(true);
    for (let i = 0; i < 4; i++) gz.add(piece(40_000));
    gz.keepHeadOnly();
    gz.add(piece(40_000));
    assert.equal(await replayed(gz, 'whole'), 200_000, 'the head of a gzip stream is no piece of its text');
  });

  it('keeps nothing past the cap, or once dropped', async () => {
    const big = new KeptBytes(false);
    big.add(piece(MEMBER_KEPT_BYTES));
    assert.ok(await replayed(big, 'whole'));
    big.add(piece(1));
    assert.equal(big.again(), undefined);
    const dropped = new KeptBytes(false);
    dropped.add(piece(10));
    dropped.drop();
    assert.equal(dropped.again(), undefined);
  });

  describe('past the memory cap, given a folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-kept-test-'));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    // pieces that differ from each other, so that the file must hold them in order
    const pieces = Array.from({ length: 20 }, (_, i) => piece(MEMBER_KEPT_BYTES / 16, 0x41 + i));

    it('keeps the member in a file there, read again whole, removed once disposed of', async () => {
      const kept = new KeptBytes(false, dir);
      for (const p of pieces) kept.add(p);
      assert.equal(kept.keeping, true);
      const again = kept.again()!;
      const whole = again('whole')!;
      assert.ok(whole.textFile && path.dirname(whole.textFile) === dir, JSON.stringify(whole));
      assert.ok(fs.readFileSync(whole.textFile).equals(Buffer.concat(pieces)), 'the file holds the bytes in order');
      assert.equal(again('head')!.textFile, whole.textFile);
      kept.dispose();
      assert.deepEqual(fs.readdirSync(dir), [], 'nothing left in the folder');
    });

    it('removes the file when the member broke off, and keeps nothing when the file cannot be made', async () => {
      const broken = new KeptBytes(false, dir);
      for (const p of pieces) broken.add(p);
      assert.equal(fs.readdirSync(dir).length, 1);
      broken.drop();
      assert.equal(broken.again(), undefined);
      assert.deepEqual(fs.readdirSync(dir), []);
      const nowhere = new KeptBytes(false, path.join(dir, 'no such folder'));
      for (const p of pieces) nowhere.add(p);
      assert.equal(nowhere.again(), undefined);
    });

    it('two members at once (two workers sharing the folder) get files of their own', async () => {
      const a = new KeptBytes(false, dir);
      const b = new KeptBytes(false, dir);
      for (const p of pieces) (a.add(p), b.add(p.subarray(1)));
      assert.equal(fs.readdirSync(dir).length, 2);
      assert.notEqual(a.again()!('whole')!.textFile, b.again()!('whole')!.textFile);
      a.dispose();
      b.dispose();
      assert.deepEqual(fs.readdirSync(dir), []);
    });
  });
});
