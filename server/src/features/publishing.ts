// Findings out to the client: the diagnostics of the Problems panel and the Findings view's summary,
// both capped by logtriage.maxDiagnosticsPerFile, and the problems of broken custom rules files.
import type { Diagnostic } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileAnalysis } from '../engine';
import { FINDINGS_NOTIFICATION } from '../protocol';
import type { LoadedRules } from './customRules';
import { DIAGNOSTIC_SOURCE, toDiagnostics } from './diagnostics';
import { findingsParams } from './findingsSummary';
import { findingsOnLine } from './hover';
import { LargeTextDocument } from './largeDocument';
import type { ServerContext } from './serverContext';
import { isTimelineUri, republishTimeline } from './timeline';
import { pathUri } from './uris';
import { sendNotification } from './messages';

export function publishAnalysis(ctx: ServerContext, uri: string, analysis: FileAnalysis, version?: number): void {
  const max = ctx.workspace.settings.maxDiagnosticsPerFile;
  void ctx.connection.sendDiagnostics({ uri, version, diagnostics: toDiagnostics(analysis.findings, uri, max) });
  sendNotification(ctx.connection, FINDINGS_NOTIFICATION, findingsParams(uri, analysis, ctx.rules.current().ruleSet, max));
}

export function unpublish(ctx: ServerContext, uri: string): void {
  void ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
  sendNotification(ctx.connection, FINDINGS_NOTIFICATION, { uri, format: null, findings: [], omitted: 0 });
}

/** Analyses the open document at its version and publishes its findings, unless a newer version came meanwhile. */
export async function publishDocument(ctx: ServerContext, doc: TextDocument): Promise<void> {
  const { documents } = ctx;
  if (isTimelineUri(doc.uri)) return republishTimeline(ctx.connection, doc.uri); // its findings are the merged files'
  ctx.rules.current();
  await ctx.rules.settled();
  if (documents.get(doc.uri) !== doc) return;
  const state = await ctx.analyses.analyse(doc);
  // the diagnostics are made when the editor can take them: a queue of them would each hold their JSON
  await ctx.outbox?.room();
  if (!state || documents.get(doc.uri) !== doc || state.version !== doc.version) return; // a newer version is scheduled
  const { analysis } = state;
  publishAnalysis(ctx, doc.uri, analysis, doc.version);
  // what hovers and edits need, made once the diagnostics are out rather than before
  setImmediate(() => {
    if (documents.get(doc.uri) !== doc) return;
    if (doc instanceof LargeTextDocument) doc.prepare();
    findingsOnLine(analysis.findings, 0);
  });
}

/**
 * The problems of broken rules files as diagnostics on those files; `before` is the files that had
 * problems last time, cleared once fixed. Gives the files that have problems now.
 */
export function publishRuleProblems(ctx: Pick<ServerContext, 'connection'>, loaded: LoadedRules, before: ReadonlySet<string>): Set<string> {
  const now = new Map<string, Diagnostic[]>();
  for (const p of loaded.problems) {
    const list = now.get(p.file) ?? [];
    list.push({
      range: { start: { line: p.line, character: 0 }, end: { line: p.line, character: Number.MAX_SAFE_INTEGER } },
      severity: DiagnosticSeverity.Error,
      source: DIAGNOSTIC_SOURCE,
      message: `Custom rules not loaded: ${p.message}`,
    });
    now.set(p.file, list);
  }
  for (const file of before) if (!now.has(file)) void ctx.connection.sendDiagnostics({ uri: pathUri(file), diagnostics: [] });
  for (const [file, diagnostics] of now) void ctx.connection.sendDiagnostics({ uri: pathUri(file), diagnostics });
  return new Set(now.keys());
}
