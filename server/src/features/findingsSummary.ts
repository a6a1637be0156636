import type { Finding, FileAnalysis, RuleSet } from '../engine';
import { formatById, loadRunbook } from '../engine';
import type { FindingSummary, FindingsParams, OmittedCause } from '../protocol';
import { shownFindings } from './diagnostics';
import { REPEAT_EXAMPLE } from '../engine/rules/repeats';

/** Example lines an aggregated finding's row lists (its related evidence that is about its repeats). */
const MAX_EXAMPLES = 5;
const SEVERITY_ORDER: Finding['severity'][] = ['error', 'warning', 'information', 'hint'];

/** The root cause of a finding: its runbook, else its rule. */
function causeOf(f: Finding, rules: RuleSet): { cause: string; causeTitle: string } {
  const rule = rules.byId.get(f.rule);
  const runbook = f.runbook ? loadRunbook(f.runbook) : undefined;
  return { cause: runbook?.id ?? f.rule, causeTitle: runbook?.title ?? rule?.title ?? f.rule };
}

function summary(f: Finding, rules: RuleSet): FindingSummary {
  const out: FindingSummary = {
    rule: f.rule,
    title: rules.byId.get(f.rule)?.title ?? f.rule,
    ...causeOf(f, rules),
    severity: f.severity,
    line: f.span.line,
    character: f.span.start,
    message: f.message,
  };
  if (f.count > 1) {
    out.count = f.count;
    out.lastLine = f.lastLine;
    if (f.firstTime !== undefined) out.firstTime = f.firstTime;
    if (f.lastTime !== undefined) out.lastTime = f.lastTime;
    // the repeats' own lines (the other related lines are evidence of its cause)
    out.examples = f.related
      .filter((r) => !r.path && r.message.startsWith(REPEAT_EXAMPLE))
      .slice(0, MAX_EXAMPLES)
      .map((r) => r.span.line);
  }
  return out;
}

/**
 * The Findings view's data for one file: each shown finding with its rule title and root cause, chosen
 * as the diagnostics are (shownFindings), and the findings left out counted per root cause, so that
 * the view, the Problems panel and the status bar give one count.
 */
export function findingsParams(uri: string, analysis: FileAnalysis, rules: RuleSet, cap = Infinity): FindingsParams {
  const { kept, omitted } = shownFindings(analysis.findings, cap);
  const title = formatById(analysis.format)?.title;
  const params: FindingsParams = { uri, format: analysis.format, ...(title ? { formatTitle: title } : {}), findings: kept.map((f) => summary(f, rules)), omitted };
  if (omitted) {
    const shown = new Set(kept);
    const byCause = new Map<string, OmittedCause>();
    for (const f of analysis.findings) {
      if (shown.has(f)) continue;
      const { cause, causeTitle } = causeOf(f, rules);
      const entry = byCause.get(cause) ?? { cause, causeTitle, severity: f.severity, count: 0 };
      entry.count++;
      if (SEVERITY_ORDER.indexOf(f.severity) < SEVERITY_ORDER.indexOf(entry.severity)) entry.severity = f.severity;
      byCause.set(cause, entry);
    }
    params.omittedByCause = [...byCause.values()];
  }
  return params;
}
