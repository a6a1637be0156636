// What is kept of an archive member for the correlation's second look: all of it while small, only
// its head once its family is one the correlation reads no further (a year's evidence), nothing
// past the cap; and a read of the whole is refused when only the head was kept.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
});
