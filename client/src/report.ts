// The triage report, to paste into a case: "Write Triage Report" opens it as markdown, "… as Plain
// Text" as text, and "Copy Triage Report as Plain Text" puts the text on the clipboard (case tools
// that do not render markdown take it as it is). The server analyses the paths and writes it.
import type { ExtensionContext, Uri } from 'vscode';
import { commands, env, ProgressLocation, window, workspace } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ReportParams } from '../../server/src/protocol';
import { REPORT_REQUEST } from '../../server/src/protocol';
import { lastAnalysedPaths } from './analyzeFolder';

type Format = NonNullable<ReportParams['format']>;

/** What the report covers: the folder clicked, else the last analysed paths, else the workspace. */
function reportPaths(uri?: Uri): string[] {
  if (uri?.scheme === 'file') return [uri.fsPath];
  return lastAnalysedPaths.length ? lastAnalysedPaths : (workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

async function requestReport(client: LanguageClient, uri: Uri | undefined, format: Format): Promise<string | undefined> {
  const paths = reportPaths(uri);
  if (!paths.length) {
    void window.showWarningMessage('Log Triage: open a folder or analyse one first.');
    return undefined;
  }
  const params: ReportParams = { paths, format };
  const { markdown } = await window.withProgress({ location: ProgressLocation.Notification, title: 'Log Triage: writing the triage report' }, () => client.sendRequest(REPORT_REQUEST, params));
  return markdown;
}

export function registerReport(context: ExtensionContext, client: LanguageClient): void {
  const write = (format: Format) => async (uri?: Uri) => {
    const content = await requestReport(client, uri, format);
    if (content === undefined) return undefined;
    const doc = await workspace.openTextDocument({ language: format === 'text' ? 'plaintext' : 'markdown', content });
    await window.showTextDocument(doc, { preview: false });
    return doc;
  };
  context.subscriptions.push(
    commands.registerCommand('logtriage.writeReport', write('markdown')),
    commands.registerCommand('logtriage.writeReportText', write('text')),
    commands.registerCommand('logtriage.copyReport', async (uri?: Uri) => {
      const text = await requestReport(client, uri, 'text');
      if (text === undefined) return undefined;
      await env.clipboard.writeText(text);
      void window.showInformationMessage('Log Triage: the triage report is on the clipboard as plain text.');
      return text;
    }),
  );
}
