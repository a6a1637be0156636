// A timeline over a compressed archive reads the archive once (its members' text is spilled to a
// temporary folder for the merge), gives the lines of the unpacked folder, and leaves nothing behind.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { liveTempDirs } from '../../../../server/src/engine/io/tempDir';
import { mergeTimeline } from '../../../../server/src/engine/timeline';
import { ArchiveSpill } from '../../../../server/src/engine/timeline/archiveSpill';
import type { TarItem } from '../../../helpers/archives';
import { countReads, tarBytes } from '../../../helpers/archives';
import { mergeToLines, original } from './helpers';

const MEMBERS = 40;

/** Member i: a vmkernel-like log of ISO-stamped lines, 5 s apart, interleaved with the others. */
function member(i: number): TarItem {
  const lines: string[] = [];
  for (let n = 0; n < 300; n++) {
    const t = new Date(Date.UTC(2024, 2, 5, 10, 0, 0) + n * 5000 + i * 97).toISOString();
    lines.push(`${t} cpu${n % 4}:${2097152 + i})ScsiDeviceIO: 4124: Cmd 0x2a, CmdSN 0x${n.toString(16)} member ${i} line ${n} to dev "naa.600508b1001c3a5f" failed H:0x0 D:0x2 P:0x0`);
  }
  return { name: `esx-host${i}-2024-03-05--10.22-${1000 + i}/var/run/log/vmkernel.log`, data: lines.join('\n') + '\n' };
}

let dir: string;
let archive: string;
let folder: string;
const items = Array.from({ length: MEMBERS }, (_, i) => member(i));

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-spill-test-'));
  archive = path.join(dir, 'vm-support.tgz');
  fs.writeFileSync(archive, zlib.gzipSync(await tarBytes(items)));
  folder = path.join(dir, 'vm-support');
  for (const item of items) {
    fs.mkdirSync(path.join(folder, path.dirname(item.name)), { recursive: true });
    fs.writeFileSync(path.join(folder, item.name), item.data!);
  }
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('timeline over an archive', () => {
  it('reads a 40-member .tgz once and gives the lines of the unpacked folder, spill removed after', async () => {
    const counted = await countReads(archive, () => mergeToLines([archive], { gapMs: 0 }));
    assert.equal(counted.reads, 1, 'the archive is streamed once');
    const packed = counted.result;
    const unpacked = await mergeToLines([folder], { gapMs: 0 });
    assert.equal(packed.summary.records, MEMBERS * 300);
    assert.deepEqual(packed.text.map(original).sort(), unpacked.text.map(original).sort());
    assert.deepEqual(packed.summary.sources.map((s) => s.path).sort(), items.map((m) => `${archive}!/${m.name}`).sort());
    assert.deepEqual(liveTempDirs(), []);
  });

  it('past the spill cap the remaining members are read from the archive: same lines, one walk each', async () => {
    const counted = await countReads(archive, () => mergeToLines([archive], { gapMs: 0, maxSpillBytes: 10 * 1024 }));
    const full = await mergeToLines([archive], { gapMs: 0 });
    assert.deepEqual(counted.result.text, full.text);
    // one walk spilled what fitted (the first member is 45 KB: none did), then one walk per member
    assert.equal(counted.reads, 1 + MEMBERS);
    assert.deepEqual(liveTempDirs(), []);
  });

  it("a spill holds each member's checked text and the warnings of its read, and is removed when the merge fails", async () => {
    const spill = new ArchiveSpill();
    const listed = await spill.spill(archive);
    assert.equal(listed.length, MEMBERS);
    const first = spill.textOf(listed[0].path)!;
    assert.equal(fs.readFileSync(first.file, 'utf8'), items[0].data);
    assert.deepEqual(first.warnings, []);
    assert.equal(
      spill.spilledBytes,
      items.reduce((n, m) => n + Buffer.byteLength(m.data!), 0),
    );
    const [spillDir] = liveTempDirs();
    await spill.remove();
    assert.ok(!fs.existsSync(spillDir));
    let seen = 0;
    const failing = () => {
      if (++seen === 100) throw new Error('stop here');
      assert.equal(liveTempDirs().length, 1, 'the spill is there while the merge runs');
    };
    await assert.rejects(mergeTimeline([archive], {}, failing), /stop here/);
    assert.deepEqual(liveTempDirs(), []);
  });
});
