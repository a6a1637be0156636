// A log cut while it is read (copytruncate rotation): the text read is kept and analysed, and one
// warning says the file shrank, with the size it had when opened and the bytes read.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { analyzeFile } from '../../../../server/src/engine';
import { readLogChunks } from '../../../../server/src/engine/io/readLog';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-truncated-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const SHRANK = /^the file shrank while it was read \((\d+) bytes when opened, (\d+) read\): it was truncated or rotated meanwhile; the analysis covers what was read$/;

function writeLog(name: string, lines: number): { file: string; size: number } {
  const text: string[] = [];
  for (let n = 0; n < lines; n++) text.push(`${new Date(Date.UTC(2024, 2, 5) + n * 100).toISOString()} cpu1:2097153)NetPort: 1632: disabled port 0x${n.toString(16)}`);
  const file = path.join(dir, name);
  fs.writeFileSync(file, text.join('\n') + '\n');
  return { file, size: fs.statSync(file).size };
}

describe('a file truncated while it is read', () => {
  it('readLogChunks: the text before the cut, then one warning with both sizes', async () => {
    const { file, size } = writeLog('vmkernel.log', 60_000);
    const warnings: string[] = [];
    let text = '';
    for await (const chunk of readLogChunks(file, (w) => warnings.push(w))) {
      if (!text) fs.truncateSync(file, 1000);
      text += chunk;
    }
    assert.equal(warnings.length, 1, warnings.join('\n'));
    const m = SHRANK.exec(warnings[0]);
    assert.ok(m, warnings[0]);
    assert.equal(Number(m[1]), size);
    assert.equal(Number(m[2]), Buffer.byteLength(text));
    assert.ok(text.length < size && text.length >= 1024 * 1024, `${text.length} characters read`);
  });

  it('a file that does not change gets no such warning, nor does one that grows', async () => {
    const { file } = writeLog('vmkernel.1.log', 60_000);
    const warnings: string[] = [];
    for await (const chunk of readLogChunks(file, (w) => warnings.push(w))) if (chunk) fs.appendFileSync(file, 'more\n');
    assert.deepEqual(warnings, []);
    assert.deepEqual((await analyzeFile(file)).warnings, []);
  });

  it('analyzeFile: the warning reaches the analysis, whose lines stop at the cut', async () => {
    const { file, size } = writeLog('vmkernel.2.log', 60_000);
    const open = fs.promises.open;
    // cut the file once the first piece of the scan (a MiB, after the head) has been read
    fs.promises.open = async function (...args: Parameters<typeof open>) {
      const handle = await open(...args);
      const read = handle.read.bind(handle) as (...a: unknown[]) => Promise<fs.promises.FileReadResult<Buffer>>;
      (handle as { read: unknown }).read = async (...a: unknown[]) => {
        const r = await read(...a);
        if (r.bytesRead >= 1024 * 1024 && fs.statSync(file).size === size) fs.truncateSync(file, 1000);
        return r;
      };
      return handle;
    } as typeof open;
    try {
      const a = await analyzeFile(file);
      assert.equal(a.warnings.length, 1, a.warnings.join('\n'));
      const m = SHRANK.exec(a.warnings[0]);
      assert.ok(m, a.warnings[0]);
      assert.equal(Number(m[1]), size);
      assert.ok(a.lines > 0 && a.lines < 60_000, `${a.lines} lines`);
    } finally {
      fs.promises.open = open;
    }
  });
});
