// The language server's first analysis of a document runs in turns of the event loop
// (engine/analyzeTextAsync.ts): it must give exactly what analyzeText gives, on texts cut into many
// slices, with lone CRs, CRLFs and long lines across slice boundaries; and it must stop when told.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnalysisCancelled, analyzeText, builtInRules } from '../../../server/src/engine';
import type { FileAnalysis } from '../../../server/src/engine';
import type { MatchedLines } from '../../../server/src/engine/analyze';
import { analyzeTextAsync } from '../../../server/src/engine/analyzeTextAsync';
import { IncrementalAnalysis } from '../../../server/src/engine/incremental';
import { applyChanges } from '../../../server/src/features/documentEdits';
import { LargeTextDocument } from '../../../server/src/features/largeDocument';
import { readFixture } from '../../helpers/paths';
import { prng } from '../../helpers/prng';

function view(a: FileAnalysis) {
  return {
    path: a.path,
    format: a.format,
    lines: a.lines,
    firstTime: a.firstTime,
    lastTime: a.lastTime,
    warnings: a.warnings,
    findings: a.findings.map((f) => ({ rule: f.rule, severity: f.severity, span: f.span, endLine: f.endLine, message: f.message, related: f.related })),
  };
}

const families = [
  { family: 'vnx-server-log', path: '/logs/server_log', seedText: readFixture('vnx', 'article-000.server_log') },
  { family: 'netbackup-legacy-log', path: '/logs/bpbrm/log.050514', seedText: readFixture('netbackup', 'article-002', 'media', 'bpbrm', 'log.050514') },
  { family: 'xenserver-vmss-log', path: '/logs/VMSSlog', seedText: readFixture('xenserver', 'variants', 'VMSSlog.1') },
  { family: 'esx-vmkernel-log', path: '/logs/vmkernel.log', seedText: readFixture('esx', 'vmkernel-esxi65.crlf.log') },
];

/** A random log of about `chars` characters: the family's lines and signatures, odd line breaks, now and then a very long line. */
function randomLog(random: () => number, pool: string[], chars: number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < chars) {
    const r = random();
    let line = pool[Math.floor(random() * pool.length)];
    if (r < 0.002) line = line + ' x'.repeat(40_000 + Math.floor(random() * 60_000)); // past a slice, past the rules' clip
    const end = r < 0.9 ? '\n' : r < 0.96 ? '\r\n' : r < 0.98 ? '\r' : '';
    parts.push(line + end);
    size += line.length + end.length;
  }
  return parts.join('');
}

describe('analyzeTextAsync', () => {
  const rules = builtInRules();

  for (const { family, path, seedText } of families) {
    it(`equals analyzeText on random texts: ${family}`, async () => {
      const own = rules.filter((r) => r.families.includes(family) || r.families.includes('*'));
      const pool = [...own.flatMap((r) => r.samples), ...own.flatMap((r) => r.counterSamples), ...seedText.split(/\r?\n/)].filter((l) => l);
      const random = prng(family.length * 17 + 3);
      for (let round = 0; round < 4; round++) {
        const text = randomLog(random, pool, [3_000, 200_000, 700_000, 1_500_000][round]);
        // with the family given (the server's way) and detected from the text
        for (const options of [{ format: family }, {}]) {
          const collectedSync: MatchedLines = [];
          const collectedAsync: MatchedLines = [];
          const expected = analyzeText(path, text, options, collectedSync);
          const got = await analyzeTextAsync(path, text, options, collectedAsync);
          assert.deepEqual(view(got), view(expected), `${family}, round ${round}`);
          assert.deepEqual(collectedAsync, collectedSync);
        }
      }
    });
  }

  it('gives an IncrementalAnalysis that re-analyzes edits as the synchronous one does', async () => {
    const text = readFixture('vnx', 'article-000.server_log').repeat(400);
    const path = '/logs/server_log';
    const options = { format: 'vnx-server-log' };
    const sync = IncrementalAnalysis.analyze(path, text, options);
    const async = await IncrementalAnalysis.analyzeAsync(path, text, { ...options, isCancelled: () => false });
    assert.deepEqual(view(async.analysis), view(sync.analysis));
    const doc = new LargeTextDocument('file://' + path, 'vnx-server-log', 1, text);
    const edits = applyChanges(doc, [{ range: { start: { line: 500, character: 0 }, end: { line: 503, character: 0 } }, text: '' }], 2)!;
    const docSync = new LargeTextDocument('file://' + path, 'vnx-server-log', 1, text);
    applyChanges(docSync, [{ range: { start: { line: 500, character: 0 }, end: { line: 503, character: 0 } }, text: '' }], 2);
    assert.deepEqual(view(async.update(doc, edits)), view(sync.update(docSync, edits)));
    assert.deepEqual(view(async.analysis), view(analyzeText(path, doc.getText(), options)));
  });

  it('stops with AnalysisCancelled once isCancelled says so, at a turn of the event loop', async () => {
    const text = readFixture('vnx', 'article-000.server_log').repeat(5_000); // ~10 MB: many turns
    let turns = 0;
    const isCancelled = () => {
      turns++;
      return turns >= 3;
    };
    await assert.rejects(analyzeTextAsync('/logs/server_log', text, { format: 'vnx-server-log', isCancelled }), AnalysisCancelled);
    assert.equal(turns, 3, 'polled until it said stop, then no more');
    await assert.rejects(analyzeTextAsync('/logs/server_log', text, { isCancelled: () => true }), AnalysisCancelled);
  });

  it('lets other work run while it analyzes a big text', async () => {
    const text = readFixture('vnx', 'article-000.server_log').repeat(5_000);
    let ticks = 0;
    let done = false;
    const tick = (): void => {
      if (done) return;
      ticks++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const analysis = await analyzeTextAsync('/logs/server_log', text, { format: 'vnx-server-log' });
    done = true;
    assert.ok(analysis.findings.length > 0);
    // the synchronous analysis lets none run; this one lets several in (it takes well over 8 ms)
    assert.ok(ticks >= 2, `${ticks} turns of the event loop`);
  });
});
