// `logtriage report`: the report pasted into a case, as markdown and as plain text. Both read
// cleanly (no backslash escapes), evidence links are absolute file: URIs (none for archive members),
// sources are public addresses, and an archive's bundle summary comes first.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { tgzBytes } from '../helpers/archives';
import { runCli } from '../helpers/cli';
import { readFixture, repoRoot } from '../helpers/paths';

const HOST = 'esx-esxi01-2024-03-05--10.22-12345';
let dir: string;
let bundle: string;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-report-'));
  bundle = path.join(dir, 'vm-support.tgz');
  fs.writeFileSync(
    bundle,
    await tgzBytes([
      { name: `${HOST}/commands/vmware_-vl.txt`, data: 'VMware ESXi 6.5.0 build-5969303\nVMware ESXi 6.5.0 GA\n' },
      { name: `${HOST}/var/run/log/vmkernel.log`, data: readFixture('esx', 'vmkernel-esxi65.crlf.log') },
      { name: `${HOST}/commands/vdf_-h.txt`, data: readFixture('esx', 'vdf-full.txt') },
      { name: `${HOST}/var/core/core.bin`, data: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0]) },
    ]),
  );
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every markdown link target of a text. */
const targets = (md: string) => [...md.matchAll(/\]\(([^)\s]+)\)|<(https?:[^>]+)>/g)].map((m) => m[1] ?? m[2]);

describe('logtriage report', () => {
  it('markdown: evidence as absolute file: links that exist, public sources only, log text unescaped', () => {
    const run = runCli(['report', 'examples/netbackup']);
    assert.equal(run.code, 0, run.stderr);
    const links = targets(run.stdout);
    const files = links.filter((l) => l.startsWith('file:'));
    assert.ok(files.length > 10, links.join('\n'));
    for (const link of files) assert.ok(fs.existsSync(fileURLToPath(link.replace(/#L\d+$/, ''))), link);
    assert.ok(files.includes(`file://${path.join(repoRoot, 'examples/netbackup/client/bpcd/log.050514')}#L30`), files.join('\n'));
    for (const link of links.filter((l) => !l.startsWith('file:'))) assert.match(link, /^https:\/\/[a-z0-9.-]+\.[a-z]+\//, link);
    assert.doesNotMatch(run.stdout, /shared\/|seeds\//);
    assert.doesNotMatch(run.stdout, /\\[()[\]:;,.!_-]/, 'no backslash escapes');
    assert.match(run.stdout, /NetBackup status 25 \(cannot connect on socket\): failed: 25; after 1 connection problem on this thread, the closest at line 24/);
  });

  it('text: the same report without markup, controls neutralised, paths as labels', () => {
    const run = runCli(['report', 'examples/netbackup', '--format', 'text']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Log Triage report\n=+\n/);
    assert.match(run.stdout, /^- error: client\/bpcd\/log\.050514:30 — NetBackup status 25 \(cannot connect on socket\): failed: 25;/m);
    assert.doesNotMatch(run.stdout, /\*\*|`|\]\(|\\[():;]/);
    assert.match(run.stdout, /^- Veritas article 100024894: .*: https:\/\/www\.veritas\.com\//m);
    assert.equal(runCli(['report', 'examples/netbackup', '--format', 'html']).code, 2);
  });

  it('an archive: the bundle summary leads, members are named (not linked), the skipped member counted', () => {
    for (const format of ['markdown', 'text']) {
      const run = runCli(['report', bundle, '--format', format]);
      assert.equal(run.code, 0, run.stderr);
      const out = run.stdout;
      const summary = out.indexOf('Bundle');
      assert.ok(summary > 0 && summary < out.indexOf('Files\n') && summary < out.indexOf('Root causes'), out.slice(0, 800));
      assert.match(out, /VMware vm-support bundle/);
      assert.match(out, /Product\**:? VMware ESXi 6\.5\.0/);
      assert.match(out, /Time range\**:? 20\d\d-\d\d-\d\d \d\d:\d\d:\d\d to 20\d\d/);
      assert.match(out, /Files\**:? 3 analyzed, [23] recognised, 1 skipped \(1 binary file\)/);
      assert.ok(out.includes(`vm-support.tgz!/${HOST}/var/run/log/vmkernel.log`), out.slice(0, 1500));
      assert.ok(!targets(out).some((l) => l.includes('!/')), 'no link into an archive');
    }
  });
});
