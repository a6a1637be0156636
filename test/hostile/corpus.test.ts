// The hostile corpus: what a customer's support bundle may hold besides logs. Each case ends in a
// clear one-line reason or a correct result, quickly, and the good log next to it is still analyzed:
// through analyzePaths (what Analyze Folder and the report use) and through `logtriage analyze --json`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { PathsAnalysis } from '../../server/src/engine';
import { analyzeFile, analyzePaths, LogInputError } from '../../server/src/engine';
import { repoRoot } from '../helpers/paths';

const GOOD = fs.readFileSync(path.join(repoRoot, 'examples', 'vnx', 'server_log'), 'utf8');
const VMKERNEL = fs.readFileSync(path.join(repoRoot, 'examples', 'esx', 'vmkernel.log'), 'utf8');
const TWO_GB = 2 * 1024 ** 3;

let dir: string;
let bundle: string;
let outside: string;

function cli(args: string[], options: { uid?: number; gid?: number } = {}) {
  const started = performance.now();
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args], { encoding: 'utf8', timeout: 120_000, ...options });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - started };
}

function byName(result: PathsAnalysis, name: string) {
  const p = path.join(bundle, name);
  return { analysis: result.files.find((f) => f.path === p), unreadable: result.unreadable.find((u) => u.path === p) };
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-hostile-'));
  fs.chmodSync(dir, 0o755); // the permission case runs the CLI as another user
  bundle = path.join(dir, 'bundle');
  outside = path.join(dir, 'elsewhere');
  fs.mkdirSync(bundle);
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'id_rsa'), 'Mar 1 08:53:36 host vmkernel: 2:16:49:12.573 cpu3:4099)SECRET-KEY-MATERIAL\n');
  fs.writeFileSync(path.join(bundle, 'server_log'), GOOD);
  // binary: an executable-like header with NULs
  fs.writeFileSync(path.join(bundle, 'binary.log'), Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\x00\x00\x00'), Buffer.alloc(4096, 0xab)]));
  fs.writeFileSync(path.join(bundle, 'empty.log'), '');
  // 2 GB of nothing: a sparse file, refused by the NUL sniff before anything is read past 8000 bytes
  fs.writeFileSync(path.join(bundle, 'sparse.log'), '');
  fs.truncateSync(path.join(bundle, 'sparse.log'), TWO_GB);
  // a real log followed by a 2 GB hole (a crash left pre-allocated space): the text is analyzed, the hole skipped
  fs.writeFileSync(path.join(bundle, 'vmkernel.log'), VMKERNEL.repeat(8));
  fs.truncateSync(path.join(bundle, 'vmkernel.log'), TWO_GB);
  // a .gz cut in the middle
  const gz = zlib.gzipSync(Buffer.from(VMKERNEL.repeat(200)));
  fs.writeFileSync(path.join(bundle, 'vmkernel.1.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
  // a gzip bomb: 256 MiB of log lines in a few hundred kilobytes
  fs.writeFileSync(path.join(bundle, 'bomb.log.gz'), zlib.gzipSync(Buffer.alloc(256 * 1024 * 1024, 'aaaaaaa\n'), { level: 9 }));
  // links: a loop, a link to a folder above (not walked), a link to a file outside the bundle, a link to a file inside it
  fs.symlinkSync('loop.log', path.join(bundle, 'loop.log'));
  fs.symlinkSync('..', path.join(bundle, 'up'));
  fs.symlinkSync(path.join(outside, 'id_rsa'), path.join(bundle, 'outside.log'));
  fs.symlinkSync('server_log', path.join(bundle, 'inside-link.log'));
  fs.symlinkSync('missing.log', path.join(bundle, 'dangling.log'));
  // a FIFO: opening it for reading would block until a writer comes
  spawnSync('mkfifo', [path.join(bundle, 'pipe.log')]);
  // a folder named like a log, with a log in it
  fs.mkdirSync(path.join(bundle, 'hostd.log'));
  fs.writeFileSync(path.join(bundle, 'hostd.log', 'server_log'), GOOD);
  // no read permission (root reads it anyway: the CLI case below runs as another user)
  fs.writeFileSync(path.join(bundle, 'locked.log'), GOOD);
  fs.chmodSync(path.join(bundle, 'locked.log'), 0);
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('hostile bundle through analyzePaths', () => {
  let result: PathsAnalysis;
  let ms: number;
  before(async () => {
    const started = performance.now();
    result = await analyzePaths([bundle], { maxDecompressedBytes: 8 * 1024 * 1024 });
    ms = performance.now() - started;
  });

  it('ends quickly: 2 GB sparse files, a gzip bomb and a FIFO do not hang it', () => {
    assert.ok(ms < 60_000, `took ${Math.round(ms)} ms`);
  });

  it('still analyzes the good log, and the one in a folder named like a log', () => {
    assert.equal(byName(result, 'server_log').analysis?.findings.length, 8);
    assert.equal(byName(result, 'hostd.log/server_log').analysis?.findings.length, 8);
  });

  it('refuses a binary file with one line', () => {
    assert.equal(byName(result, 'binary.log').unreadable?.reason, 'binary file (NUL byte in the first 8000 bytes), skipped');
  });

  it('analyzes an empty file: no lines, no findings', () => {
    const a = byName(result, 'empty.log').analysis!;
    assert.deepEqual([a.lines, a.findings.length, a.format, a.warnings], [0, 0, null, []]);
  });

  it('refuses a 2 GB sparse file as binary at once', async () => {
    assert.match(byName(result, 'sparse.log').unreadable!.reason, /^binary file/);
    const started = performance.now();
    await assert.rejects(analyzeFile(path.join(bundle, 'sparse.log')), LogInputError);
    assert.ok(performance.now() - started < 1000, 'the sniff reads only the start');
  });

  it('analyzes the text before a 2 GB hole and says the hole was skipped', () => {
    const a = byName(result, 'vmkernel.log').analysis!;
    assert.equal(a.format, 'esx-vmkernel-log');
    assert.equal(
      a.findings.reduce((n, f) => n + f.count, 0),
      8 * 7,
      'every occurrence counted (repeats are folded into counts)',
    );
    // the NULs in the piece where the text ends make one long line; the whole pieces of NULs are skipped
    assert.ok(a.warnings.includes('2047 MiB of NUL bytes (a sparse or pre-allocated region) were skipped'), a.warnings.join('\n'));
  });

  it('keeps the text before the damage of a truncated .gz, with a warning', () => {
    const a = byName(result, 'vmkernel.1.gz').analysis!;
    assert.equal(a.format, 'esx-vmkernel-log');
    const occurrences = a.findings.reduce((n, f) => n + f.count, 0);
    assert.ok(occurrences > 0 && occurrences < 200 * 7, `${occurrences} occurrences`);
    assert.match(a.warnings.join('\n'), /corrupt or truncated gzip .*only the text before the damage was analyzed/);
  });

  it('stops a gzip bomb at the cap, with a warning naming the option and the setting', () => {
    const a = byName(result, 'bomb.log.gz').analysis!;
    assert.equal(a.lines, (8 * 1024 * 1024) / 8);
    assert.deepEqual(a.warnings, ['decompresses to more than 8 MiB (a gzip bomb?); only the first 8 MiB were analyzed (option maxDecompressedBytes, setting logtriage.gzip.maxDecompressedMegabytes)']);
  });

  it('reports a symbolic link loop and a dangling link, and does not walk a link to a folder', () => {
    assert.equal(byName(result, 'loop.log').unreadable?.reason, 'symbolic link loop');
    assert.equal(byName(result, 'dangling.log').unreadable?.reason, 'broken symbolic link');
    assert.ok(!result.files.some((f) => f.path.includes(`${path.sep}up${path.sep}`)), 'the link to the parent folder was walked');
  });

  it('does not follow a link to a file outside the bundle, but does follow one inside it', () => {
    assert.equal(byName(result, 'outside.log').unreadable?.reason, 'symbolic link to a file outside the analyzed folder, not followed');
    assert.ok(!JSON.stringify(result).includes('SECRET-KEY-MATERIAL'));
    assert.equal(byName(result, 'inside-link.log').analysis?.findings.length, 8);
  });

  it('lists a FIFO without opening it', () => {
    assert.equal(byName(result, 'pipe.log').unreadable?.reason, 'not a regular file (a FIFO, socket or device), skipped');
  });

  it('says "permission denied" for a file it may not read (the error injected, since root reads anything)', async () => {
    const locked = path.join(bundle, 'locked.log');
    const open = fs.promises.open;
    fs.promises.open = (async (p: fs.PathLike, ...rest: unknown[]) => {
      if (p === locked) throw Object.assign(new Error(`EACCES: permission denied, open '${locked}'`), { code: 'EACCES' });
      return (open as (...a: unknown[]) => Promise<fs.promises.FileHandle>)(p, ...rest);
    }) as typeof fs.promises.open;
    try {
      const r = await analyzePaths([locked, path.join(bundle, 'server_log')]);
      assert.deepEqual(r.unreadable, [{ path: locked, reason: 'permission denied' }]);
      assert.equal(r.files.length, 1);
    } finally {
      fs.promises.open = open;
    }
  });

  it('says "is a directory" when a folder named like a log is opened as a file', async () => {
    await assert.rejects(analyzeFile(path.join(bundle, 'hostd.log')), (e: unknown) => e instanceof LogInputError && e.reason === 'is a directory');
  });
});

describe('hostile bundle through logtriage analyze --json', () => {
  it('prints one line per unreadable file, a JSON entry for every file, and exits 1', () => {
    const r = cli(['analyze', bundle, '--json']);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.ms < 90_000, `took ${Math.round(r.ms)} ms`);
    const doc = JSON.parse(r.stdout) as { files: { path: string; format: string | null; error?: string; findings: { count: number }[] }[] };
    const entry = (name: string) => doc.files.find((f) => f.path === path.join(bundle, name));
    assert.equal(entry('server_log')?.findings.length, 8);
    assert.equal(entry('hostd.log/server_log')?.findings.length, 8);
    assert.equal(entry('empty.log')?.findings.length, 0);
    assert.equal(
      entry('vmkernel.log')?.findings.reduce((n, f) => n + f.count, 0),
      56,
    );
    assert.match(entry('binary.log')!.error!, /^binary file/);
    assert.match(entry('sparse.log')!.error!, /^binary file/);
    assert.equal(entry('loop.log')?.error, 'symbolic link loop');
    assert.equal(entry('outside.log')?.error, 'symbolic link to a file outside the analyzed folder, not followed');
    assert.equal(entry('pipe.log')?.error, 'not a regular file (a FIFO, socket or device), skipped');
    // every stderr line is one short line naming its file
    const lines = r.stderr.trimEnd().split('\n');
    for (const line of lines) assert.match(line, /^logtriage: \/\S+: .{5,200}$/);
    assert.ok(
      lines.some((l) => l.endsWith('vmkernel.1.gz: corrupt or truncated gzip (unexpected end of file); only the text before the damage was analyzed')),
      r.stderr,
    );
    // the CLI's default cap (4 GiB) lets the 256 MiB bomb through whole: 32 Mi lines
    assert.ok(!lines.some((l) => l.includes('bomb.log.gz')), r.stderr);
  });

  it('says "permission denied" for a file the user may not read (run as nobody)', (t) => {
    if (process.getuid?.() !== 0) {
      // not root: chmod 0 is enough
      const r = cli(['analyze', path.join(bundle, 'locked.log'), path.join(bundle, 'server_log'), '--json']);
      assert.equal(r.stderr, `logtriage: ${path.join(bundle, 'locked.log')}: permission denied\n`);
      return;
    }
    const nobody = 65534;
    const probe = spawnSync(process.execPath, ['-e', '0'], { uid: nobody, gid: nobody });
    if (probe.status !== 0) {
      t.skip('cannot run a process as uid 65534 here; the code path is covered by the injected EACCES above');
      return;
    }
    const r = cli(['analyze', path.join(bundle, 'locked.log'), path.join(bundle, 'server_log'), '--json'], { uid: nobody, gid: nobody });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `logtriage: ${path.join(bundle, 'locked.log')}: permission denied\n`);
    assert.equal(JSON.parse(r.stdout).files[1].findings.length, 8);
  });
});
