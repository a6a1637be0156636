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
 * The diagnostics of one file, at most `cap` of them, most severe first when there are more;
 * then one diagnostic that says how many were left out (the command line reports all).
 */
export function toDiagnostics(findings: readonly Finding[], uri: string, cap: number): Diagnostic[] {
  if (findings.length <= cap) return findings.map((f) => toDiagnostic(f, uri));
  const kept = keptFindings(findings, cap);
  const more = findings.length - cap;
  return [
    ...kept.map((f) => toDiagnostic(f, uri)),
    {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Information,
      source: DIAGNOSTIC_SOURCE,
      code: 'logtriage/more-findings',
      message: `${more} more finding${more === 1 ? '' : 's'} not shown (setting logtriage.maxDiagnosticsPerFile = ${cap}); the command line \`logtriage analyze\` lists them all`,
    },
  ];
}

/** The findings shown under a cap of `cap`: all when they fit, else the most severe (then the earliest), in line order. */
export function keptFindings(findings: readonly Finding[], cap: number): readonly Finding[] {
  if (findings.length <= cap) return findings;
  const order: Severity[] = ['error', 'warning', 'information', 'hint'];
  const kept = [...findings].sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity) || a.span.line - b.span.line).slice(0, Math.max(0, cap));
  return kept.sort((a, b) => a.span.line - b.span.line);
}

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

