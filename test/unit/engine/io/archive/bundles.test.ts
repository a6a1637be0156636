import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { analyzePaths } from '../../../../../server/src/engine';
import type { PathsAnalysis } from '../../../../../server/src/engine/analyzePaths';
import { readFixture } from '../../../../helpers/paths';
import type { TarItem } from '../../../../helpers/archives';
import { countReads, tgzBytes, zipBytes } from '../../../../helpers/archives';
import { MEMBER_KEPT_BYTES } from '../../../../../server/src/engine/io/archive/keptBytes';
import { liveTempDirs } from '../../../../../server/src/engine/io/tempDir';

// A vm-support-like tree, a XenServer status report and a NetBackup logs folder, from the fixtures.
const HOST = 'esx-esxi01-2024-03-05--10.22-12345';
const diagTgz = () =>
  tgzBytes([
    { name: 'var/log/messages', data: readFixture('esx', 'article-001.messages') },
    { name: 'var/log/vmkwarning.log', data: readFixture('esx', 'vmkwarning.log') },
  ]);
const vmSupport = async (): Promise<TarItem[]> => [
  { name: `${HOST}/`, type: 'directory' },
  { name: `${HOST}/commands/vmware_-vl.txt`, data: 'VMware ESXi 6.5.0 build-5969303\nVMware ESXi 6.5.0 GA\n' },
  { name: `${HOST}/var/run/log/vmkernel.log`, data: readFixture('esx', 'vmkernel-esxi65.crlf.log') },
  { name: `${HOST}/var/run/log/hostd.log`, data: readFixture('esx', 'hostd-esxi67.log') },
  { name: `${HOST}/var/run/log/hostd.0.gz`, data: zlib.gzipSync(readFixture('esx', 'hostd-esxi5.log')) },
  { name: `${HOST}/commands/vdf_-h.txt`, data: readFixture('esx', 'vdf-full.txt') },
  { name: `${HOST}/var/core/diag.tgz`, data: await diagTgz() },
];
const xenReport = (): TarItem[] => [
  { name: 'bug-report-20240305102200/VMSSlog', data: readFixture('xenserver', 'variants', 'VMSSlog.1') },
  { name: 'bug-report-20240305102200/SMlog', data: readFixture('xenserver', 'variants', 'SMlog') },
  { name: 'bug-report-20240305102200/xensource.log', data: readFixture('xenserver', 'variants', 'xensource.log') },
  { name: 'bug-report-20240305102200/etc/xensource-inventory', data: "PRODUCT_BRAND='XenServer'\nPRODUCT_VERSION='7.1.2'\nBUILD_NUMBER='137272c'\n" },
];
const netbackup = (): TarItem[] => [
  { name: 'media/netbackup/logs/bpbrm/log.050514', data: readFixture('netbackup', 'article-002', 'media', 'bpbrm', 'log.050514') },
  { name: 'client/netbackup/logs/bpcd/log.050514', data: readFixture('netbackup', 'article-002', 'client', 'bpcd', 'log.050514') },
  { name: 'client/netbackup/logs/vnetd/log.050514', data: readFixture('netbackup', 'article-002', 'client', 'vnetd', 'log.050514') },
];

let dir: string;
before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-bundles-'))));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function unpack(root: string, items: TarItem[]): void {
  for (const item of items) {
    if (item.type === 'directory') continue;
    fs.mkdirSync(path.join(root, path.dirname(item.name)), { recursive: true });
    fs.writeFileSync(path.join(root, item.name), item.data!);
  }
}

type Seen = [string, string, number, string, string];
/** Each finding as (file relative to the bundle, rule, line, severity, message), sorted. */
function findingsBy(result: PathsAnalysis, prefix: string): Seen[] {
  return result.files.flatMap((f) => f.findings.map((x): Seen => [f.path.slice(prefix.length), x.rule, x.span.line, x.severity, x.message])).sort((a, b) => a.join('\0').localeCompare(b.join('\0')));
}

function hasBzip2(): boolean {
  return spawnSync('bzip2', ['--help'], { stdio: 'ignore' }).status === 0;
}

describe('bundles analyzed as the customer sent them', () => {
  it('a vm-support .tgz with an inner .tgz and .gz members gives the findings of the unpacked folder at the same lines', async () => {
    const items = await vmSupport();
    const archive = path.join(dir, 'vm-support.tgz');
    fs.writeFileSync(archive, await tgzBytes(items));
    const folder = path.join(dir, 'vm-support');
    unpack(folder, items);
    const packed = await analyzePaths([archive]);
    const unpacked = await analyzePaths([folder]);
    const seen = findingsBy(packed, `${archive}!/`);
    assert.ok(seen.length >= 5, `few findings: ${seen.length}`);
    assert.deepEqual(seen, findingsBy(unpacked, `${folder}/`));
    assert.deepEqual(packed.unreadable, []);
    const paths = packed.files.map((f) => f.path);
    assert.ok(paths.includes(`${archive}!/${HOST}/var/run/log/hostd.0.gz`));
    assert.ok(paths.includes(`${archive}!/${HOST}/var/core/diag.tgz!/var/log/messages`), paths.join('\n'));
    assert.equal(packed.files.find((f) => f.path.endsWith('hostd.0.gz'))!.format, 'esx-hostd-log');
    const [bundle] = packed.bundles;
    assert.equal(bundle.path, archive);
    assert.deepEqual(bundle.layouts, ['VMware vm-support bundle']);
    assert.equal(bundle.product, 'VMware ESXi');
    assert.equal(bundle.version, '6.5.0 build-5969303');
    assert.deepEqual(bundle.hosts, ['esxi01']);
    assert.equal(bundle.analysed, packed.files.length);
    assert.ok(bundle.recognised >= 6 && bundle.recognised < bundle.analysed, `${bundle.recognised} of ${bundle.analysed}`);
    assert.ok(bundle.firstTime! < bundle.lastTime!);
  });

  it('a XenServer status report as .tar.bz2 and .tar.xz', async (t) => {
    if (!hasBzip2()) return t.skip('bzip2 is not installed');
    const items = xenReport();
    const folder = path.join(dir, 'xen');
    unpack(folder, items);
    const unpacked = await analyzePaths([folder]);
    for (const [ext, flag] of [
      ['tar.bz2', '-cjf'],
      ['tar.xz', '-cJf'],
    ]) {
      const archive = path.join(dir, `status-report.${ext}`);
      const r = spawnSync('tar', [flag, archive, '-C', folder, 'bug-report-20240305102200']);
      assert.equal(r.status, 0, String(r.stderr));
      const packed = await analyzePaths([archive]);
      assert.deepEqual(findingsBy(packed, `${archive}!/`), findingsBy(unpacked, `${folder}/`), ext);
      assert.ok(findingsBy(packed, `${archive}!/`).some((f) => f[1].startsWith('vmss/')));
      assert.deepEqual(packed.bundles[0].layouts, ['XenServer status report']);
      assert.equal(packed.bundles[0].product, 'Citrix XenServer');
      assert.equal(packed.bundles[0].version, '7.1.2');
    }
  });

  it('a .zip of NetBackup logs folders, correlated across its members like the folder', async () => {
    const items = netbackup();
    const archive = path.join(dir, 'nbu.zip');
    fs.writeFileSync(archive, zipBytes(items.map((i) => ({ name: i.name, data: i.data! }))));
    const folder = path.join(dir, 'nbu');
    unpack(folder, items);
    const packed = await analyzePaths([archive]);
    const unpacked = await analyzePaths([folder]);
    assert.deepEqual(findingsBy(packed, `${archive}!/`), findingsBy(unpacked, `${folder}/`));
    const status25 = packed.files.flatMap((f) => f.findings).find((f) => f.rule === 'nbu/status-25');
    assert.ok(status25, 'status 25 found');
    // the cross-file relation reaches the client's vnetd member by its archive path
    assert.ok(
      status25.related.some((r) => r.path === `${archive}!/client/netbackup/logs/vnetd/log.050514`),
      JSON.stringify(status25.related),
    );
    assert.deepEqual(packed.bundles[0].layouts, ['NetBackup logs folder']);
  });

  it("a member too big to keep in memory is kept on disk for the relations: one walk, the folder's relations, nothing left behind", async () => {
    // an SMlog past the memory cap (a benign process's lines before the run's): its evidence is read
    // again from the kept file, not by a second walk of the archive to it
    const padding = Array.from({ length: 150_000 }, (_, i) => `May 21 01:${String(Math.floor(i / 3000) % 60).padStart(2, '0')}:00 xrtuk-09-11 SM: [999] lock: padding line ${i} ${'p'.repeat(60)}`).join('\n') + '\n';
    assert.ok(padding.length > MEMBER_KEPT_BYTES, `${padding.length} bytes of padding`);
    const run = (name: string) => readFixture('timeline', 'vmss-failed-run', name);
    const items: TarItem[] = [
      { name: 'bug-report-20240521021500/VMSSlog', data: run('VMSSlog') },
      { name: 'bug-report-20240521021500/SMlog', data: padding + run('SMlog') },
      { name: 'bug-report-20240521021500/xensource.log', data: run('xensource.log') },
    ];
    const archive = path.join(dir, 'big-report.tgz');
    fs.writeFileSync(archive, await tgzBytes(items));
    const folder = path.join(dir, 'big-report');
    unpack(folder, items);
    const before = liveTempDirs().length;
    const counted = await countReads(archive, () => analyzePaths([archive]));
    const unpacked = await analyzePaths([folder]);
    assert.equal(counted.reads, 1, 'the archive is walked once');
    assert.deepEqual(findingsBy(counted.result, `${archive}!/`), findingsBy(unpacked, `${folder}/`));
    const related = (r: PathsAnalysis, prefix: string) =>
      r.files
        .flatMap((f) => f.findings)
        .filter((f) => f.rule.startsWith('vmss/'))
        .flatMap((f) => f.related.map((x) => `${(x.path ?? '').slice(prefix.length)}:${x.span.line}:${x.message}`))
        .sort();
    const smlog = related(counted.result, `${archive}!/`).filter((r) => r.includes('SMlog'));
    assert.ok(smlog.length > 0, 'the failed run is related to its SMlog errors');
    assert.deepEqual(related(counted.result, `${archive}!/`), related(unpacked, `${folder}/`));
    assert.equal(liveTempDirs().length, before, "the kept member's folder is removed");
  });

  it('a folder holding archives walks each of them as its own bundle', async () => {
    const folder = path.join(dir, 'case');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'host1.tgz'), await tgzBytes(xenReport()));
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'customer says backups fail since Monday\n');
    const result = await analyzePaths([folder]);
    assert.ok(result.files.some((f) => f.path === path.join(folder, 'host1.tgz') + '!/bug-report-20240305102200/VMSSlog'));
    assert.deepEqual(result.bundles.map((b) => b.path).sort(), [folder, path.join(folder, 'host1.tgz')]);
  });
});
