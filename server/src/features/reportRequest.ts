// The triage report of files and folders (markdown), as the client's Write Triage Report asks for it.
import * as path from 'path';
import { analyzePaths, archiveKindOf, triageReport } from '../engine';
import type { ReportParams, ReportResult } from '../protocol';
import { REPORT_REQUEST } from '../protocol';
import type { ServerContext } from './serverContext';
import { analysisOptions } from './serverContext';
import { onRequest } from './messages';

export function registerReport(ctx: ServerContext): void {
  onRequest(ctx.connection, REPORT_REQUEST, async (params: ReportParams): Promise<ReportResult> => {
    const { files, unreadable, bundles } = await analyzePaths(params.paths, analysisOptions(ctx));
    return { markdown: triageReport({ root: await reportRoot(params.paths, ctx.workspace.folders), files, unreadable, bundles, rules: ctx.rules.current().ruleSet, now: new Date() }) };
  });
}

/** The folder the report's paths are shown relative to: the one folder asked for, else the archive's or the workspace's. */
async function reportRoot(paths: string[], folders: readonly string[]): Promise<string> {
  if (paths.length === 1) return (await archiveKindOf(paths[0])) ? path.dirname(paths[0]) : paths[0];
  return folders[0] ?? '/';
}
