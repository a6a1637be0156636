// A log longer than one piece of reading: every line comes out whole, none cut at a piece boundary
// and none lost (the line carried over a boundary survives the merge asking twice before reading on).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { mergeToLines, original } from './helpers';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-pieces-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('timeline pieces', () => {
  it('a 3 MB log merged alone and beside another gives each of its lines once, whole, in order', async () => {
    const lines: string[] = [];
    for (let n = 0, size = 0; size < 3 * 1024 * 1024; n++) {
      const t = new Date(Date.UTC(2024, 2, 5, 10, 0, 0) + n * 250).toISOString();
      lines.push(`${t} cpu${n % 8}:2097152)ScsiDeviceIO: 4124: Cmd(0x45d8c2a3b8c8) 0x2a, CmdSN 0x${n.toString(16)} to dev "naa.600508b1001c3a5f" failed H:0x0 D:0x2 P:0x0${' ·'.repeat(n % 40)}`);
      size += lines[n].length + 1;
    }
    const file = path.join(dir, 'vmkernel.log');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const alone = await mergeToLines([file], { gapMs: 0 });
    assert.equal(alone.text.length, lines.length);
    assert.deepEqual(alone.text.map(original), lines);
    const other = path.join(dir, 'hostd.log');
    fs.writeFileSync(other, `${new Date(Date.UTC(2024, 2, 5, 10, 30)).toISOString()} info hostd[2099000] [Originator@6876 sub=Default] between\n`);
    const beside = await mergeToLines([file, other], { gapMs: 0 });
    assert.deepEqual(
      beside.lines.filter((l) => l.source === 0).map((l) => original(l.text)),
      lines,
    );
  });
});
