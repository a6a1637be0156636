// Issue 17: one count of findings for the Problems panel, the Findings view and the status bar. The
// Problems panel keeps at most 1000 diagnostics per file, so our own "N more" diagnostic must be one
// of them; and the editor shows each problem once per subject, with its repeats counted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText } from '../../../server/src/engine';
import { MORE_FINDINGS_CODE, PROBLEMS_PANEL_LIMIT, shownFindings, toDiagnostics } from '../../../server/src/features/diagnostics';
import { findingsParams } from '../../../server/src/features/findingsSummary';
import { builtInRuleSet } from '../../../server/src/engine/analyze';
import { nbuStatus25Log } from '../../../scripts/bench/adversarial';
import { manyFindingsLog } from '../../helpers/manyFindings';

const NBU = '/b/netbackup/logs/bpbrm/log.050514';
const URI = 'file://' + NBU;

describe('one count of findings', () => {
  const findings = analyzeText(NBU, manyFindingsLog(700), { repeatsApart: 0 }).findings;

  it('never publishes more diagnostics than the Problems panel keeps, whatever the cap', () => {
    assert.ok(findings.length > PROBLEMS_PANEL_LIMIT, `${findings.length} findings`);
    for (const cap of [1, 2, 10, 999, 1000, 1001, 3000, Infinity]) {
      const diagnostics = toDiagnostics(findings, URI, cap);
      assert.ok(diagnostics.length <= Math.min(cap, PROBLEMS_PANEL_LIMIT), `cap ${cap}: ${diagnostics.length}`);
      assert.equal(diagnostics.at(-1)!.code, MORE_FINDINGS_CODE, `cap ${cap}`);
    }
  });

  it('shown plus left out is every finding, in the diagnostics and in the Findings view alike', () => {
    for (const cap of [10, 1000]) {
      const { kept, omitted } = shownFindings(findings, cap);
      assert.equal(kept.length + omitted, findings.length);
      const diagnostics = toDiagnostics(findings, URI, cap);
      const more = diagnostics.at(-1)!;
      assert.equal(diagnostics.length - 1 + Number(/^([\d,]+) more/.exec(String(more.message))![1].replace(/,/g, '')), findings.length);
      // over a thousand findings: the numbers are written with thousands separators, as the status bar's
      assert.match(String(more.message), /\(\d{1,3}(?:,\d{3})+ in all;/);
      assert.match(String(more.message), new RegExp(`\\(${findings.length.toLocaleString('en-US')} in all;`));
      const view = findingsParams(URI, { path: NBU, format: 'netbackup-legacy-log', findings, lines: 0, warnings: [] }, builtInRuleSet(), cap);
      assert.equal(view.findings.length, diagnostics.length - 1);
      assert.equal(view.omitted, omitted);
      // the view puts the left-out findings under their root causes: the per-cause counts add up
      assert.equal(
        view.omittedByCause!.reduce((n, c) => n + c.count, 0),
        omitted,
      );
      assert.equal(view.formatTitle, 'NetBackup legacy debug log');
    }
  });

  it('keeps the most severe when it must leave some out', () => {
    const { kept } = shownFindings(findings, 10);
    const errors = findings.filter((f) => f.severity === 'error').length;
    assert.ok(errors >= 9);
    assert.ok(kept.every((f) => f.severity === 'error'));
  });

  it('a file within the cap is shown whole, with no count of others', () => {
    const few = findings.slice(0, 5);
    assert.deepEqual(shownFindings(few, 10), { kept: few, omitted: 0 });
    assert.equal(toDiagnostics(few, URI, 5).length, 5);
  });
});

describe('repeats read as one finding per subject in the editor', () => {
  const log = nbuStatus25Log(300);
  const once = analyzeText(NBU, log, { repeatsApart: 0 }).findings;
  const cli = analyzeText(NBU, log).findings;
  const every = analyzeText(NBU, log, { aggregateRepeats: false }).findings;

  it('one finding for status 25 on the one thread, counting every occurrence', () => {
    const status25 = once.filter((f) => f.rule === 'nbu/status-25');
    assert.equal(status25.length, 1);
    assert.equal(status25[0].count, every.filter((f) => f.rule === 'nbu/status-25').length);
    assert.match(status25[0].message, /repeated 600 times from line \d+ to line 3299\]$/);
    assert.doesNotMatch(status25[0].message, /reported apart/);
    // the command line still reports the first few apart
    assert.ok(cli.filter((f) => f.rule === 'nbu/status-25').length > 1);
  });

  it('the Findings view gets the count, the last line, the times and example lines', () => {
    const view = findingsParams(URI, { path: NBU, format: 'netbackup-legacy-log', findings: once, lines: 0, warnings: [] }, builtInRuleSet());
    const row = view.findings.find((f) => f.rule === 'nbu/status-25')!;
    assert.equal(row.count, 600);
    assert.equal(row.lastLine, 3298);
    assert.ok(row.firstTime !== undefined && row.lastTime !== undefined && row.lastTime >= row.firstTime);
    assert.ok(row.examples!.length >= 2, JSON.stringify(row.examples));
    assert.ok(row.examples!.every((l) => l > row.line && l <= row.lastLine!));
  });

  it('a subject seen once is a plain finding without a repeat note', () => {
    // each thread is its own subject in this log
    const single = analyzeText(NBU, manyFindingsLog(3), { repeatsApart: 0 }).findings.find((f) => f.rule === 'nbu/status-25');
    assert.ok(single);
    assert.equal(single.count, 1);
    assert.doesNotMatch(single.message, /repeated/);
  });
});
