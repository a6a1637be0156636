// The streaming scanner must give the same answer however the text is cut into pieces.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { describe, it } from 'node:test';
import { analyzeFile, analyzeText, formatById, LogInputError, LogScanner } from '../../../../server/src/engine';
import { readFixture } from '../../../helpers/paths';

const article = readFixture('vnx', 'article-000.server_log');
const vnx = formatById('vnx-server-log');

function summarise(findings: { rule: string; span: { line: number; start: number; end: number } }[]) {
  return findings.map((f) => `${f.rule}@${f.span.line}:${f.span.start}-${f.span.end}`);
}

function tmp(name: string, content: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-'));
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

describe('LogScanner', () => {
  const whole = analyzeText('a', article);

  it('gives the same findings for every way of cutting the text', () => {
    for (const size of [1, 2, 7, 64, 333, 4096]) {
      const scanner = new LogScanner(vnx);
      for (let i = 0; i < article.length; i += size) scanner.push(article.slice(i, i + size));
      const r = scanner.end();
      assert.deepEqual(summarise(r.findings), summarise(whole.findings), `piece size ${size}`);
      assert.equal(r.lines, whole.lines);
    }
  });

  it('handles CRLF line ends with the same lines and ranges', () => {
    const crlf = analyzeText('a', article.replace(/\n/g, '\r\n'));
    assert.deepEqual(summarise(crlf.findings), summarise(whole.findings));
    assert.equal(crlf.lines, whole.lines);
  });

  it('finds a signature on a last line without a line break', () => {
    const text = article.trimEnd().split('\n').slice(0, 13).join('\n');
    const r = analyzeText('a', text);
    assert.equal(r.findings.at(-1)?.rule, 'vnx/ckpt-timer-expired');
    assert.equal(r.findings.at(-1)?.span.line, 12);
    assert.equal(r.lines, 13);
  });

  it('counts zero lines and finds nothing in an empty text', () => {
    const r = analyzeText('a', '');
    assert.equal(r.lines, 0);
    assert.equal(r.format, null);
    assert.deepEqual(r.findings, []);
  });
});

describe('analyzeFile', () => {
  it('reads a file from disk with the same result as the text', async () => {
    const r = await analyzeFile(tmp('server_log', article));
    assert.equal(r.format, 'vnx-server-log');
    assert.deepEqual(summarise(r.findings), summarise(analyzeText('a', article).findings));
  });

  it('reads gzip by its magic bytes', async () => {
    const r = await analyzeFile(tmp('server_log.1.gz', zlib.gzipSync(article)));
    assert.equal(r.findings.length, 8);
  });

  it('keeps what came before the damage of a truncated gzip and says so', async () => {
    // random filler after the article compresses badly, so cutting the archive at 80 % keeps the article whole
    let filler = '';
    for (let i = 0; i < 4000; i++) filler += `2015-05-05 13:00:00: 1: CMD: 6: ${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}\n`;
    const gz = zlib.gzipSync(article + filler);
    const r = await analyzeFile(tmp('server_log.gz', gz.subarray(0, Math.floor(gz.length * 0.8))));
    assert.equal(r.findings.length, 8);
    assert.ok(r.lines > 21 && r.lines < 4021, `${r.lines} lines`);
    assert.match(r.warnings.join(), /truncated gzip/);
  });

  it('refuses a binary file with a clear reason', async () => {
    const p = tmp('server_log.bin', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]));
    await assert.rejects(analyzeFile(p), (e: unknown) => e instanceof LogInputError && /binary file/.test(e.reason));
  });

  it('names a missing file and a folder', async () => {
    await assert.rejects(analyzeFile('/nonexistent/x.log'), (e: unknown) => e instanceof LogInputError && e.reason === 'no such file or directory');
    await assert.rejects(analyzeFile(os.tmpdir()), (e: unknown) => e instanceof LogInputError && e.reason === 'is a directory');
  });

  it('replaces invalid UTF-8 and keeps the lines after it', async () => {
    const bad = Buffer.concat([Buffer.from('2015-05-05 12:10:10: 1: CMD: 6: caf\xc3'), Buffer.from([0xff, 0xfe]), Buffer.from('\n' + article)]);
    const r = await analyzeFile(tmp('server_log', bad));
    assert.equal(r.findings.length, 8);
    assert.equal(r.findings[0].span.line, 10);
  });
});
