import type { Diagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Finding, Severity } from '../engine';
import { commandValues } from '../engine';
import { logUri } from './uris';

export const DIAGNOSTIC_SOURCE = 'logtriage';

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a code action needs to find the rule again, carried in `Diagnostic.data`. */
export interface FindingData {
  rule: string;
  runbook?: string;
  /** The finding's values that may fill its runbook's commands (commandValues of Finding.values). */
  values?: Readonly<Record<string, string>>;
}

/**
 * Most diagnostics VS Code keeps for one file: the Problems panel drops the rest silently (and says
 * "Not showing N further"), so our own count of what is left out must fit within it.
 */
export const PROBLEMS_PANEL_LIMIT = 1000;

/** The findings of one file as every view shows them: the ones shown, and how many are left out. */
export interface ShownFindings {
  kept: readonly Finding[];
  omitted: number;
}

/**
 * The findings shown under a cap of `cap` diagnostics: all when they fit, else the most severe (then
 * the earliest), in line order, leaving one diagnostic for the count of the others. The Problems
 * panel, the Findings view and the status bar all count from this, so they agree.
 */
export function shownFindings(findings: readonly Finding[], cap: number): ShownFindings {
  const limit = Math.max(1, Math.min(cap, PROBLEMS_PANEL_LIMIT));
  if (findings.length <= limit) return { kept: findings, omitted: 0 };
  const order: Severity[] = ['error', 'warning', 'information', 'hint'];
  const kept = [...findings].sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity) || a.span.line - b.span.line).slice(0, limit - 1);
  return { kept: kept.sort((a, b) => a.span.line - b.span.line), omitted: findings.length - kept.length };
}

/**
 * The diagnostics of one file, at most `cap` (and never more than the Problems panel keeps) of them:
 * the shown findings, then one diagnostic that says how many were left out (the command line reports all).
 */
export function toDiagnostics(findings: readonly Finding[], uri: string, cap: number): Diagnostic[] {
  const { kept, omitted } = shownFindings(findings, cap);
  const diagnostics = kept.map((f) => toDiagnostic(f, uri));
  if (!omitted) return diagnostics;
  diagnostics.push({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    code: MORE_FINDINGS_CODE,
    message: `${omitted.toLocaleString('en-US')} more finding${omitted === 1 ? '' : 's'} not shown (${findings.length.toLocaleString('en-US')} in all; setting logtriage.maxDiagnosticsPerFile = ${cap}); the command line \`logtriage analyze\` lists them all`,
  });
  return diagnostics;
}

/** The code of the diagnostic that counts the findings left out. */
export const MORE_FINDINGS_CODE = 'logtriage/more-findings';

export function toDiagnostic(finding: Finding, uri: string): Diagnostic {
  const related: DiagnosticRelatedInformation[] = finding.related.map((r) => ({
    location: {
      uri: r.path ? logUri(r.path) : uri,
      range: { start: { line: r.span.line, character: r.span.start }, end: { line: r.span.line, character: r.span.end } },
    },
    message: r.message,
  }));
  // only the values that can fill a command travel with every diagnostic (not the decoded prose)
  const values = commandValues(finding.values);
  const data: FindingData = { rule: finding.rule, runbook: finding.runbook, ...(values ? { values } : {}) };
  return {
    range: {
      start: { line: finding.span.line, character: finding.span.start },
      end: { line: finding.span.line, character: finding.span.end },
    },
    severity: LSP_SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.rule,
    ...(finding.href ? { codeDescription: { href: finding.href } } : {}),
    message: finding.message,
    ...(related.length ? { relatedInformation: related } : {}),
    data,
  };
}
