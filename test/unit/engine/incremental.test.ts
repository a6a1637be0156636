// After any edit, the incremental re-analysis must equal a full analysis of the edited text:
// same findings (correlated ones too), lines, family, time range and warnings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { analyzeText, builtInRules } from '../../../server/src/engine';
import type { FileAnalysis } from '../../../server/src/engine';
import { IncrementalAnalysis } from '../../../server/src/engine/incremental';
import { applyChanges, EditTracker } from '../../../server/src/features/documentEdits';
import { LargeTextDocument } from '../../../server/src/features/largeDocument';
import { readFixture } from '../../helpers/paths';
import { prng } from '../../helpers/prng';

/** The parts of an analysis a user sees; warnings as a set. */
function view(a: FileAnalysis) {
  return {
    format: a.format,
    lines: a.lines,
    firstTime: a.firstTime,
    lastTime: a.lastTime,
    warnings: [...new Set(a.warnings)].sort(),
    findings: a.findings.map((f) => ({ rule: f.rule, severity: f.severity, span: f.span, endLine: f.endLine, message: f.message, related: f.related })),
  };
}

const families: { family: string; path: string; seedText: string }[] = [
  { family: 'vnx-server-log', path: '/logs/server_log', seedText: readFixture('vnx', 'article-000.server_log') },
  { family: 'netbackup-legacy-log', path: '/logs/bpbrm/log.050514', seedText: readFixture('netbackup', 'article-002', 'media', 'bpbrm', 'log.050514') },
  { family: 'xenserver-vmss-log', path: '/logs/VMSSlog', seedText: readFixture('xenserver', 'variants', 'VMSSlog.1') },
  { family: 'esx-vmkernel-log', path: '/logs/vmkernel.log', seedText: readFixture('esx', 'vmkernel-esxi65.crlf.log') },
];

/** A random edit: new lines (signatures among them), deleted lines, text typed inside a line, odd line breaks. */
function randomChange(random: () => number, doc: TextDocument, pool: string[]): TextDocumentContentChangeEvent {
  const line = Math.floor(random() * doc.lineCount);
  const lineText = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$|\r$/, '');
  const pick = () => pool[Math.floor(random() * pool.length)];
  const kind = random();
  if (kind < 0.3) return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: Array.from({ length: 1 + Math.floor(random() * 3) }, pick).join('\n') + '\n' };
  if (kind < 0.5) {
    const to = Math.min(doc.lineCount - 1, line + Math.floor(random() * 4));
    return { range: { start: { line, character: 0 }, end: { line: to, character: 0 } }, text: '' };
  }
  if (kind < 0.7) {
    const at = Math.floor(random() * (lineText.length + 1));
    return { range: { start: { line, character: at }, end: { line, character: Math.min(lineText.length, at + Math.floor(random() * 5)) } }, text: pick().slice(0, Math.floor(random() * 40)) };
  }
  if (kind < 0.8) return { range: { start: { line, character: 0 }, end: { line, character: lineText.length } }, text: pick() };
  if (kind < 0.9) return { range: { start: { line, character: lineText.length }, end: { line: line + 1, character: 0 } }, text: pick().slice(0, 10) }; // joins two lines
  return { range: { start: { line, character: Math.floor(lineText.length / 2) }, end: { line, character: Math.floor(lineText.length / 2) } }, text: random() < 0.5 ? '\r' : '\r\n' };
}

describe('incremental re-analysis', () => {
  const rules = builtInRules();

  for (const { family, path, seedText } of families) {
    it(`equals a full analysis after random edits: ${family}`, () => {
      const own = rules.filter((r) => r.families.includes(family) || r.families.includes('*'));
      const pool = [...own.flatMap((r) => r.samples), ...own.flatMap((r) => r.counterSamples), ...seedText.split(/\r?\n/)].filter((l) => l);
      const random = prng(family.length * 31);
      const options = { format: family };
      for (let round = 0; round < 3; round++) {
        // the library's document, and the server's own in blocks
        const content = seedText + pool.slice(0, 30).join('\n') + '\n' + seedText;
        const doc: TextDocument = round % 2 ? new LargeTextDocument('file://' + path, family, 1, content) : TextDocument.create('file://' + path, family, 1, content);
        const inc = IncrementalAnalysis.analyze(path, doc.getText(), options);
        assert.deepEqual(view(inc.analysis), view(analyzeText(path, doc.getText(), options)));
        for (let step = 0; step < 25; step++) {
          // one change, or several before one analysis (typing fast, a multi-cursor edit)
          const changes = Array.from({ length: step % 5 === 4 ? 3 : 1 }, () => randomChange(random, doc, pool));
          const edits = [];
          for (const c of changes) edits.push(...applyChanges(doc, [c], doc.version + 1)!);
          const got = inc.update(doc, edits);
          assert.deepEqual(view(got), view(analyzeText(path, doc.getText(), options)), `${family}, round ${round}, step ${step}: ${JSON.stringify(changes)}`);
        }
      }
    });
  }

  it('re-analyzes only the edited lines: a signature typed into a big document appears, then goes', () => {
    const filler = '2015-05-05 12:10:10: 26046431232: NDMP: 6: Session 570 (thread ndmp570) <- msg Ndmp_Data_Start_Backup\n'.repeat(20_000);
    const doc = TextDocument.create('file:///x/server_log', 'vnx-server-log', 1, filler);
    const inc = IncrementalAnalysis.analyze('/x/server_log', doc.getText(), { format: 'vnx-server-log' });
    assert.equal(inc.analysis.findings.length, 0);
    const signature = '2015-05-05 12:40:10: 13161529344: CMD: 3: Timer expired when waiting for concurrentCkptCnt decreasing';
    let edits = applyChanges(doc, [{ range: { start: { line: 12_345, character: 0 }, end: { line: 12_345, character: 200 } }, text: signature }], 2)!;
    assert.deepEqual(edits, [{ startLine: 12_345, endLine: 12_345, lineDelta: 0 }]);
    let a = inc.update(doc, edits);
    assert.deepEqual(
      a.findings.map((f) => [f.rule, f.span.line]),
      [['vnx/ckpt-timer-expired', 12_345]],
    );
    edits = applyChanges(doc, [{ range: { start: { line: 100, character: 0 }, end: { line: 103, character: 0 } }, text: '' }], 3)!;
    a = inc.update(doc, edits);
    assert.deepEqual(
      a.findings.map((f) => [f.rule, f.span.line]),
      [['vnx/ckpt-timer-expired', 12_342]],
    );
    assert.equal(a.lines, 20_000 - 3);
  });

  it('reads the matched lines again as a full scan saw them: a last line without a break, a clipped long line, lone CRs', () => {
    const signature = '2015-05-05 12:40:10: 13161529344: CMD: 3: Timer expired when waiting for concurrentCkptCnt decreasing';
    const filler = '2015-05-05 12:10:10: 26046431232: NDMP: 6: Session 570 (thread ndmp570) <- msg Ndmp_Data_Start_Backup';
    const content = [filler, signature + ' ' + 'x'.repeat(40_000), filler, `${signature}\r${signature}\r\n${filler}`, signature, signature].join('\n');
    for (const doc of [TextDocument.create('file:///x/server_log', 'vnx-server-log', 1, content), new LargeTextDocument('file:///x/server_log', 'vnx-server-log', 1, content)]) {
      const options = { format: 'vnx-server-log' };
      const inc = IncrementalAnalysis.analyze('/x/server_log', doc.getText(), options);
      assert.ok(inc.analysis.findings.length >= 4, `${inc.analysis.findings.length} findings`);
      const edits = applyChanges(doc, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } }, text: '2016' }], 2)!;
      assert.deepEqual(view(inc.update(doc, edits)), view(analyzeText('/x/server_log', doc.getText(), options)));
    }
  });

  it("tracks a document's edits as line edits, and a whole-text change as none", () => {
    const tracker = new EditTracker();
    const doc = tracker.create('file:///a', 'log', 1, 'a\nb\nc\n');
    tracker.update(doc, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, text: 'x\ny' }], 2);
    tracker.update(doc, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }], 3);
    assert.deepEqual(tracker.take('file:///a'), [
      { startLine: 1, endLine: 1, lineDelta: 1 },
      { startLine: 0, endLine: 1, lineDelta: -1 },
    ]);
    assert.deepEqual(tracker.take('file:///a'), []);
    tracker.update(doc, [{ text: 'all new' }], 4);
    assert.equal(tracker.take('file:///a'), null);
  });
});
