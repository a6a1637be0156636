import type { Finding, FileAnalysis, RuleSet } from '../engine';
import { loadRunbook } from '../engine';
import type { FindingSummary, FindingsParams } from '../protocol';
import { keptFindings } from './diagnostics';

/**
 * The Findings view's data for one file: each finding with its rule title and root cause; at most
 * `cap` of them, chosen as the diagnostics are (most severe first), with the count of the others.
 */
export function findingsParams(uri: string, analysis: FileAnalysis, rules: RuleSet, cap = Infinity): FindingsParams {
  const kept = keptFindings(analysis.findings, cap);
  const findings: FindingSummary[] = kept.map((f: Finding) => {
    const rule = rules.byId.get(f.rule);
    const runbook = f.runbook ? loadRunbook(f.runbook) : undefined;
    return {
      rule: f.rule,
      title: rule?.title ?? f.rule,
      cause: runbook?.id ?? f.rule,
      causeTitle: runbook?.title ?? rule?.title ?? f.rule,
      severity: f.severity,
      line: f.span.line,
      character: f.span.start,
      message: f.message,
    };
  });
  return { uri, format: analysis.format, findings, omitted: analysis.findings.length - kept.length };
}
