// "Log Triage: Write Triage Report": the server analyses the folder and writes markdown; it opens
// as an untitled document, ready to paste into the case.
import type { ExtensionContext } from 'vscode';
import { commands, ProgressLocation, Uri, window, workspace } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ReportParams, ReportResult } from '../../server/src/protocol';
import { REPORT_REQUEST } from '../../server/src/protocol';
import { lastAnalysedPaths } from './analyzeFolder';

export function registerReport(context: ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    commands.registerCommand('logtriage.writeReport', async (uri?: Uri) => {
      const paths = uri?.scheme === 'file' ? [uri.fsPath] : lastAnalysedPaths.length ? lastAnalysedPaths : (workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
      if (!paths.length) {
        void window.showWarningMessage('Log Triage: open a folder or analyse one first.');
        return undefined;
      }
      const params: ReportParams = { paths };
      const { markdown } = await window.withProgress({ location: ProgressLocation.Notification, title: 'Log Triage: writing the triage report' }, () =>
        client.sendRequest(REPORT_REQUEST, params),
      );
      const doc = await workspace.openTextDocument({ language: 'markdown', content: markdown });
      await window.showTextDocument(doc, { preview: false });
      return doc;
    }),
  );
}
