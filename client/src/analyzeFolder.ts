// "Log Triage: Analyze Folder…": the server streams every log of a folder from disk (any size,
// .gz too) and publishes findings per file; here only progress, cancellation and the summary.
import type { ExtensionContext, OutputChannel } from 'vscode';
import { CancellationTokenSource, commands, ProgressLocation, window, workspace } from 'vscode';
import type { Uri } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { AnalyzeFolderParams, AnalyzeFolderResult, AnalyzeProgressParams } from '../../server/src/protocol';
import { ANALYZE_FOLDER_REQUEST, ANALYZE_PROGRESS_NOTIFICATION, BUNDLE_SCHEME } from '../../server/src/protocol';
import type { BundleSummary } from '../../server/src/engine/bundle/summary';
import { bundleSummaryLines } from '../../server/src/engine/bundle/summary';
import { MEMBER_SEPARATOR, splitMemberPath } from '../../server/src/engine/io/archive/memberPath';
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

export function registerAnalyzeFolder(context: ExtensionContext, client: LanguageClient, output: OutputChannel, onBundles: (bundles: BundleSummary[]) => void = () => undefined): void {
  context.subscriptions.push(
    commands.registerCommand('logtriage.analyzeFolder', async (uri?: Uri, selected?: Uri[]): Promise<AnalyzeFolderResult | undefined> => {
      const paths = await choosePaths(uri, selected);
      if (!paths?.length) return undefined;
      lastAnalysedPaths = paths;
      output.appendLine(`Analyzing ${paths.join(', ')}`);
      const result = await window.withProgress(
        { location: ProgressLocation.Notification, title: 'Log Triage', cancellable: true },
        async (progress, token) => {
          const source = new CancellationTokenSource();
          token.onCancellationRequested(() => source.cancel());
          let reported = 0;
          const listener = client.onNotification(ANALYZE_PROGRESS_NOTIFICATION, (p: AnalyzeProgressParams) => {
            const increment = p.total ? ((p.done - reported) / p.total) * 100 : 0;
            reported = p.done;
            // an archive's members are named as they are read, with their size
            const reading = p.reading ? ` · ${p.path.slice(p.path.lastIndexOf('/') + 1)}${p.bytes !== undefined ? ` (${megabytes(p.bytes)})` : ''}` : '';
            progress.report({ message: `${p.done} of ${p.total} files${reading}`, increment });
          });
          try {
            const params: AnalyzeFolderParams = { paths };
            return await client.sendRequest<AnalyzeFolderResult>(ANALYZE_FOLDER_REQUEST, params, source.token);
          } finally {
            listener.dispose();
            source.dispose();
          }
        },
      );
      if (result.cancelled) {
        output.appendLine('Analysis cancelled; its findings were withdrawn.');
        void window.showInformationMessage('Log Triage: analysis cancelled.');
        return result;
      }
      for (const line of (result.bundles ?? []).flatMap(bundleSummaryLines)) output.appendLine(line);
      onBundles(result.bundles ?? []);
      for (const line of outputLines(result)) output.appendLine(line);
      const summary = `${plural(result.findings, 'finding')} in ${plural(result.files, 'file')}${result.unreadable.length ? `; ${result.unreadable.length} not analysed (see the Log Triage output)` : ''}.`;
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
