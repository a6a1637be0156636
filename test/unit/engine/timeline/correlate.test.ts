import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { FileAnalysis, Finding } from '../../../../server/src/engine';
import { analyzePaths } from '../../../../server/src/engine';
import type { CorrelationResult } from '../../../../server/src/engine/correlate';
import { correlateAnalyses } from '../../../../server/src/engine/correlate';
import { runLinesNeed } from '../../../../server/src/engine/correlate/vmss';
import { parseOffsetArgument } from '../../../../server/src/engine/timeline';
import { fixture } from '../../../helpers/paths';

const twoHosts = fixture('timeline', 'nbu-two-hosts');
const clientOffset = [parseOffsetArgument('client=-5s')!];

function fileOf(files: FileAnalysis[], tail: string): FileAnalysis {
  const f = files.find((x) => x.path.endsWith(tail));
  assert.ok(f, `no analysis for ${tail}`);
  return f;
}

function findingsOf(file: FileAnalysis, rule: string): Finding[] {
  return file.findings.filter((f) => f.rule === rule);
}

function crossRelated(f: Finding): { path: string; line: number }[] {
  return f.related.filter((r) => r.path).map((r) => ({ path: path.relative(twoHosts, r.path!), line: r.span.line + 1 }));
}

describe('cross-file correlation: NetBackup status 25 across two hosts (article 002)', () => {
  it('relates the media server status 25 and delays to the client vnetd forward-socket timeout, both ways, with the client offset', async () => {
    const { files } = await analyzePaths([twoHosts], { clockOffsets: clientOffset });
    const bpbrm = fileOf(files, 'media/bpbrm/log.050514');
    const vnetd = fileOf(files, 'client/vnetd/log.050514');
    const bpcd = fileOf(files, 'client/bpcd/log.050514');
    const [status25] = findingsOf(bpbrm, 'nbu/status-25');
    assert.deepEqual(crossRelated(status25), [
      { path: 'client/vnetd/log.050514', line: 17 },
      { path: 'client/vnetd/log.050514', line: 21 },
    ]);
    assert.match(status25.message, /vnetd had already closed the job's forwarding socket 57276 at 17:48:41\.611 \(client\/vnetd line 17\)$/);
    for (const delay of findingsOf(bpbrm, 'nbu/pbx-connect-delay')) assert.equal(crossRelated(delay)[0]?.path, 'client/vnetd/log.050514');
    const [timeout] = findingsOf(vnetd, 'nbu/vnetd-forward-timeout');
    const back = crossRelated(timeout);
    assert.deepEqual(back[0], { path: 'media/bpbrm/log.050514', line: 1 }, 'the hand-over line: NCB_DATASOCKET 57276;c432cf...');
    assert.ok(
      back.some((r) => r.path === 'media/bpbrm/log.050514' && r.line === status25.span.line + 1),
      'and the media server status 25',
    );
    assert.ok(
      back.some((r) => r.path === 'client/bpcd/log.050514'),
      'and bpcd, which tried the closed socket',
    );
    assert.match(timeout.message, /the media server \(media\/bpbrm\) had received this socket \(ipc 57276\) at 17:46:37\.262 and failed the job with status 25 at 17:50:36\.114$/);
    const [bpcdStatus] = findingsOf(bpcd, 'nbu/status-25');
    assert.equal(crossRelated(bpcdStatus)[0].path, 'client/vnetd/log.050514');
  });

  it('does not relate the hosts when the client clock runs 5 s ahead and no offset says so, and tells why', async () => {
    const { files } = await analyzePaths([twoHosts]);
    const bpbrm = fileOf(files, 'media/bpbrm/log.050514');
    for (const f of bpbrm.findings) assert.deepEqual(crossRelated(f), [], `${f.rule} line ${f.span.line + 1}`);
    const [timeout] = findingsOf(fileOf(files, 'client/vnetd/log.050514'), 'nbu/vnetd-forward-timeout');
    assert.ok(!crossRelated(timeout).some((r) => r.path.startsWith('media/')));
    // the same analyzes, correlated again with the offset: now they relate
    const again = await correlateAnalyses(files, { clockOffsets: clientOffset });
    assert.ok(again.links.some((l) => l.from.path.endsWith('media/bpbrm/log.050514') && l.from.rule === 'nbu/status-25' && l.to.rule === 'nbu/vnetd-forward-timeout'));
  });

  it('reports the clock disagreement the shared hash reveals, with an offset to try', async () => {
    let result: CorrelationResult | undefined;
    await analyzePaths([twoHosts], {}, { onCorrelated: (r) => void (result = r) });
    const [hint] = result!.hints;
    assert.ok(hint, 'a clock hint');
    assert.ok(hint.path.endsWith('client/vnetd/log.050514'));
    assert.ok(hint.reference.endsWith('media/bpbrm/log.050514'));
    assert.equal(hint.skewMs, 4037);
    assert.match(hint.message, /try a clock offset of -5s for client\/vnetd/);
  });

  it("needs the same hash: another job's forwarding socket on the client is not related", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-correlate-'));
    try {
      fs.cpSync(twoHosts, dir, { recursive: true });
      const vnetd = path.join(dir, 'client', 'vnetd', 'log.050514');
      fs.writeFileSync(vnetd, fs.readFileSync(vnetd, 'utf8').replaceAll('c432cfc40d6d02d80f592f6c03015c49', '0123456789abcdef0123456789abcdef'));
      let hints = -1;
      const { files } = await analyzePaths([dir], { clockOffsets: clientOffset }, { onCorrelated: (r) => void (hints = r.hints.length) });
      for (const f of fileOf(files, 'media/bpbrm/log.050514').findings) assert.ok(!f.related.some((r) => r.path), `${f.rule} line ${f.span.line + 1}`);
      assert.ok(hints <= 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cross-file correlation: a failed VMSS run and its SMlog / xensource.log errors (CTX224169)', () => {
  const dir = fixture('timeline', 'vmss-failed-run');

  it('relates VMSS_SNAPSHOT_FAILED to the errors written during its run, and only those', async () => {
    const { files } = await analyzePaths([dir]);
    const [failed] = findingsOf(fileOf(files, 'VMSSlog'), 'vmss/snapshot-failed');
    const related = failed.related.filter((r) => r.path).map((r) => [path.basename(r.path!), r.span.line + 1]);
    assert.deepEqual(related, [
      ['SMlog', 7],
      ['SMlog', 8],
      ['xensource.log', 4],
    ]);
    assert.match(failed.message, /during this run \(VMSS \[10123\], from 10:15:01\.000\) 2 errors in SMlog and 1 error in xensource\.log/);
    assert.match(failed.related[0].message, /^SMlog at 10:15:57\.000, during this VMSS run: Raising exception \[44, There is insufficient space\]$/);
  });

  it("reads only the lines of the processes whose runs failed, not every process's", async () => {
    const { files } = await analyzePaths([dir]);
    const vmss = fileOf(files, 'VMSSlog');
    assert.equal(findingsOf(vmss, 'vmss/snapshot-failed')[0].thread, '10123');
    const need = runLinesNeed(vmss);
    const lines = fs.readFileSync(path.join(dir, 'VMSSlog'), 'utf8').trimEnd().split('\n');
    const wanted = lines.filter((text, line) => need.wants(text, line));
    assert.deepEqual(
      wanted.map((t) => /\[(\d+)\]/.exec(t)?.[1]),
      Array(11).fill('10123'),
    );
    assert.deepEqual(need.only?.literals, ['10123']);
    // a failure whose line names no process has no run to read
    const pidless = { ...vmss, findings: vmss.findings.map((f) => ({ ...f, thread: undefined })) };
    assert.deepEqual(
      lines.filter((text, line) => runLinesNeed(pidless).wants(text, line)),
      lines.filter((t) => t.includes('VMSS_SNAPSHOT_FAILED')),
    );
  });

  it('compares on one clock: errors an offset moves out of the run are not related', async () => {
    const { files } = await analyzePaths([dir], { clockOffsets: [parseOffsetArgument('xensource.log=+20m')!, parseOffsetArgument('SMlog=+20m')!] });
    const [failed] = findingsOf(fileOf(files, 'VMSSlog'), 'vmss/snapshot-failed');
    assert.deepEqual(
      failed.related.filter((r) => r.path),
      [],
      'moved 20 min later, the errors fall outside the run',
    );
  });
});
