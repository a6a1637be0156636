// Inputs that change or need care while the command line reads them: a log truncated mid-read is
// analysed to the cut with a warning that says so; a refusal storm without back-off says so in words;
// a timeline over an archive reads it once through a temporary spill that a signal does not leave behind.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { manyRefusalStormsLog } from '../../scripts/bench/adversarial';
import { tgzBytes } from '../helpers/archives';
import { runCli } from '../helpers/cli';
import { repoRoot } from '../helpers/paths';

let dir: string;
before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-cli-changing-'))));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A vmkernel log of `bytes` with a PSOD on its first line and another on its last. */
function vmkernelLog(bytes: number): string {
  const psod = (t: string) => `${t} cpu4:2097152)@BlueScreen: #PF Exception 14 in world 2097152:vmm0:vm1 IP 0x41802b1c3c40 addr 0x0`;
  const lines = [psod('2024-03-05T10:00:00.000Z')];
  let size = lines[0].length;
  for (let n = 1; size < bytes; n++) {
    const l = `${new Date(Date.UTC(2024, 2, 5, 10, 0, 0) + n * 100).toISOString()} cpu1:2097153)NetPort: 1632: disabled port 0x${n.toString(16)}`;
    lines.push(l);
    size += l.length + 1;
  }
  lines.push(psod('2024-03-05T23:59:59.000Z'));
  return lines.join('\n') + '\n';
}

/**
 * Loaded before the command line (node --require): once the first piece (a MiB) of `target` is read,
 * after its head was looked at, the file is cut to a few KiB, as a rotation with copytruncate does.
 */
const TRUNCATING_HOOK = `
const fs = require('fs');
const target = process.env.LOGTRIAGE_TEST_TRUNCATE;
const open = fs.promises.open;
let cut = false;
fs.promises.open = async function (...args) {
  const handle = await open.apply(this, args);
  if (String(args[0]) === target) {
    const read = handle.read.bind(handle);
    handle.read = async (...a) => {
      const r = await read(...a);
      if (!cut && r.bytesRead >= 1048576) {
        cut = true;
        fs.truncateSync(target, 4096);
      }
      return r;
    };
  }
  return handle;
};
`;

describe('inputs changing under the command line', () => {
  it('a log truncated while analyse reads it: the text read is analysed, and the warning names the sizes', () => {
    const log = path.join(dir, 'vmkernel.log');
    const text = vmkernelLog(4 * 1024 * 1024);
    fs.writeFileSync(log, text);
    const hook = path.join(dir, 'truncate-hook.js');
    fs.writeFileSync(hook, TRUNCATING_HOOK);
    const r = runCliWithEnv(['--require', hook], ['analyze', log, '--jobs', '1', '--format', 'json'], { LOGTRIAGE_TEST_TRUNCATE: log });
    assert.equal(r.code, 0, r.stderr);
    const size = Buffer.byteLength(text);
    assert.equal(fs.statSync(log).size, 4096, 'the hook cut the file');
    const warning = new RegExp(
      `^logtriage: ${log.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: the file shrank while it was read \\(${size} bytes when opened, (\\d+) read\\): it was truncated or rotated meanwhile; the analysis covers what was read$`,
      'm',
    );
    const m = warning.exec(r.stderr);
    assert.ok(m, r.stderr);
    assert.ok(Number(m[1]) > 0 && Number(m[1]) < size, m[1]);
    const doc = JSON.parse(r.stdout) as { files: { findings: { rule: string; line: number }[] }[] };
    // the first PSOD was read, the last (past the cut) was not
    assert.deepEqual(
      doc.files[0].findings.filter((f) => f.rule === 'esx/psod').map((f) => f.line),
      [1],
    );
  });

  it('a refusal storm without back-off says "retrying at once", never "retrying after none s"', () => {
    const log = path.join(dir, 'netbackup', 'logs', 'bpcd', 'log.050514');
    fs.mkdirSync(path.dirname(log), { recursive: true });
    fs.writeFileSync(log, [...manyRefusalStormsLog(20)].join(''));
    const r = runCli(['analyze', log, '--all']);
    assert.equal(r.code, 0, r.stderr);
    const storms = r.stdout.split('\n').filter((l) => l.includes(' nbu/connect-refused-storm '));
    assert.equal(storms.length, 20);
    for (const l of storms) assert.match(l, /retrying at once/);
    assert.doesNotMatch(r.stdout, /none s\b|undefined|NaN/);
  });
});

describe('timeline over an archive', () => {
  let archive: string;
  let folder: string;
  before(async () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ name: `esx-host${i}-2024-03-05--10.22-${i}/var/run/log/vmkernel.log`, data: vmkernelLog(64 * 1024 + i * 1000) }));
    archive = path.join(dir, 'vm-support.tgz');
    fs.writeFileSync(archive, await tgzBytes(items));
    folder = path.join(dir, 'unpacked');
    for (const item of items) {
      fs.mkdirSync(path.join(folder, path.dirname(item.name)), { recursive: true });
      fs.writeFileSync(path.join(folder, item.name), item.data);
    }
  });

  it('gives the lines of the unpacked folder, and leaves no temporary folder behind', () => {
    const tmp = fs.mkdtempSync(path.join(dir, 'tmp-'));
    const packed = runCliWithEnv([], ['timeline', archive, '--gap', '0'], { TMPDIR: tmp });
    assert.equal(packed.code, 0, packed.stderr);
    const unpacked = runCli(['timeline', folder, '--gap', '0']);
    const body = (out: string) =>
      out
        .split('\n')
        .filter((l) => !l.startsWith('#'))
        .map((l) => l.replace(/\[[^\]]*\] /, ''))
        .sort();
    assert.deepEqual(body(packed.stdout), body(unpacked.stdout));
    assert.deepEqual(fs.readdirSync(tmp), []);
  });

  it('stopped by SIGTERM while it writes, it removes its spill', async () => {
    const tmp = fs.mkdtempSync(path.join(dir, 'tmp-'));
    const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'timeline', archive], { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
    // stdout is not read: the merge waits on the full pipe with its spill in place
    const spilled = await waitFor(() => fs.readdirSync(tmp).some((d) => d.startsWith('logtriage-spill-')) && fs.readdirSync(path.join(tmp, fs.readdirSync(tmp)[0])).length === 12);
    assert.ok(spilled, 'the spill appeared with every member');
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGTERM');
    assert.equal(await exited, 'SIGTERM', 'the process still ends by the signal');
    assert.deepEqual(fs.readdirSync(tmp), []);
  });
});

function runCliWithEnv(nodeArgs: string[], args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [...nodeArgs, path.join(repoRoot, 'dist', 'cli.js'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 256 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function waitFor(test: () => boolean, ms = 20_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    try {
      if (test()) return true;
    } catch {
      // the folder is being made
    }
  }
  return false;
}
