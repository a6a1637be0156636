import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli';
import { repoRoot } from '../helpers/paths';

const run = (...args: string[]) => runCli(args);

describe('logtriage analyze', () => {
  it('prints one line per finding, the family per file and a summary', () => {
    const r = run('analyze', 'examples/');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines.includes('examples/vnx/server_log:11: warning vnx/ckpt-wait NDMP backup is waiting for a checkpoint slot: 10 temporary NDMP checkpoints are counted against a limit of 8 concurrent data streams'));
    assert.ok(lines.some((l) => l.startsWith('examples/vnx/server_log:13: error vnx/ckpt-timer-expired ')));
    assert.ok(lines.some((l) => l.startsWith('examples/vnx/server_log:14: error vnx/snapsure-create-failed ')));
    assert.ok(lines.includes('examples/vnx/server_log: vnx-server-log, 21 lines, 8 findings'));
    // one finding is one, not "1 findings"
    assert.ok(lines.includes('examples/esx/vdf.txt: esx-vdf, 6 lines, 1 finding'));
    assert.ok(lines.some((l) => l.startsWith('examples/vnx/server_log:16: warning vnx/ndmp-stream-aborted ')));
    assert.match(lines.at(-1)!, /^\d+ findings in \d+ files? \(\d+ errors, \d+ warnings?, /);
    assert.equal(r.stderr, '');
  });

  it('prints the JSON document of ARCHITECTURE.md (Contracts)', () => {
    const r = run('analyze', 'examples/vnx/server_log', '--json');
    assert.equal(r.code, 0);
    const doc = JSON.parse(r.stdout);
    // the contract's key first; later keys are additions (correlations, bundles, summary)
    assert.deepEqual(Object.keys(doc), ['files', 'correlations', 'bundles', 'summary']);
    const [file] = doc.files;
    assert.equal(file.path, 'examples/vnx/server_log');
    assert.equal(file.format, 'vnx-server-log');
    assert.deepEqual(Object.keys(file.findings[0]).sort(), ['count', 'endLine', 'fix', 'lastLine', 'line', 'message', 'rule', 'severity']);
    assert.deepEqual(
      file.findings.map((f: { rule: string; line: number; severity: string }) => [f.rule, f.line, f.severity]),
      [
        ['vnx/ckpt-wait', 11, 'warning'],
        ['vnx/ckpt-timer-expired', 13, 'error'],
        ['vnx/snapsure-create-failed', 14, 'error'],
        ['vnx/snapsure-create-failed', 15, 'error'],
        ['vnx/ndmp-stream-aborted', 16, 'warning'],
        ['vnx/ndmp-stream-aborted', 17, 'warning'],
        ['vnx/ndmp-stream-aborted', 18, 'warning'],
        ['vnx/ndmp-stream-aborted', 19, 'warning'],
      ],
    );
  });

  it('exits 1 with a one-line message for an unreadable path, and still analyzes the rest', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-cli-'));
    const locked = path.join(dir, 'server_log');
    fs.copyFileSync(path.join(repoRoot, 'examples/vnx/server_log'), locked);
    fs.chmodSync(locked, 0);
    const r = run('analyze', '/nonexistent/server_log', 'examples/vnx/server_log', locked, '--json');
    assert.equal(r.code, 1);
    const errors = r.stderr.trimEnd().split('\n');
    assert.equal(errors[0], 'logtriage: /nonexistent/server_log: no such file or directory');
    // root reads files whatever their mode; the permission line appears only for other users
    if (process.getuid?.() !== 0) assert.equal(errors[1], `logtriage: ${locked}: permission denied`);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.files[0].error, 'no such file or directory');
    assert.equal(doc.files[1].findings.length, 8);
  });

  it('exits 2 on a usage error', () => {
    for (const args of [[], ['analyze'], ['frobnicate'], ['analyze', 'examples', '--bogus']]) {
      const r = run(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr.split('\n')[0], /^logtriage: /);
    }
  });
});

describe('logtriage decode', () => {
  it('decodes a VNX level, as text and as JSON', () => {
    const line = '2015-05-05 12:40:10: 13161529344: CMD: 3: Timer expired when waiting for concurrentCkptCnt decreasing';
    const text = run('decode', line);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /syslog level 3: error/);
    const json = JSON.parse(run('decode', line, '--json').stdout);
    assert.deepEqual(json[0].kind, 'syslog-level');
    assert.deepEqual(Object.keys(json[0]), ['kind', 'text', 'summary', 'details']);
    assert.equal(json[0].text, '3');
  });

  it('says when nothing is known', () => {
    const r = run('decode', 'hello world');
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'no known codes found\n');
    assert.deepEqual(JSON.parse(run('decode', 'hello world', '--json').stdout), []);
  });
});
