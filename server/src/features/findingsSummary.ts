import type { FileAnalysis, RuleSet } from '../engine';
import { loadRunbook } from '../engine';
import type { FindingSummary, FindingsParams } from '../protocol';

/** The Findings view's data for one file: each finding with its rule title and root cause. */
export function findingsParams(uri: string, analysis: FileAnalysis, rules: RuleSet): FindingsParams {
  const findings: FindingSummary[] = analysis.findings.map((f) => {
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
  return { uri, format: analysis.format, findings };
}
