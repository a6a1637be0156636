// `logtriage analyze` on a bundle (archive or folder): the bundle summary heads the text output and
// is the "bundles" field of json, of the ndjson summary line and of the SARIF run's properties.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type * as Sarif from 'sarif';
import { tgzBytes } from '../helpers/archives';
import { runCli } from '../helpers/cli';
import { readFixture } from '../helpers/paths';
import { sarifValidator } from '../helpers/sarif';

const HOST = 'esx-esxi07-2024-03-05--10.22-4711';

interface BundleJson {
  path: string;
  layouts: string[];
  product: string | null;
  version: string | null;
  hosts: string[];
  firstTime: string | null;
  lastTime: string | null;
  analysed: number;
  recognised: number;
  skipped: { reason: string; count: number }[];
}

let dir: string;
let archive: string;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-cli-bundle-'));
  archive = path.join(dir, 'vm-support.tgz');
  fs.writeFileSync(
    archive,
    await tgzBytes([
      { name: `${HOST}/commands/vmware_-vl.txt`, data: 'VMware ESXi 8.0.2 build-22380479\nVMware ESXi 8.0 Update 2\n' },
      { name: `${HOST}/var/run/log/vmkernel.log`, data: readFixture('esx', 'vmkernel-esxi8.log') },
      { name: `${HOST}/var/run/log/hostd.0.gz`, data: zlib.gzipSync(readFixture('esx', 'hostd-esxi8.log')) },
      { name: `${HOST}/var/run/log/vobd.log`, data: readFixture('esx', 'vobd-esxi8.log') },
      { name: `${HOST}/bin/vmkload`, data: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1]) },
      { name: `${HOST}/bin/vmkping`, data: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 2]) },
    ]),
  );
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What every format must say of the bundle above. */
function checkBundle(b: BundleJson): void {
  assert.equal(b.path, archive);
  assert.deepEqual(b.layouts, ['VMware vm-support bundle']);
  assert.equal(b.product, 'VMware ESXi');
  assert.equal(b.version, '8.0.2 build-22380479');
  assert.deepEqual(b.hosts, ['esxi07']);
  assert.match(b.firstTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.ok(b.lastTime! >= b.firstTime!, `${b.firstTime} .. ${b.lastTime}`);
  assert.equal(b.analysed, 4);
  assert.equal(b.recognised, 3);
  assert.deepEqual(b.skipped, [{ reason: 'binary file', count: 2 }]);
}

describe('logtriage analyze on a bundle: the bundle summary', () => {
  it('text: the summary comes first, before any finding, then the files and the tally', () => {
    const r = runCli(['analyze', archive]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], `bundle ${archive}: VMware vm-support bundle`);
    assert.equal(lines[1], '  product: VMware ESXi 8.0.2 build-22380479');
    assert.equal(lines[2], '  hosts: esxi07');
    assert.match(lines[3], /^ {2}time range: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d to \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(each log's own clock\)$/);
    assert.equal(lines[4], '  files: 4 analyzed, 3 recognised, 2 skipped (2 binary file)');
    assert.ok(
      lines.slice(5).some((l) => l.startsWith(`${archive}!/${HOST}/var/run/log/vmkernel.log:`)),
      r.stdout,
    );
    assert.match(lines[lines.length - 1], /^\d+ findings? in 6 files .*; 2 skipped$/);
    // the held-back lines are the ones a run without a summary prints, in the same order
    const quiet = runCli(['analyze', archive, '--quiet']);
    assert.deepEqual(
      quiet.stdout.trimEnd().split('\n'),
      lines.filter((l) => /:\d+: /.test(l)),
    );
  });

  it('json: a "bundles" field beside the files and the summary', () => {
    const r = runCli(['analyze', archive, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { bundles: BundleJson[]; files: unknown[] };
    assert.equal(doc.bundles.length, 1);
    checkBundle(doc.bundles[0]);
    assert.equal(doc.files.length, 6);
  });

  it('ndjson: the summary line, last, carries the bundles', () => {
    const r = runCli(['analyze', archive, '--format', 'ndjson']);
    assert.equal(r.code, 0, r.stderr);
    const last = JSON.parse(r.stdout.trimEnd().split('\n').pop()!) as { type: string; bundles: BundleJson[]; files: number };
    assert.equal(last.type, 'summary');
    assert.equal(last.files, 6);
    assert.equal(last.bundles.length, 1);
    checkBundle(last.bundles[0]);
  });

  it('sarif: the run properties carry the bundles, and the log stays valid SARIF 2.1.0', () => {
    const r = runCli(['analyze', archive, '--format', 'sarif']);
    assert.equal(r.code, 0, r.stderr);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
    const bundles = log.runs[0].properties?.bundles as BundleJson[];
    assert.equal(bundles.length, 1);
    checkBundle(bundles[0]);
  });

  it('a folder is a bundle too; a log named on its own is none (json "bundles" empty, text unchanged)', () => {
    const folder = runCli(['analyze', 'examples/xenserver', '--format', 'json']);
    const doc = JSON.parse(folder.stdout) as { bundles: BundleJson[] };
    assert.equal(doc.bundles.length, 1);
    const b = doc.bundles[0];
    assert.deepEqual([b.path, b.layouts, b.analysed, b.recognised, b.skipped], ['examples/xenserver', [], 2, 2, []]);
    // VMSSlog and cron stamps carry no year: the range says month to seconds only
    assert.match(b.firstTime ?? '', /^--\d\d-\d\dT\d\d:\d\d:\d\d$/);
    assert.match(runCli(['analyze', 'examples/xenserver']).stdout, /^bundle examples\/xenserver: no known bundle layout\n {2}time range: \d\d-\d\d .*\(no year in log\)/);
    const single = runCli(['analyze', 'examples/vnx/server_log', '--format', 'json']);
    assert.deepEqual((JSON.parse(single.stdout) as { bundles: BundleJson[] }).bundles, []);
    const text = runCli(['analyze', 'examples/vnx/server_log']);
    assert.ok(!/^bundle /m.test(text.stdout), text.stdout);
    assert.match(text.stdout, /^examples\/vnx\/server_log:\d+: /);
  });
});
