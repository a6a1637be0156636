import type { Diagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Finding, Severity } from '../engine';

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
}

export function toDiagnostic(finding: Finding, uri: string): Diagnostic {
  const related: DiagnosticRelatedInformation[] = finding.related.map((r) => ({
    location: {
      uri: r.path ? pathToUri(r.path) : uri,
      range: { start: { line: r.span.line, character: r.span.start }, end: { line: r.span.line, character: r.span.end } },
    },
    message: r.message,
  }));
  const data: FindingData = { rule: finding.rule, runbook: finding.runbook };
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

function pathToUri(p: string): string {
  return 'file://' + p.split('/').map(encodeURIComponent).join('/');
}
