import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import type { AnalyzeFolderResult, AnalyzeProgressParams, FindingsParams, ReportResult } from '../../server/src/protocol';
import { LspTestClient } from '../helpers/lspClient';
import { readFixture } from '../helpers/paths';

const article = readFixture('vnx', 'article-000.server_log');

/** A VNX log of about `mb` megabytes of benign lines with the article's signatures in the middle. */
function bigLog(file: string, mb: number): void {
  const fd = fs.openSync(file, 'w');
  const benign = '2015-05-05 11:00:00: 26041581568: NDMP: 6: Session 812 (thread ndmp812) Name: FILESYSTEM Value: /root_vdm_1/fs_home\n';
  const block = benign.repeat(Math.ceil((1024 * 1024) / benign.length));
  for (let i = 0; i < mb; i++) {
    fs.writeSync(fd, block);
    if (i === Math.floor(mb / 2)) fs.writeSync(fd, article);
  }
  fs.closeSync(fd);
}

describe('language server: Analyze Folder', () => {
  const client = new LspTestClient();
  const bundle = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-folder-'));
  const findings = new Map<string, FindingsParams>();
  const progress: AnalyzeProgressParams[] = [];
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-other-'));
  const file = (...p: string[]) => path.join(bundle, ...p);
  const uri = (...p: string[]) => 'file://' + file(...p);

  before(async () => {
    fs.mkdirSync(file('dm', 'server_log.dir'), { recursive: true }); // a directory named like a log
    fs.writeFileSync(file('dm', 'server_log'), article);
    fs.writeFileSync(file('dm', 'server_log.1.gz'), zlib.gzipSync(article));
    fs.writeFileSync(file('dm', 'core.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1]));
    fs.symlinkSync(file('nowhere'), file('dm', 'server_log.broken'));
    bigLog(file('dm', 'server_log.big'), 60);
    fs.linkSync(file('dm', 'server_log.big'), path.join(elsewhere, 'server_log.big')); // same 60 MB, never analyzed before
    client.connection.onNotification('logtriage/findings', (p: FindingsParams) => void findings.set(p.uri, p));
    client.connection.onNotification('logtriage/analyzeProgress', (p: AnalyzeProgressParams) => void progress.push(p));
    await client.initialize(bundle);
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(bundle, { recursive: true, force: true });
    fs.rmSync(elsewhere, { recursive: true, force: true });
  });

  it('analyzes every log, the .gz and the 60 MB file included, and lists what it skipped', async () => {
    const result: AnalyzeFolderResult = await client.connection.sendRequest('logtriage/analyzeFolder', { paths: [bundle] });
    assert.equal(result.cancelled, false);
    assert.equal(result.files, 3);
    assert.equal(result.findings, 21); // 7 per copy of the article: its two SnapSure lines are one finding
    assert.deepEqual(
      result.unreadable.map((u) => [path.basename(u.path), u.reason.replace(/ \(.*/, '')]),
      [
        ['core.bin', 'binary file'],
        ['server_log.broken', 'broken symbolic link'],
      ],
    );
    assert.equal(progress.at(-1)!.done, 5);
    assert.equal(progress.at(-1)!.total, 5);
  });

  it('publishes diagnostics per file, .gz files on their virtual URI', () => {
    assert.equal(client.lastDiagnostics(uri('dm', 'server_log'))!.diagnostics.length, 7);
    const gz = client.publishedUris().find((k) => k.startsWith('logtriage-gz:'));
    assert.equal(gz, 'logtriage-gz:' + file('dm', 'server_log.1.gz'));
    assert.equal(client.lastDiagnostics(gz!)!.diagnostics.length, 7);
    const big = client.lastDiagnostics(uri('dm', 'server_log.big'))!.diagnostics;
    assert.equal(big.length, 7);
    assert.ok(big[0].range.start.line > 250000, `line ${big[0].range.start.line}`);
  });

  it('sends the Findings view its data with root causes', () => {
    const f = findings.get(uri('dm', 'server_log'))!;
    assert.equal(f.format, 'vnx-server-log');
    assert.equal(f.findings.length, 7);
    assert.equal(f.findings[0].cause, 'vnx-stale-ndmp-checkpoints');
    assert.match(f.findings[0].causeTitle, /stale temporary checkpoints/);
  });

  it('keeps answering hovers while a folder is analyzed', async () => {
    const doc = uri('dm', 'server_log');
    const opened = client.open(doc, 'vnx-server-log', article);
    await opened;
    const analysis = client.connection.sendRequest('logtriage/analyzeFolder', { paths: [file('dm', 'server_log.big')] });
    const started = Date.now();
    const hover = await client.hover(doc, 12, article.split('\n')[12].indexOf('CMD: 3:') + 5);
    const hoverMs = Date.now() - started;
    assert.match((hover!.contents as MarkupContent).value, /syslog level 3/);
    const done = (await analysis) as AnalyzeFolderResult;
    assert.equal(done.files, 1);
    assert.ok(hoverMs < 1000, `hover took ${hoverMs} ms`);
  });

  it('takes back what it published when cancelled', async () => {
    const source = new CancellationTokenSource();
    const only = path.join(elsewhere, 'server_log.big');
    const request = client.connection.sendRequest('logtriage/analyzeFolder', { paths: [only] }, source.token);
    setTimeout(() => source.cancel(), 20);
    const result = (await request) as AnalyzeFolderResult;
    assert.equal(result.cancelled, true);
    assert.equal(result.files, 0);
    // nothing half-published: the file has no diagnostics, or they were taken back
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(client.lastDiagnostics('file://' + only)?.diagnostics ?? [], []);
  });

  it('keeps the previous complete results when a re-run is cancelled', async () => {
    // the folder was analysed in full above; a re-run publishes server_log again, then reads the 60 MB file
    const log = uri('dm', 'server_log.1.gz').replace('file://', 'logtriage-gz:');
    const before = [uri('dm', 'server_log'), log, uri('dm', 'server_log.big')].map((u) => JSON.stringify(client.lastDiagnostics(u)?.diagnostics));
    const viewBefore = JSON.stringify(findings.get(uri('dm', 'server_log.big')));
    assert.ok(
      before.every((d) => d && d !== '[]'),
      'the first run published every file',
    );
    const source = new CancellationTokenSource();
    const republished = new Promise<void>((resolve) => {
      const listener = client.connection.onNotification('logtriage/findings', (p: FindingsParams) => {
        if (p.uri === log) {
          listener.dispose();
          resolve();
        }
      });
    });
    const request = client.connection.sendRequest('logtriage/analyzeFolder', { paths: [file('dm')] }, source.token);
    await republished;
    source.cancel();
    const result = (await request) as AnalyzeFolderResult;
    assert.equal(result.cancelled, true, 'cancelled before the 60 MB file was done');
    await new Promise((r) => setTimeout(r, 200));
    const after = [uri('dm', 'server_log'), log, uri('dm', 'server_log.big')].map((u) => JSON.stringify(client.lastDiagnostics(u)?.diagnostics));
    assert.deepEqual(after, before);
    assert.equal(JSON.stringify(findings.get(uri('dm', 'server_log.big'))), viewBefore);
  });

  it('writes the triage report of the folder', async () => {
    const { markdown }: ReportResult = await client.connection.sendRequest('logtriage/report', { paths: [file('dm', 'server_log')] });
    assert.match(markdown, /^# Log Triage report/);
    assert.match(markdown, /### VNX: NDMP backups with SnapSure wait, then fail/);
    assert.ok(markdown.includes(`[\`server_log:13\`](file://${file('dm', 'server_log')}#L13)`), markdown.slice(0, 1500));
    const { markdown: text }: ReportResult = await client.connection.sendRequest('logtriage/report', { paths: [file('dm', 'server_log')], format: 'text' });
    assert.match(text, /^Log Triage report\n=+\n/);
    assert.match(text, /^- error: server_log:13 — /m);
    // the commands name what they act on; what no finding gave stays <name> for the engineer
    assert.match(markdown, /^rm -f \/nas\/quota\/slot_<slot>\/\.etc\/backupSnapDB\/<checkpoint>$/m);
    assert.doesNotMatch(markdown, /rm -rf/);
  });
});
