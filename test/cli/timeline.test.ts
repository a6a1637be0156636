import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../helpers/paths';

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'timeline', ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const twoHosts = 'test/fixtures/timeline/nbu-two-hosts';

describe('logtriage timeline', () => {
  it('prints the merged lines as "<time> [tag] <original line>" after notes naming each file', () => {
    const r = run(twoHosts, '--offset', 'client=-5s', '--gap', '1m');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.split('\n').slice(0, -1);
    assert.deepEqual(lines.slice(0, 3), [
      `# [client/bpcd] ${twoHosts}/client/bpcd/log.050514: netbackup-legacy-log, day 2014-05-05 from the file name, clock offset -5 s`,
      `# [client/vnetd] ${twoHosts}/client/vnetd/log.050514: netbackup-legacy-log, day 2014-05-05 from the file name, clock offset -5 s`,
      `# [media/bpbrm] ${twoHosts}/media/bpbrm/log.050514: netbackup-legacy-log, day 2014-05-05 from the file name`,
    ]);
    assert.equal(lines[3], '2014-05-05T17:46:35.940 [client/vnetd] 17:46:40.940 [2368.4288] <2> ProcessRequests: ... 0: msg: VNETD ACCEPT FROM 2.2.2.2.3471 TO 3.3.3.3.13724 fd = 392');
    assert.ok(lines.includes('2014-05-05T17:46:37.262  [media/bpbrm] 17:46:37.262 [1660.4296] <2> bpbrm read_media_msg: read from media manager: NCB_DATASOCKET myclient_1307115858 57276;c432cfc40d6d02d80f592f6c03015c49;10;600'));
    assert.ok(lines.includes('2014-05-05T17:46:37.262          [gap] ··· 1 min 59 s with nothing logged, until 2014-05-05T17:48:36.611 ···'));
    assert.equal(lines.at(-2), ' '.repeat(25) + '[media/bpbrm] ', 'an empty continuation line keeps its record company');
    assert.ok(lines.at(-1)!.startsWith('2014-05-05T17:50:36.114  [media/bpbrm] 17:50:36.114 [5592.5372] <16> bpbrm handle_backup: cannot create data socket'));
  });

  it("prints one JSON document with each line's file and line, filtered by --from/--to", () => {
    const r = run(twoHosts, '--json', '--offset=client=-5s', '--from', '2014-05-05T17:50:36', '--to', '17:50:36');
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(doc), ['lines', 'files', 'unreadable', 'records', 'gaps', 'clockSteps']);
    const timed = doc.lines.filter((l: { continuation?: boolean }) => !l.continuation);
    assert.deepEqual(
      timed.map((l: { time: string; tag: string; path: string; line: number }) => [l.time, l.tag, l.path, l.line]),
      [
        ['2014-05-05T17:50:36.114', 'media/bpbrm', `${twoHosts}/media/bpbrm/log.050514`, 61],
        ['2014-05-05T17:50:36.114', 'media/bpbrm', `${twoHosts}/media/bpbrm/log.050514`, 63],
        ['2014-05-05T17:50:36.114', 'media/bpbrm', `${twoHosts}/media/bpbrm/log.050514`, 65],
      ],
    );
    assert.equal(timed[0].text, '17:50:36.114 [5592.5372] <2> bpcr_put_vnetd_forward_socket: bpcd returned failure: 25');
    const vnetd = doc.files.find((f: { tag: string }) => f.tag === 'client/vnetd');
    assert.deepEqual({ offsetMs: vnetd.offsetMs, placed: vnetd.placed, firstTime: vnetd.firstTime }, { offsetMs: -5000, placed: true, firstTime: '2014-05-05T17:46:35.940' });
    assert.equal(doc.records, 3);
  });

  it('lists files it cannot place on stderr and in the notes, dates a renamed NetBackup log by its file, and still exits 0', () => {
    const r = run('test/fixtures/timeline/mixed');
    assert.equal(r.code, 0);
    assert.ok(r.stdout.includes('# not placed: test/fixtures/timeline/mixed/collection-notes.txt: no log family recognised'));
    assert.deepEqual(r.stderr.trimEnd().split('\n'), ['logtriage: test/fixtures/timeline/mixed/collection-notes.txt: not placed on the timeline: no log family recognised and no line starts with a date and time']);
    assert.match(r.stdout, /# \[undated\/bpbrm\/bpbrm\.txt\] test\/fixtures\/timeline\/mixed\/undated\/bpbrm\/bpbrm\.txt: netbackup-legacy-log, day \d{4}-\d{2}-\d{2} from the file's modification time/);
  });

  it('exits 1 with a one-line message for an unreadable input, after merging the others', () => {
    const r = run('/nonexistent/log.050514', `${twoHosts}/media`);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'logtriage: /nonexistent/log.050514: no such file or directory\n');
    assert.ok(r.stdout.includes('[bpbrm] 17:50:36.114 '));
  });

  it('exits 2 with the usage on a command-line mistake', () => {
    for (const [args, message] of [
      [[], 'timeline needs at least one file or folder'],
      [[twoHosts, '--bogus'], 'unknown option --bogus'],
      [[twoHosts, '--offset', 'client'], '--offset client: expected file=+5s (a tag, path or glob, then a signed duration)'],
      [[twoHosts, '--from', 'yesterday'], '--from yesterday: not a date and time (2014-05-05T17:46:00, "2014-05-05 17:46" or 17:46)'],
      [[twoHosts, '--gap'], '--gap needs a value'],
    ] as const) {
      const r = run(...args);
      assert.equal(r.code, 2, args.join(' '));
      const [first, usage] = r.stderr.split('\n');
      assert.equal(first, `logtriage: ${message}`);
      assert.match(usage, /^usage: logtriage timeline /); // the command's own usage
      assert.ok(r.stderr.includes('logtriage timeline <files|folder>... [--from T] [--to T] [--offset file=+5s ...] [--date file=YYYY-MM-DD ...] [--gap 5m] [--year Y] [--json]'));
      assert.equal(r.stdout, '');
    }
  });

  it('reads a day-first job details text day first, the ambiguous dates included', () => {
    const r = run('test/fixtures/netbackup/jobdetails/dayfirst_tape_84.txt', '--gap', '1d');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.ok(lines.includes('2019-04-12T23:59:58.000 [dayfirst_tape_84.txt] 12/04/2019 23:59:58 - Info nbpem (pid=2001) backup of client db02 exceeded its window start, submitting now'), r.stdout);
    assert.ok(
      lines.some((l) => l.startsWith('2019-04-13T22:31:09.000 [dayfirst_tape_84.txt] 13/04/2019 22:31:09 - Info bptm')),
      r.stdout,
    );
  });
});
