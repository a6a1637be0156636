// Output formats of `logtriage analyze`: json (the contract, streamed), ndjson, sarif (validated
// against the published SARIF 2.1.0 schema and read back), text.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type * as Sarif from 'sarif';
import { runCli } from '../helpers/cli';
import { repoRoot } from '../helpers/paths';
import { sarifValidator } from '../helpers/sarif';

interface JsonFinding {
  rule: string;
  severity: string;
  line: number;
  endLine: number;
  message: string;
  fix: string;
}
interface JsonDoc {
  files: { path: string; format: string | null; error?: string; findings: JsonFinding[] }[];
  correlations: { path: string; rule: string; line: number; message: string; related: { path: string; line: number }[] }[];
  bundles: unknown[];
  summary: { files: number; findings: number; bySeverity: Record<string, number>; unreadable: number; skipped: number };
}

const analyzeJson = (...args: string[]): JsonDoc => {
  const r = runCli(['analyze', ...args, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as JsonDoc;
};

/** Files under a folder, recursively. */
function fileCount(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? fileCount(path.join(dir, e.name)) : 1), 0);
}

describe('logtriage analyze --format', () => {
  const json = analyzeJson('examples/');
  const files = fileCount(path.join(repoRoot, 'examples'));

  it('json: the contract per file, then the cross-file correlations and a summary', () => {
    assert.equal(json.files.length, files);
    for (const f of json.files) for (const x of f.findings) assert.deepEqual(Object.keys(x), ['rule', 'severity', 'line', 'endLine', 'count', 'lastLine', 'message', 'fix']);
    const total = json.files.reduce((n, f) => n + f.findings.length, 0);
    assert.equal(json.summary.findings, total);
    assert.equal(json.summary.files, files);
    // the client's status 25 is related to the vnetd forward-socket timeout in another file
    const status25 = json.correlations.find((c) => c.rule === 'nbu/status-25' && c.path.endsWith('bpcd/log.050514'));
    assert.ok(status25, JSON.stringify(json.correlations));
    assert.ok(status25.related.some((r) => r.path.endsWith('vnetd/log.050514')));
    assert.match(status25.message, /vnetd had closed forwarding socket/);
  });

  it('--json is --format json, and a disagreeing --format is a usage error', () => {
    const r = runCli(['analyze', 'examples/vnx', '--format', 'json']);
    assert.deepEqual(JSON.parse(r.stdout), analyzeJson('examples/vnx'));
    const bad = runCli(['analyze', 'examples/vnx', '--json', '--format', 'sarif']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^logtriage: --json and --format sarif disagree/);
    const unknown = runCli(['analyze', 'examples/vnx', '--format', 'xml']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^logtriage: --format xml: expected one of text, json, ndjson, sarif/);
  });

  it('ndjson: one finding per line with its file, a line per file, the correlations, and the summary last', () => {
    const r = runCli(['analyze', 'examples/', '--format', 'ndjson']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    const findings = lines.filter((l) => l.type === 'finding');
    assert.deepEqual(
      findings.map((f) => [f.path, f.rule, f.line, f.severity, f.message]),
      json.files.flatMap((f) => f.findings.map((x) => [f.path, x.rule, x.line, x.severity, x.message])),
    );
    assert.equal(lines.filter((l) => l.type === 'file').length, files);
    assert.equal(lines.filter((l) => l.type === 'correlation').length, json.correlations.length);
    assert.deepEqual(lines.at(-1), { type: 'summary', ...json.summary, bundles: json.bundles });
    // a file's findings come before its own line, and files in listing order
    const order = lines.filter((l) => l.type === 'file').map((l) => l.path);
    assert.deepEqual(
      order,
      json.files.map((f) => f.path),
    );
  });

  it('sarif: valid against the SARIF 2.1.0 schema, and reads back to the same findings', () => {
    const r = runCli(['analyze', 'examples/', '--format', 'sarif']);
    assert.equal(r.code, 0, r.stderr);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors));
    assert.equal(validate({ version: '2.1.0', runs: [{ results: [] }] }), false, 'the schema rejects a run without its tool');
    assert.equal(log.version, '2.1.0');
    const [run] = log.runs;
    const rules = run.tool.driver.rules!;
    for (const rule of rules) {
      assert.ok(rule.shortDescription?.text && rule.fullDescription?.text && rule.help?.text, rule.id);
      if (rule.helpUri) assert.match(rule.helpUri, /^https:\/\//);
    }
    assert.ok(
      rules.some((r) => r.helpUri),
      'public sources as helpUri',
    );
    const results = run.results!;
    const key = (p: string, rule: string, line: number) => `${p}|${rule}|${line}`;
    const expected = json.files.flatMap((f) => f.findings.map((x) => key(f.path, x.rule, x.line))).sort();
    const got = results.map((res) => {
      const loc = res.locations![0].physicalLocation!;
      assert.equal(loc.artifactLocation!.uriBaseId, 'SRCROOT');
      assert.equal(rules[res.ruleIndex!].id, res.ruleId);
      return key(decodeURIComponent(loc.artifactLocation!.uri!), res.ruleId!, loc.region!.startLine!);
    });
    assert.deepEqual(got.sort(), expected);
    const levels = new Set(results.map((res) => res.level));
    assert.ok(levels.has('error') && levels.has('warning') && levels.has('note'), [...levels].join());
    // columns: the signature's span on its line; evidence lines as related locations, across files too
    const timer = results.find((res) => res.ruleId === 'vnx/ckpt-timer-expired')!;
    const region = timer.locations![0].physicalLocation!.region!;
    const line = fs.readFileSync(path.join(repoRoot, 'examples/vnx/server_log'), 'utf8').split('\n')[region.startLine! - 1];
    assert.ok(line.slice(region.startColumn! - 1, region.endColumn! - 1).length > 0);
    assert.ok(timer.relatedLocations?.length, 'related evidence of the timer');
    const status25 = results.find((res) => res.ruleId === 'nbu/status-25' && res.locations![0].physicalLocation!.artifactLocation!.uri!.includes('bpcd'))!;
    assert.ok(status25.relatedLocations!.some((l) => l.physicalLocation!.artifactLocation!.uri!.includes('vnetd')));
    assert.equal(run.originalUriBaseIds!.SRCROOT.uri, `file://${repoRoot}/`);
  });

  it('sarif: an absolute path is a file URI, and an unreadable file a notification', () => {
    const r = runCli(['analyze', path.join(repoRoot, 'examples/vnx/server_log'), '/nonexistent/SMlog', '--format', 'sarif']);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors));
    assert.equal(log.runs[0].results![0].locations![0].physicalLocation!.artifactLocation!.uri, `file://${repoRoot}/examples/vnx/server_log`);
    const [invocation] = log.runs[0].invocations!;
    assert.equal(invocation.executionSuccessful, false);
    assert.match(invocation.toolExecutionNotifications![0].message.text!, /nonexistent\/SMlog: no such file or directory/);
  });

  it('json is written file by file: a run with many findings prints every file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-many-'));
    const line = 'Feb 24 04:50:01 xs01 VMSS: VMSS_SNAPSHOT_MISSED_EVENT policy=p1';
    for (let i = 0; i < 3; i++) fs.writeFileSync(path.join(dir, `VMSSlog.${i}`), `${line}\n`.repeat(40_000));
    // --all: every occurrence as its own finding
    const r = runCli(['analyze', dir, '--json', '--jobs', '1', '--all']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as JsonDoc;
    assert.deepEqual(
      doc.files.map((f) => f.findings.length),
      [40_000, 40_000, 40_000],
    );
    assert.equal(doc.summary.findings, 120_000);
    // by default the repeats of one rule on one subject are a few findings whose counts add up to all of them
    const folded = JSON.parse(runCli(['analyze', dir, '--json', '--jobs', '1']).stdout) as { files: { findings: { count: number }[] }[] };
    for (const f of folded.files) {
      assert.ok(f.findings.length < 10, `${f.findings.length} findings`);
      assert.equal(
        f.findings.reduce((n, x) => n + x.count, 0),
        40_000,
      );
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
