// A folder analysis streams each file from disk (VS Code never hands documents over 50 MB to
// extensions) and publishes each file's findings as it goes. Cancelled, it puts back what each
// file showed before the run (folderRun.ts), so the previous complete results stay.
import { AnalysisCancelled, analyzePaths } from '../engine';
import type { AnalyzeFolderParams, AnalyzeFolderResult, AnalyzeProgressParams } from '../protocol';
import { ANALYZE_FOLDER_REQUEST, ANALYZE_PROGRESS_NOTIFICATION } from '../protocol';
import { FolderRun } from './folderRun';
import { publishAnalysis, publishDocument, unpublish } from './publishing';
import type { ServerContext } from './serverContext';
import { analysisOptions } from './serverContext';
import { logUri } from './uris';
import { onRequest, sendNotification } from './messages';

export function registerFolderAnalysis(ctx: ServerContext): void {
  const { connection, documents, folderResults } = ctx;
  onRequest(connection, ANALYZE_FOLDER_REQUEST, async (params: AnalyzeFolderParams, token): Promise<AnalyzeFolderResult> => {
    const options = { ...analysisOptions(ctx), isCancelled: () => token.isCancellationRequested };
    const run = new FolderRun(folderResults, {
      publish: (uri, analysis) => publishAnalysis(ctx, uri, analysis),
      unpublish: (uri) => unpublish(ctx, uri),
      republishOpen(uri) {
        const open = documents.get(uri);
        if (open) void publishDocument(ctx, open).catch((e) => connection.console.error(`analysis of ${uri} failed: ${(e as Error)?.stack ?? e}`));
        return open !== undefined;
      },
    });
    const result: AnalyzeFolderResult = { files: 0, findings: 0, unreadable: [], warnings: [], cancelled: false };
    let total = 0;
    let done = 0;
    try {
      const { bundles } = await analyzePaths(params.paths, options, {
        onListed: (n) => (total = n),
        onReading(path, bytes) {
          // an archive's members are only known as it is read: the total grows with them
          const progress: AnalyzeProgressParams = { done, total: Math.max(total, done + 1), path, reading: true, bytes };
          sendNotification(connection, ANALYZE_PROGRESS_NOTIFICATION, progress);
        },
        onFile({ analysis, unreadable }, index) {
          if (token.isCancellationRequested) throw new AnalysisCancelled();
          const path = analysis?.path ?? unreadable!.path;
          if (analysis) {
            const uri = logUri(analysis.path);
            run.set(uri, analysis, documents.get(uri) !== undefined);
            result.files++;
            result.findings += analysis.findings.length;
            for (const message of analysis.warnings) result.warnings.push({ path, message });
          }
          if (unreadable) result.unreadable.push(unreadable);
          done = index + 1;
          const progress: AnalyzeProgressParams = { done, total: Math.max(total, done), path };
          sendNotification(connection, ANALYZE_PROGRESS_NOTIFICATION, progress);
        },
        onCorrelated({ changed }) {
          // findings that gained evidence in other files (NetBackup's two hosts, a VMSS run's SMlog)
          for (const analysis of changed) run.changed(logUri(analysis.path), analysis, documents.get(logUri(analysis.path)) !== undefined);
        },
      });
      result.bundles = bundles;
    } catch (e) {
      if (!(e instanceof AnalysisCancelled)) throw e;
      run.restore();
      return { files: 0, findings: 0, unreadable: [], warnings: [], cancelled: true };
    }
    return result;
  });
}
