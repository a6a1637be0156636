// Options of the command line: selection (--only, --disable, --min-severity, --family, --rules),
// exit codes (0, 1, 2, 3), skipped files, --jobs, --quiet, --help, --version, decode -, rules.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli';
import { fixture, repoRoot } from '../helpers/paths';

const PACK = path.relative(repoRoot, fixture('rulepack'));

function findings(args: string[]): { rule: string; severity: string; line: number; path: string }[] {
  const r = runCli(['analyze', ...args, '--format', 'ndjson']);
  assert.ok(r.code === 0 || r.code === 3, r.stderr);
  return r.stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l))
    .filter((l) => l.type === 'finding');
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-cli-'));
}

describe('selection', () => {
  const all = findings(['examples/']);

  it('--only and --disable (repeatable, comma-separated) choose the rules reported', () => {
    const only = findings(['examples/', '--only', 'vnx/ckpt-wait,nbu/status-25', '--only', 'esx/userworld-coredump']);
    assert.deepEqual(new Set(only.map((f) => f.rule)), new Set(['vnx/ckpt-wait', 'nbu/status-25', 'esx/userworld-coredump']));
    assert.equal(only.length, all.filter((f) => ['vnx/ckpt-wait', 'nbu/status-25', 'esx/userworld-coredump'].includes(f.rule)).length);
    const disabled = findings(['examples/', '--disable', 'vnx/ndmp-stream-aborted']);
    assert.equal(disabled.length, all.filter((f) => f.rule !== 'vnx/ndmp-stream-aborted').length);
    assert.ok(!disabled.some((f) => f.rule === 'vnx/ndmp-stream-aborted'));
  });

  it('an unknown rule id is a usage error that names it', () => {
    const r = runCli(['analyze', 'examples/', '--only', 'vnx/no-such-rule']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^logtriage: no rule vnx\/no-such-rule/);
  });

  it('--min-severity keeps that severity and worse', () => {
    const warnings = findings(['examples/', '--min-severity', 'warning']);
    assert.deepEqual(new Set(warnings.map((f) => f.severity)), new Set(['error', 'warning']));
    assert.equal(warnings.length, all.filter((f) => f.severity === 'error' || f.severity === 'warning').length);
    assert.equal(runCli(['analyze', 'examples/', '--min-severity', 'fatal']).code, 2);
  });

  it('--family is taken for a file whose name and content say nothing, and only there', () => {
    const dir = tempDir();
    // a NetBackup job summary pasted without the legacy log prefix: no family recognises it
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'job 4711 for client web01\nEXIT STATUS 25: cannot connect on socket\n');
    fs.copyFileSync(path.join(repoRoot, 'examples/vnx/server_log'), path.join(dir, 'server_log'));
    const plain = runCli(['analyze', dir, '--json']);
    const forced = runCli(['analyze', dir, '--json', '--family', 'netbackup-legacy-log']);
    const byName = (doc: string) => Object.fromEntries((JSON.parse(doc).files as { path: string; format: string; findings: { rule: string }[] }[]).map((f) => [path.basename(f.path), f]));
    assert.equal(byName(plain.stdout)['notes.txt'].format, null);
    assert.equal(byName(plain.stdout)['notes.txt'].findings.length, 0);
    assert.equal(byName(forced.stdout)['notes.txt'].format, 'netbackup-legacy-log');
    assert.deepEqual(
      byName(forced.stdout)['notes.txt'].findings.map((f) => f.rule),
      ['nbu/status-25'],
    );
    assert.equal(byName(forced.stdout).server_log.format, 'vnx-server-log'); // recognised files keep their family
    assert.equal(runCli(['analyze', dir, '--family', 'cobol']).code, 2);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('rule packs (--rules) and logtriage rules', () => {
  it('a folder with two rule files and runbooks: its rules find their lines, the report opens their runbooks', () => {
    const found = findings(['examples/', '--rules', PACK, '--only', 'team/ndmp-streams-in-use,team/buffer-flush-failed']);
    assert.deepEqual(
      found.map((f) => [f.path, f.rule, f.line]),
      [
        ['examples/esx/vmkernel.log', 'team/buffer-flush-failed', 3],
        ['examples/esx/vmkernel.log', 'team/buffer-flush-failed', 4],
        ['examples/esx/vmkernel.log', 'team/buffer-flush-failed', 5],
        ['examples/esx/vmkernel.log', 'team/buffer-flush-failed', 6],
        ['examples/vnx/server_log', 'team/ndmp-streams-in-use', 2],
        ['examples/vnx/server_log', 'team/ndmp-streams-in-use', 12],
      ],
    );
    const report = runCli(['report', 'examples/vnx', '--rules', PACK]);
    assert.equal(report.code, 0, report.stderr);
    assert.match(report.stdout, /^### Team: NDMP streams near the Data Mover limit$/m);
    assert.match(report.stdout, /server_param server_2 -facility NDMP -info concurrentDataStreams/);
  });

  it('a single rules file loads alone', () => {
    const found = findings(['examples/esx', '--rules', path.join(PACK, 'esx-team.json'), '--only', 'team/buffer-flush-failed']);
    assert.equal(found.length, 4);
    assert.equal(runCli(['analyze', 'examples/', '--rules', path.join(PACK, 'esx-team.json'), '--only', 'team/ndmp-streams-in-use']).code, 2);
  });

  it("a broken rule is named with its file and line, and the pack's other rules still load", () => {
    const dir = tempDir();
    const good = JSON.parse(fs.readFileSync(path.join(PACK, 'esx-team.json'), 'utf8'));
    const unsafe = { ...good.rules[0], id: 'team/unsafe', pattern: '(a+)+$' };
    fs.writeFileSync(path.join(dir, 'rules.json'), JSON.stringify({ rules: [unsafe, good.rules[0]] }, null, 2));
    const r = runCli(['analyze', 'examples/esx', '--rules', dir, '--only', 'team/buffer-flush-failed', '--json']);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /rules\.json rule #1 \(team\/unsafe\): "pattern" "\(a\+\)\+\$" is unsafe: .* \(line 4\)/);
    assert.equal(JSON.parse(r.stdout).summary.findings, 4);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a missing pack is a usage error', () => {
    const r = runCli(['analyze', 'examples/', '--rules', 'no/such/pack']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^logtriage: --rules no\/such\/pack: no such file or folder/);
  });

  it('rules lists every rule with family, severity and source, as text and JSON', () => {
    const r = runCli(['rules', '--rules', PACK, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const { rules } = JSON.parse(r.stdout) as { rules: { id: string; families: string[]; severity: string; source: string }[] };
    const team = rules.find((x) => x.id === 'team/ndmp-streams-in-use')!;
    assert.deepEqual(team, { id: 'team/ndmp-streams-in-use', families: ['vnx-server-log'], severity: 'information', source: path.join(PACK, 'vnx-team.json'), title: 'NDMP streams in use on the Data Mover' });
    assert.equal(rules.find((x) => x.id === 'vnx/ckpt-wait')!.source, 'built-in');
    const text = runCli(['rules']).stdout.trimEnd().split('\n');
    assert.match(
      text.find((l) => l.startsWith('vnx/ckpt-wait '))!,
      /^vnx\/ckpt-wait +warning +vnx-server-log +built-in +/,
    );
    assert.equal(text.at(-1), `${rules.length - 2} rules`);
  });
});

describe('exit codes', () => {
  it('--fail-on exits 3 when a finding that severe or worse was reported, else 0', () => {
    assert.equal(runCli(['analyze', 'examples/vnx', '--fail-on', 'error']).code, 3);
    assert.equal(runCli(['analyze', 'examples/vnx', '--fail-on', 'warning', '--only', 'vnx/ckpt-wait']).code, 3);
    assert.equal(runCli(['analyze', 'examples/vnx', '--fail-on', 'error', '--only', 'vnx/ckpt-wait']).code, 0);
    assert.equal(runCli(['analyze', 'examples/xenserver/cron', '--fail-on', 'hint']).code, 0);
    assert.equal(runCli(['report', 'examples/vnx', '--fail-on', 'error']).code, 3);
    assert.equal(runCli(['analyze', 'examples/vnx', '--fail-on', 'bad']).code, 2);
  });

  it('an unreadable input is 1, even past --fail-on', () => {
    assert.equal(runCli(['analyze', 'examples/vnx', '/nonexistent/log', '--fail-on', 'error']).code, 1);
    assert.equal(runCli(['report', '/nonexistent/log']).code, 1);
  });

  it('a binary file and a FIFO are skipped and named on stderr, not failures', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'core.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3]));
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    fs.copyFileSync(path.join(repoRoot, 'examples/vnx/server_log'), path.join(dir, 'server_log'));
    const r = runCli(['analyze', dir, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /core\.bin: binary file .*skipped/);
    assert.match(r.stderr, /pipe: not a regular file .*skipped/);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(
      doc.files.filter((f: { skipped?: boolean }) => f.skipped).map((f: { path: string }) => path.basename(f.path)),
      ['core.bin', 'pipe'],
    );
    assert.equal(doc.summary.skipped, 2);
    const quiet = runCli(['analyze', dir, '--quiet']);
    assert.equal(quiet.stderr, '');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a run that stops before its end (a read that never finishes) is 1 and says so, not 0 with part of the output', () => {
    // every file read made to wait forever: Node ends the process once nothing else is left to run
    const dir = tempDir();
    const stall = path.join(dir, 'stall.cjs');
    fs.writeFileSync(stall, "const fs = require('fs'); fs.promises.open = () => new Promise(() => {});\n");
    const r = spawnSync(process.execPath, ['--require', stall, path.join(repoRoot, 'dist', 'cli.js'), 'analyze', 'examples/vnx/server_log'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^logtriage: the run stopped before its end .*the output is incomplete$/m);
    // a run that ends normally says nothing of the kind
    const normal = runCli(['analyze', 'examples/vnx/server_log']);
    assert.equal(normal.code, 0);
    assert.doesNotMatch(normal.stderr, /stopped before its end/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a usage error is 2 and names the bad option with the command's usage", () => {
    const r = runCli(['analyze', 'examples/', '--bogus']);
    assert.equal(r.code, 2);
    const [first, usage] = r.stderr.split('\n');
    assert.equal(first, "logtriage: Unknown option '--bogus'");
    assert.equal(usage, 'usage: logtriage analyze <file-or-folder>... [options]');
    assert.match(runCli(['analyze', 'examples/', '--jobs']).stderr, /^logtriage: Option '-j, --jobs <value>' argument missing/);
    assert.match(runCli(['analyze', 'examples/', '--jobs', '0']).stderr, /^logtriage: --jobs 0: expected a whole number from 1 to 256/);
    assert.match(runCli(['decode', 'a', 'b']).stderr, /^logtriage: decode needs exactly one quoted text/);
  });
});

describe('jobs, quiet, help, version', () => {
  it('--jobs 1, 2 and 3 print the same, byte for byte, in every format', () => {
    for (const format of ['text', 'json', 'ndjson', 'sarif']) {
      const outputs = ['1', '2', '3'].map((j) => runCli(['analyze', 'examples/', '--format', format, '--jobs', j]));
      for (const o of outputs) assert.equal(o.code, 0, o.stderr);
      assert.equal(outputs[1].stdout, outputs[0].stdout, format);
      assert.equal(outputs[2].stdout, outputs[0].stdout, format);
    }
  });

  it('--quiet prints the findings only; without a terminal there is no progress line', () => {
    const loud = runCli(['analyze', 'examples/vnx']);
    const quiet = runCli(['analyze', 'examples/vnx', '-q']);
    assert.equal(loud.stderr, '');
    assert.deepEqual(
      quiet.stdout.trimEnd().split('\n'),
      loud.stdout
        .trimEnd()
        .split('\n')
        .filter((l) => /^examples\/vnx\/server_log:\d+: /.test(l)),
    );
  });

  it('a progress line on stderr when it is a terminal (files done, MB/s, current file), none with --quiet', (t) => {
    if (!fs.existsSync('/usr/bin/script')) return t.skip('util-linux script (a pseudo-terminal) is missing');
    // script runs the command on a pseudo-terminal and copies what it shows; stdout goes to /dev/null
    const onTerminal = (extra: string) => spawnSync('/usr/bin/script', ['-qec', `"${process.execPath}" dist/cli.js analyze examples/ --jobs 1 ${extra} >/dev/null`, '/dev/null'], { cwd: repoRoot, encoding: 'utf8' }).stdout;
    assert.match(onTerminal(''), /\r\d+\/\d+ files, [\d.]+ MB\/s, examples\/\S+/);
    assert.doesNotMatch(onTerminal('--quiet'), /files, [\d.]+ MB\/s/);
  });

  it('--help for every command, --version from package.json', () => {
    for (const command of ['analyze', 'report', 'decode', 'rules', 'timeline']) {
      const r = runCli([command, '--help']);
      assert.equal(r.code, 0, command);
      assert.match(r.stdout, new RegExp(`^usage: logtriage ${command}`), command);
    }
    assert.match(runCli(['--help']).stdout, /^usage: logtriage <command>/);
    const version = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version;
    assert.equal(runCli(['--version']).stdout, `${version}\n`);
  });

  it('decode - reads standard input, more than 128 KiB of it', () => {
    const filler = 'x'.repeat(199) + '\n';
    const input = filler.repeat(1000) + '17:50:35.517 [2172.4736] <16> process_requests: get_vnetd_forward_socket failed: 25\n' + filler.repeat(100);
    assert.ok(input.length > 200 * 1024);
    const r = runCli(['decode', '-', '--json'], { input });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { kind: string; text: string }[];
    assert.deepEqual(doc.find((d) => d.kind === 'netbackup-status')?.text, '25'); // from past the first 128 KiB
  });
});
