// A LogSource's chunks are kept as they are, not copied (io/archive/keptBytes.ts, and a chunk's
// memory is what goes to a worker): that holds only while no archive reader writes again into a
// buffer it handed out. Every reader is checked here, the members' chunks held to the end of the
// walk and only then compared with what was packed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { after, describe, it } from 'node:test';
import { walkArchive } from '../../../../../server/src/engine/io/archive/walk';
import { tarBytes, tgzBytes, zipBytes } from '../../../../helpers/archives';
import { prng } from '../../../../helpers/prng';

/** Log-like text of about `bytes` bytes, different for each seed: a reused buffer would show. */
function logText(seed: number, bytes: number): string {
  const random = prng(seed);
  const lines: string[] = [];
  for (let length = 0; length < bytes;) {
    const line = `2024-03-05T10:22:${String(Math.floor(random() * 60)).padStart(2, '0')}Z seed ${seed} line ${lines.length} ${'x'.repeat(Math.floor(random() * 200))}`;
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

/** Every member's chunks as the walk handed them, held (not copied) until the walk is over. */
async function heldChunks(archive: string): Promise<Map<string, Buffer[]>> {
  const held = new Map<string, Buffer[]>();
  await walkArchive(archive, async (member) => {
    if (!member.source) return;
    const chunks: Buffer[] = [];
    held.set(member.path.slice(member.path.indexOf('!/') + 2), chunks);
    for await (const chunk of member.source.chunks) chunks.push(chunk);
  });
  return held;
}

function hasTool(command: string): boolean {
  return spawnSync(command, ['--help'], { stdio: 'ignore' }).status === 0;
}

describe('chunks of archive members', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-chunks-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  // several megabytes per member: every reader goes through many of its buffers
  const texts = Array.from({ length: 4 }, (_, i) => logText(i + 1, 2_500_000 + i * 300_000));
  /** `several`: the member came in more than one chunk (bzip2 gives a block's text at once, and its blocks hold megabytes of these lines). */
  const expected = (held: Map<string, Buffer[]>, name: string, text: string, several = true) => {
    const chunks = held.get(name);
    assert.ok(chunks && chunks.length > (several ? 1 : 0), `${name}: ${chunks?.length ?? 0} chunks`);
    assert.ok(Buffer.concat(chunks).equals(Buffer.from(text)), `${name}: a chunk was written again after it was handed out`);
  };

  it('tar, tgz, a .gz member and a tgz inside the tgz: never written again once handed out', async () => {
    const inner = await tgzBytes([{ name: 'var/log/messages', data: texts[3] }]);
    const items = [
      { name: 'host/var/log/vmkernel.log', data: texts[0] },
      { name: 'host/var/log/hostd.0.gz', data: zlib.gzipSync(texts[1]) },
      { name: 'host/var/log/SMlog', data: texts[2] },
      { name: 'host/var/core/diag.tgz', data: inner },
    ];
    for (const [name, bytes] of [
      ['bundle.tar', await tarBytes(items)],
      ['bundle.tgz', await tgzBytes(items)],
    ] as const) {
      const archive = path.join(dir, name);
      fs.writeFileSync(archive, bytes);
      const held = await heldChunks(archive);
      expected(held, 'host/var/log/vmkernel.log', texts[0]);
      expected(held, 'host/var/log/hostd.0.gz', texts[1]);
      expected(held, 'host/var/log/SMlog', texts[2]);
      expected(held, 'host/var/core/diag.tgz!/var/log/messages', texts[3]);
    }
  });

  it('zip, deflated and stored members: never written again once handed out', async () => {
    const archive = path.join(dir, 'bundle.zip');
    fs.writeFileSync(
      archive,
      zipBytes([
        { name: 'logs/a.log', data: texts[0] },
        { name: 'logs/b.log', data: texts[1], store: true },
      ]),
    );
    const held = await heldChunks(archive);
    expected(held, 'logs/a.log', texts[0]);
    expected(held, 'logs/b.log', texts[1]);
  });

  for (const [ext, flag, tool] of [
    ['tar.bz2', '-cjf', 'bzip2'],
    ['tar.xz', '-cJf', 'xz'],
  ]) {
    it(`${ext}: never written again once handed out`, async (t) => {
      if (!hasTool(tool)) return t.skip(`${tool} is not installed`);
      const folder = path.join(dir, `src-${tool}`);
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, 'xensource.log'), texts[0]);
      fs.writeFileSync(path.join(folder, 'SMlog'), texts[2]);
      const archive = path.join(dir, `report.${ext}`);
      const r = spawnSync('tar', [flag, archive, '-C', folder, 'xensource.log', 'SMlog']);
      assert.equal(r.status, 0, String(r.stderr));
      // before, the walk of this .tar.bz2 never ended: its last block came out faster than the tar reader took it
      const held = await heldChunks(archive);
      expected(held, 'xensource.log', texts[0], tool !== 'bzip2');
      expected(held, 'SMlog', texts[2], tool !== 'bzip2');
    });
  }
});
