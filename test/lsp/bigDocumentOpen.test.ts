// A big log opening must not stop the server: its first analysis gives the event loop a turn every
// few milliseconds, so hovers on other documents are answered meanwhile, and a version superseded
// while it is analyzed is dropped, never published. And the Findings view's notification is capped
// per file as the diagnostics are, with the number of findings it leaves out.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { analyzeText } from '../../server/src/engine';
import type { FindingsParams } from '../../server/src/protocol';
import { FINDINGS_NOTIFICATION } from '../../server/src/protocol';
import { toDiagnostics } from '../../server/src/features/diagnostics';
import { LspTestClient } from '../helpers/lspClient';
import { manyFindingsLog } from '../helpers/manyFindings';
import { readFixture } from '../helpers/paths';

const article = readFixture('vnx', 'article-000.server_log');
const HOVER_LINE = 12; // "CMD: 3: ..." in the article
/**
 * About 25 MB: the article (its findings), then its lines no rule matches, several times over, and so
 * on; an analysis of some hundreds of milliseconds, that a server answering in one stretch blocks for.
 */
function bigLog(): string {
  const hit = new Set(analyzeText('/x/server_log', article, { format: 'vnx-server-log', repeatsApart: 0 }).findings.map((f) => f.span.line));
  const quiet =
    article
      .split('\n')
      .filter((line, i) => line && !hit.has(i))
      .join('\n') + '\n';
  const unit = article + quiet.repeat(6);
  return unit.repeat(Math.ceil(25_000_000 / unit.length));
}
const big = bigLog();

describe('language server: a big document opening', () => {
  const client = new LspTestClient();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-bigopen-'));
  const small = 'file://' + path.join(root, 'server_log');
  const findingsWaiters: { uri: string; resolve: (p: FindingsParams) => void }[] = [];

  /** The next Findings view notification for `uri` (call before the change that causes it). */
  function nextFindings(uri: string): Promise<FindingsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no findings for ${uri}; stderr: ${client.stderr}`)), 60_000);
      findingsWaiters.push({ uri, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  before(async () => {
    client.connection.onNotification(FINDINGS_NOTIFICATION, (p: FindingsParams) => {
      for (const w of findingsWaiters.filter((x) => x.uri === p.uri)) {
        findingsWaiters.splice(findingsWaiters.indexOf(w), 1);
        w.resolve(p);
      }
    });
    await client.initialize(root);
    await client.open(small, 'vnx-server-log', article);
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('answers a hover on another document while it analyzes a 25 MB one, before its diagnostics', async () => {
    const uri = 'file://' + path.join(root, 'big', 'server_log');
    const events: string[] = [];
    const diagnostics = client.nextDiagnostics(uri, 120_000).then((d) => (events.push('big diagnostics'), d));
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'vnx-server-log', version: 1, text: big } });
    // a hover on the big document needs its analysis (it starts it, or joins the one under way); the
    // hover on the small one, sent right after it, is answered at once only if that analysis takes turns
    const character = article.split('\n')[HOVER_LINE].indexOf('CMD: 3:') + 5;
    const bigHover = client.hover(uri, HOVER_LINE, character).then((h) => (events.push('big hover'), h));
    const smallHover = client.hover(small, HOVER_LINE, character).then((h) => (events.push('small hover'), h));
    const [{ diagnostics: list, version }, bigAnswer, smallAnswer] = await Promise.all([diagnostics, bigHover, smallHover]);
    assert.equal(events[0], 'small hover', events.join(', '));
    assert.match((smallAnswer!.contents as MarkupContent).value, /syslog level 3/);
    assert.match((bigAnswer!.contents as MarkupContent).value, /syslog level 3/);
    assert.equal(version, 1);
    // the same findings as a synchronous analysis of the text (under the default cap)
    const expected = analyzeText('/big/server_log', big, { format: 'vnx-server-log', repeatsApart: 0 }).findings;
    assert.ok(expected.length > 0);
    assert.deepEqual(
      list.map((d) => [d.code, d.range.start.line]),
      toDiagnostics(expected, uri, 1000).map((d) => [d.code, d.range.start.line]),
    );
  });

  it('drops the analysis of a version superseded while it runs: only the newer one is published', async () => {
    const uri = 'file://' + path.join(root, 'big2', 'server_log');
    const first = client.nextDiagnostics(uri, 120_000);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'vnx-server-log', version: 1, text: big } });
    // the hover gets the analysis of version 1 under way; version 2 comes while it runs
    const character = article.split('\n')[HOVER_LINE].indexOf('CMD: 3:') + 5;
    const hover = client.hover(uri, HOVER_LINE, character);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: article }] });
    const published = await first;
    // the hover waited for the newest version's analysis, not the dropped one
    assert.match(((await hover)!.contents as MarkupContent).value, /syslog level 3/);
    assert.equal(published.version, 2, 'the first diagnostics published are those of version 2');
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.range.start.line]),
      analyzeText('/x/server_log', article, { format: 'vnx-server-log', repeatsApart: 0 }).findings.map((f) => [f.rule, f.span.line]),
    );
  });

  it('caps the Findings view notification per file, most severe first, and says how many it left out', async () => {
    const uri = 'file://' + path.join(root, 'many', 'netbackup', 'logs', 'bpbrm', 'log.050514');
    const log = manyFindingsLog(600);
    const all = analyzeText('/many/netbackup/logs/bpbrm/log.050514', log, { format: 'netbackup-legacy-log', repeatsApart: 0 }).findings;
    assert.ok(all.length > 1000, `${all.length} findings`);
    const order = ['error', 'warning', 'information', 'hint'];
    const worst = (n: number) =>
      all
        .map((f) => order.indexOf(f.severity))
        .sort((a, b) => a - b)
        .slice(0, n);

    let next = nextFindings(uri);
    await client.open(uri, 'netbackup-legacy-log', log);
    let sent = await next;
    // the default cap, logtriage.maxDiagnosticsPerFile = 1000, less the place of the count of the rest
    assert.equal(sent.findings.length, 999);
    assert.equal(sent.omitted, all.length - 999);
    assert.equal(
      sent.omittedByCause!.reduce((n, c) => n + c.count, 0),
      sent.omitted,
    );
    assert.deepEqual(
      sent.findings.map((f) => order.indexOf(f.severity)).sort((a, b) => a - b),
      worst(999),
    );
    const lines = sent.findings.map((f) => f.line);
    assert.deepEqual(
      lines,
      [...lines].sort((a, b) => a - b),
      'in line order',
    );

    client.settings = { maxDiagnosticsPerFile: 10 };
    next = nextFindings(uri);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    sent = await next;
    assert.equal(sent.findings.length, 9);
    assert.equal(sent.omitted, all.length - 9);
    assert.deepEqual(
      sent.findings.map((f) => order.indexOf(f.severity)).sort((a, b) => a - b),
      worst(9),
    );

    client.settings = { maxDiagnosticsPerFile: 1_000_000 }; // clamped to 1000
    next = nextFindings(uri);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    sent = await next;
    assert.equal(sent.findings.length, 999);
    assert.equal(sent.omitted, all.length - 999);

    // closed: the view is told the file has none
    next = nextFindings(uri);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    sent = await next;
    assert.deepEqual([sent.findings.length, sent.omitted], [0, 0]);
    client.settings = null;
  });
});
