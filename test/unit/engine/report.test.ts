// The triage report built file by file: per root cause its count and its twelve most severe evidence
// lines in order of arrival, whatever order the findings come in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FileAnalysis, Finding, Severity } from '../../../server/src/engine';
import { builtInRuleSet, triageReport, TriageReportBuilder } from '../../../server/src/engine';

function finding(line: number, severity: Severity, rule = 'esx/ramdisk-full'): Finding {
  return { rule, severity, span: { line, start: 0, end: 5 }, endLine: line, count: 1, lastLine: line, message: `finding on ${line + 1}`, fix: 'fix it', related: [] };
}

function file(path: string, findings: Finding[]): FileAnalysis {
  return { path, format: 'esx-vmkernel-log', findings, lines: 100, warnings: [] };
}

const NOW = new Date('2026-01-02T03:04:05Z');

describe('TriageReportBuilder', () => {
  it('keeps the twelve most severe evidence lines of a cause, in order of arrival among equals, and counts the rest', () => {
    const findings = [...Array.from({ length: 10 }, (_, i) => finding(i, 'warning')), ...Array.from({ length: 5 }, (_, i) => finding(20 + i, 'error'))];
    const text = triageReport({ root: '/case', files: [file('/case/vmkernel.log', findings)], unreadable: [], rules: builtInRuleSet(), now: NOW });
    const evidence = text.split('\n').filter((l) => l.startsWith('- error:') || l.startsWith('- warning:'));
    assert.deepEqual(
      evidence.map((l) => /:(\d+)`/.exec(l)![1]),
      ['21', '22', '23', '24', '25', '1', '2', '3', '4', '5', '6', '7'],
    );
    assert.match(text, /^- … and 3 more$/m);
    assert.match(text, /— 15 findings\.$/m);
    assert.match(text, /^1 file analyzed, 100 lines, 15 findings: 5 errors, 10 warnings, 0 information, 0 hints\. Written 2026-01-02T03:04:05Z\.$/m);
  });

  it("gives the same report when a file's findings come in two parts", () => {
    const findings = [finding(1, 'warning'), finding(2, 'error', 'esx/userworld-coredump'), finding(3, 'error')];
    const a = file('/case/vmkernel.log', findings);
    const b = file('/case/hostd.log', [finding(7, 'information', 'esx/userworld-coredump')]);
    const whole = new TriageReportBuilder(builtInRuleSet());
    whole.addFile(a);
    whole.addFile(b);
    const parts = new TriageReportBuilder(builtInRuleSet());
    parts.addFile(a, [findings[0], findings[1]]);
    parts.addFile(b);
    parts.addFindings(a.path, [findings[2]]);
    const lines = (builder: TriageReportBuilder) => [...builder.lines('/case', [], NOW)];
    assert.deepEqual(lines(parts), lines(whole));
    assert.ok(lines(whole).includes('| [`vmkernel.log`](file:///case/vmkernel.log) | VMware ESX vmkernel log | 100 | — | — | 3 |'), lines(whole).join('\n'));
  });
});
