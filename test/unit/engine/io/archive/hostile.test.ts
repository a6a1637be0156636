import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { analyzePaths, readMemberBytes } from '../../../../../server/src/engine';
import { safeMemberName, splitMemberPath } from '../../../../../server/src/engine/io/archive/memberPath';
import { readFixture } from '../../../../helpers/paths';
import { tarBytes, tgzBytes, zipBytes } from '../../../../helpers/archives';

let dir: string;
before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-hostile-archives-'))));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const VDF = readFixture('esx', 'vdf.txt');

function write(name: string, bytes: Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

const reasonOf = (r: { unreadable: { path: string; reason: string }[] }, suffix: string) => r.unreadable.find((u) => u.path.endsWith(suffix))?.reason;

describe('member names', () => {
  it('splits nested member paths at archive names only', () => {
    assert.deepEqual(splitMemberPath('/c/b.tgz!/x/in.zip!/var/log/messages'), { archive: '/c/b.tgz', members: ['x/in.zip', 'var/log/messages'] });
    assert.equal(splitMemberPath('/c/odd!/name/log'), undefined);
    assert.equal(splitMemberPath('/c/plain.log'), undefined);
  });

  it('drops a leading slash, refuses `..`', () => {
    assert.equal(safeMemberName('/var/log/messages'), 'var/log/messages');
    assert.equal(safeMemberName('./a//b\\c.log'), 'a/b/c.log');
    assert.equal(safeMemberName('C:\\logs\\x.log'), 'logs/x.log');
    assert.equal(safeMemberName('../../etc/cron.d/evil'), undefined);
    assert.equal(safeMemberName('a/../../b'), undefined);
  });
});

describe('hostile archives', () => {
  it('zip-slip names are named, never read, and nothing is written', async () => {
    const zip = write(
      'slip.zip',
      zipBytes([
        { name: '../../evil.log', data: VDF },
        { name: '/abs/vdf.txt', data: VDF },
        { name: 'ok/vdf.txt', data: VDF },
      ]),
    );
    const before = fs.readdirSync(path.dirname(dir));
    const r = await analyzePaths([zip]);
    assert.match(reasonOf(r, '../../evil.log')!, /unsafe member name/);
    assert.deepEqual(r.files.map((f) => f.path).sort(), [`${zip}!/abs/vdf.txt`, `${zip}!/ok/vdf.txt`]);
    assert.ok(r.files.every((f) => f.findings.length > 0));
    assert.deepEqual(
      fs.readdirSync(path.dirname(dir)).filter((n) => !before.includes(n)),
      [],
    );
  });

  it('a tar symlink to /etc/passwd and a hard link are named, not followed', async () => {
    const tgz = write(
      'links.tgz',
      await tgzBytes([
        { name: 'var/log/passwd', type: 'symlink', linkname: '/etc/passwd' },
        { name: 'var/log/vdf.txt', data: VDF },
        { name: 'var/log/copy.txt', type: 'link', linkname: 'var/log/vdf.txt' },
      ]),
    );
    const r = await analyzePaths([tgz]);
    assert.equal(reasonOf(r, 'var/log/passwd'), 'symbolic link to /etc/passwd, not followed');
    assert.equal(reasonOf(r, 'var/log/copy.txt'), 'hard link to var/log/vdf.txt, not followed');
    assert.deepEqual(
      r.files.map((f) => f.path),
      [`${tgz}!/var/log/vdf.txt`],
    );
    assert.deepEqual(r.bundles[0].skipped, [
      { reason: 'symbolic link, not followed', count: 1 },
      { reason: 'hard link, not followed', count: 1 },
    ]);
  });

  it('a member expanding to 10 GiB stops at the member cap, the bundle at the bundle cap', async () => {
    // a tar header declaring 10 GiB, then 10240 gzip members of 1 MiB of log text each (about 11 MB on disk)
    const MiB = 1024 * 1024;
    const header = (await tarBytes([{ name: 'var/log/messages', data: Buffer.alloc(0) }])).subarray(0, 512);
    // 10 GiB does not fit the 11 octal digits of the size field: GNU base-256, as tar writes it
    header.fill(0, 124, 136);
    header[124] = 0x80;
    header.writeUIntBE(10 * 1024 * MiB, 130, 6);
    header.fill(0x20, 148, 156);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += header[i];
    header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    const line = 'Mar  5 10:22:00 esxi01 vmkernel: cpu1:4096)ScsiDeviceIO: 2595: noise line\n';
    const oneMiB = zlib.gzipSync(Buffer.from(line.repeat(Math.ceil(MiB / line.length)).slice(0, MiB)), { level: 9 });
    const file = path.join(dir, 'bomb.tgz');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, zlib.gzipSync(header));
    for (let i = 0; i < 10240; i++) fs.writeSync(fd, oneMiB);
    fs.closeSync(fd);
    const started = Date.now();
    const r = await analyzePaths([file], { maxDecompressedBytes: 16 * MiB, maxBundleBytes: 48 * MiB });
    assert.ok(Date.now() - started < 60_000);
    const [member] = r.files;
    assert.equal(member.path, `${file}!/var/log/messages`);
    assert.ok(member.lines > 100_000 && member.lines < (16 * MiB) / line.length + 2, String(member.lines));
    assert.match(member.warnings.join('\n'), /more than 16 MiB/);
    assert.match(reasonOf(r, 'bomb.tgz')!, /bundle cap of 48 MiB/);
  });

  it('a truncated .tgz: the members before the damage are analyzed, the archive is named with its reason', async () => {
    const whole = await tgzBytes([
      { name: 'a/vdf.txt', data: VDF },
      { name: 'b/noise.log', data: 'x'.repeat(400_000) + '\n' + Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251)).toString('base64') },
    ]);
    const file = write('cut.tgz', whole.subarray(0, Math.floor(whole.length * 0.7)));
    const r = await analyzePaths([file]);
    assert.equal(r.files[0].path, `${file}!/a/vdf.txt`);
    assert.ok(r.files[0].findings.length > 0);
    assert.match(reasonOf(r, 'cut.tgz')!, /truncated or corrupt|cannot read/);
  });

  it('a zip without its central directory is named, not a crash', async () => {
    const whole = zipBytes([{ name: 'vdf.txt', data: VDF }]);
    const r = await analyzePaths([write('cut.zip', whole.subarray(0, whole.length - 30))]);
    assert.deepEqual(r.files, []);
    assert.match(reasonOf(r, 'cut.zip')!, /not a readable zip archive/);
  });

  it('an encrypted zip member is named with its reason and the rest is analyzed', async () => {
    const zip = write(
      'locked.zip',
      zipBytes([
        { name: 'secret/vdf.txt', data: VDF, encrypted: true, store: true },
        { name: 'open/vdf.txt', data: VDF },
      ]),
    );
    const r = await analyzePaths([zip]);
    assert.equal(reasonOf(r, 'secret/vdf.txt'), 'encrypted member (password-protected), not read');
    assert.deepEqual(
      r.files.map((f) => f.path),
      [`${zip}!/open/vdf.txt`],
    );
    assert.ok(r.files[0].findings.length > 0);
  });

  it('a corrupt member (broken deflate data) is named with its reason and the next member is analyzed', async () => {
    const bytes = zipBytes([
      { name: 'bad/vdf.txt', data: VDF },
      { name: 'good/vdf.txt', data: VDF },
    ]);
    bytes[30 + 'bad/vdf.txt'.length] = 0xff; // the first deflate block's type becomes the reserved one
    const zip = write('crc.zip', bytes);
    const r = await analyzePaths([zip]);
    assert.ok(r.files.some((f) => f.path === `${zip}!/good/vdf.txt` && f.findings.length > 0));
    const bad = r.files.find((f) => f.path.endsWith('bad/vdf.txt'));
    assert.match(bad?.warnings.join('\n') ?? reasonOf(r, 'bad/vdf.txt') ?? '', /invalid block type/);
  });

  it('reads one member by its path, nested archives included', async () => {
    const inner = zipBytes([{ name: 'deep/vdf.txt', data: VDF }]);
    const tgz = write(
      'nest.tgz',
      await tgzBytes([
        { name: 'x/other.log', data: 'other\n' },
        { name: 'x/inner.zip', data: inner },
      ]),
    );
    const { bytes, truncated } = await readMemberBytes(`${tgz}!/x/inner.zip!/deep/vdf.txt`, 1 << 20);
    assert.equal(bytes.toString('utf8'), VDF);
    assert.equal(truncated, false);
    await assert.rejects(readMemberBytes(`${tgz}!/x/missing.log`, 1 << 20), /no such member/);
  });
});
