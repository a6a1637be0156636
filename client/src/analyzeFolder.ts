// "Log Triage: Analyze Folder…": the server streams every log of a folder from disk (any size,
// .gz too) and publishes findings per file; here only progress, cancellation and the summary.
import type { ExtensionContext, OutputChannel } from 'vscode';
import { CancellationTokenSource, commands, ProgressLocation, window, workspace } from 'vscode';
import type { Uri } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { AnalyzeFolderParams, AnalyzeFolderResult, AnalyzeProgressParams } from '../../server/src/protocol';
import { ANALYZE_FOLDER_REQUEST, ANALYZE_PROGRESS_NOTIFICATION, BUNDLE_SCHEME } from '../../server/src/protocol';
import type { BundleSummary } from '../../server/src/shared';
import { bundleSummaryLines, MEMBER_SEPARATOR, splitMemberPath } from '../../server/src/shared';
import { outputLines, plural } from './outputLines';

/** Folders and files analysed last, for the triage report. */
export let lastAnalysedPaths: string[] = [];

/** A file or folder on disk; a folder of an opened bundle stands for its whole archive. */
function diskPath(u: Uri): string | undefined {
  if (u.scheme === 'file') return u.fsPath;
  if (u.scheme === BUNDLE_SCHEME) return splitMemberPath(u.path.replace(/!$/, MEMBER_SEPARATOR))?.archive;
  return undefined;
}

async function choosePaths(uri?: Uri, selected?: Uri[]): Promise<string[] | undefined> {
  const picked = selected?.length ? selected : uri ? [uri] : undefined;
  if (picked) return [...new Set(picked.map(diskPath).filter((p): p is string => p !== undefined))];
  const chosen = await window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: true,
    canSelectMany: true,
    openLabel: 'Analyze',
    defaultUri: workspace.workspaceFolders?.[0]?.uri,
  });
  return chosen?.map((u) => u.fsPath);
}

function megabytes(bytes: number): string {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** What the Findings view and the status bar hear of a run. */
export interface FolderRunListener {
  started(paths: string[]): void;
  progress(done: number, total: number): void;
  /** undefined: cancelled (the server put back the previous results). */
  finished(bundles: BundleSummary[] | undefined): void;
}

/** The running analysis, if any: command logtriage.analyzeFolder.cancel stops it. */
let running: CancellationTokenSource | undefined;

export function registerAnalyzeFolder(context: ExtensionContext, client: LanguageClient, output: OutputChannel, runs?: FolderRunListener): void {
  context.subscriptions.push(
    commands.registerCommand('logtriage.analyzeFolder.cancel', () => running?.cancel()),
    commands.registerCommand('logtriage.analyzeFolder', async (uri?: Uri, selected?: Uri[]): Promise<AnalyzeFolderResult | undefined> => {
      const paths = await choosePaths(uri, selected);
      if (!paths?.length) return undefined;
      lastAnalysedPaths = paths;
      output.appendLine(`Analyzing ${paths.join(', ')}`);
      runs?.started(paths);
      const result = await window.withProgress({ location: ProgressLocation.Notification, title: 'Log Triage', cancellable: true }, async (progress, token) => {
        const source = new CancellationTokenSource();
        running = source;
        token.onCancellationRequested(() => source.cancel());
        let reported = 0;
        const listener = client.onNotification(ANALYZE_PROGRESS_NOTIFICATION, (p: AnalyzeProgressParams) => {
          const increment = p.total ? ((p.done - reported) / p.total) * 100 : 0;
          reported = p.done;
          // an archive's members are named as they are read, with their size
          const reading = p.reading ? ` · ${p.path.slice(p.path.lastIndexOf('/') + 1)}${p.bytes !== undefined ? ` (${megabytes(p.bytes)})` : ''}` : '';
          progress.report({ message: `${p.done} of ${p.total} files${reading}`, increment });
          runs?.progress(p.done, p.total);
        });
        try {
          const params: AnalyzeFolderParams = { paths };
          return await client.sendRequest(ANALYZE_FOLDER_REQUEST, params, source.token);
        } catch (e) {
          runs?.finished(undefined);
          throw e;
        } finally {
          listener.dispose();
          if (running === source) running = undefined;
          source.dispose();
        }
      });
      if (result.cancelled) {
        output.appendLine('Analysis cancelled; the results of the run before it are kept.');
        void window.showInformationMessage('Log Triage: analysis cancelled; the previous results are kept.');
        runs?.finished(undefined);
        return result;
      }
      for (const line of (result.bundles ?? []).flatMap(bundleSummaryLines)) output.appendLine(line);
      runs?.finished(result.bundles ?? []);
      for (const line of outputLines(result)) output.appendLine(line);
      const summary = `${plural(result.findings, 'finding')} in ${plural(result.files, 'file')}${result.unreadable.length ? `; ${result.unreadable.length} not analyzed (see the Log Triage output)` : ''}.`;
      output.appendLine(summary);
      // not awaited: the command's result must not wait for someone to close a notification
      void window.showInformationMessage(`Log Triage: ${summary}`, 'Show Problems', 'Show Findings').then((choice) => {
        if (choice === 'Show Problems') void commands.executeCommand('workbench.actions.view.problems');
        if (choice === 'Show Findings') void commands.executeCommand('logtriage.findings.focus');
      });
      return result;
    }),
  );
}
