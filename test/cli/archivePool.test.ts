// An archive analysed by the worker pool (this thread decompresses, the workers analyse its
// members) prints what one thread prints, byte for byte, in every format: plain, gzipped, nested,
// binary, linked and cut-short members, a member bigger than the bytes a worker is sent ahead, one
// bigger than a worker keeps in memory for the correlation, and the findings related across
// members. The selection applies to members as to files.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { MEMBER_BYTES_AHEAD, workerCount } from '../../server/src/cli/pool';
import { MEMBER_KEPT_BYTES } from '../../server/src/engine/io/archive/keptBytes';
import type { TarItem } from '../helpers/archives';
import { tarBytes, tgzBytes } from '../helpers/archives';
import { runCli } from '../helpers/cli';
import { fixture, readFixture, repoRoot } from '../helpers/paths';

let dir: string;
let archive: string;
let tmpdir: string | undefined;

/** The fixture logs of one folder as members under `prefix`. */
function folderItems(folder: string, prefix: string): TarItem[] {
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort()
    .map((file) => ({ name: `${prefix}/${path.relative(folder, file)}`, data: fs.readFileSync(file) }));
}

/** A vmkernel log bigger than a worker is sent ahead, with a finding near its end. */
function bigLog(): string {
  const line = readFixture('esx', 'vmkernel-esxi8.log').split('\n')[0];
  const lines = Math.ceil((MEMBER_BYTES_AHEAD * 1.2) / (line.length + 1));
  return `${line}\n`.repeat(lines) + readFixture('esx', 'vmkernel-esxi8.log');
}

/**
 * An SMlog past what is kept of a member in memory (a benign process's lines before the run's): its
 * worker keeps it on disk for the correlation's second look.
 */
function pastMemoryCap(smlog: string | Buffer): string {
  const line = (i: number) => `May 21 01:${String(Math.floor(i / 3000) % 60).padStart(2, '0')}:00 xrtuk-09-11 SM: [999] lock: padding line ${i} ${'p'.repeat(60)}`;
  const lines = Math.ceil((MEMBER_KEPT_BYTES * 1.1) / line(0).length);
  return Array.from({ length: lines }, (_, i) => line(i) + '\n').join('') + smlog.toString();
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-cli-archive-pool-'));
  // the children's temporary folders, to see that none is left behind
  fs.mkdirSync(path.join(dir, 'tmp'));
  tmpdir = process.env.TMPDIR;
  process.env.TMPDIR = path.join(dir, 'tmp');
  archive = path.join(dir, 'bundle.tgz');
  const cut = zlib.gzipSync(readFixture('esx', 'hostd-esxi8.log'));
  const items: TarItem[] = [
    ...folderItems(fixture('timeline', 'nbu-two-hosts'), 'case/nbu'),
    ...folderItems(fixture('timeline', 'vmss-failed-run'), 'case/xs').map((i) => (i.name.endsWith('/SMlog') ? { ...i, data: pastMemoryCap(i.data!) } : i)),
    { name: 'case/esx/vmkernel.log', data: bigLog() },
    { name: 'case/esx/hostd.0.gz', data: zlib.gzipSync(readFixture('esx', 'hostd-esxi8.log')) },
    { name: 'case/esx/hostd.1.gz', data: cut.subarray(0, cut.length >> 1) },
    { name: 'case/esx/vobd.log', type: 'symlink', linkname: '/etc/passwd' },
    { name: 'case/bin/vmkload', data: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1]) },
    { name: 'case/inner.tgz', data: await tgzBytes(folderItems(path.join(repoRoot, 'examples'), 'examples')) },
    { name: 'case/plain.tar', data: await tarBytes([{ name: 'var/log/VMSSlog', data: fs.readFileSync(path.join(repoRoot, 'examples', 'xenserver', 'VMSSlog')) }]) },
  ];
  fs.writeFileSync(archive, await tgzBytes(items));
});
after(() => {
  if (tmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = tmpdir;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('an archive through the worker pool', () => {
  it('prints what one thread prints, byte for byte, in every format', () => {
    for (const format of ['text', 'json', 'ndjson', 'sarif']) {
      const [one, two, three] = ['1', '2', '3'].map((j) => runCli(['analyze', archive, '--format', format, '--jobs', j]));
      assert.equal(one.code, 1, 'a member could not be read');
      // --jobs 2: one worker beside the walk; --jobs 3: two
      for (const [jobs, r] of [[2, two] as const, [3, three] as const]) {
        assert.equal(r.stdout, one.stdout, `${format}, --jobs ${jobs}`);
        assert.equal(r.stderr, one.stderr, `${format}, --jobs ${jobs}: stderr`);
      }
      if (format !== 'json') continue;
      const json = JSON.parse(two.stdout) as { files: { path: string; findings: unknown[] }[]; correlations: unknown[] };
      assert.ok(json.correlations.length > 0, 'findings related across members');
      assert.ok(json.files.find((f) => f.path.endsWith('!/case/esx/vmkernel.log'))!.findings.length > 0, 'the big member was read to its end');
      assert.match(JSON.stringify(json.correlations), /case\/xs\/SMlog/, 'the failed run is related to the errors of the SMlog kept on disk');
    }
    assert.deepEqual(fs.readdirSync(path.join(dir, 'tmp')), [], 'no kept member left in the temporary folder');
  });

  it('counts this thread as one of the jobs: it walks an archive, or analyses files beside the workers', () => {
    const files = [{ path: 'a.log' }, { path: 'b.log' }, { path: 'c.log', error: 'binary file' }];
    assert.deepEqual(
      [1, 2, 3, 8].map((jobs) => workerCount(jobs, files, ['bundle.tgz'])),
      [0, 1, 2, 7],
    );
    assert.deepEqual(
      [1, 2, 3, 8].map((jobs) => workerCount(jobs, files, [])),
      [0, 1, 1, 1],
      'files alone: this thread and a worker per other readable file at most, none for one',
    );
    assert.equal(workerCount(4, files.slice(0, 1), []), 0);
  });

  it('applies the selection to members as to files', () => {
    const r = runCli(['analyze', archive, '--json', '--jobs', '2', '--only', 'vmss/snapshot-failed']);
    const rules = new Set((JSON.parse(r.stdout) as { files: { findings: { rule: string }[] }[] }).files.flatMap((f) => f.findings.map((x) => x.rule)));
    assert.deepEqual([...rules], ['vmss/snapshot-failed']);
  });
});
