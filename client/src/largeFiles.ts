// Logs over the 50 MB that VS Code hands to extensions: the editor shows them, but no extension
// sees their text, so no diagnostic would ever appear. Say so as soon as one is opened and offer
// to analyse it from disk (the server streams it; findings go to the Problems panel and Findings view).
import * as path from 'path';
import type { ExtensionContext, Uri } from 'vscode';
import { commands, TabInputText, window, workspace } from 'vscode';

/** VS Code's limit for documents synchronised to extensions. */
const SYNC_LIMIT_BYTES = 50 * 1024 * 1024;

/** Files already offered, most recent last (for the integration tests and the API). */
export const offeredLargeFiles: string[] = [];

async function offerAnalysis(uri: Uri): Promise<void> {
  if (uri.scheme !== 'file' || offeredLargeFiles.includes(uri.fsPath)) return;
  // a document the extension host has is not over the limit
  if (workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return;
  let size: number;
  try {
    size = (await workspace.fs.stat(uri)).size;
  } catch {
    return;
  }
  if (size <= SYNC_LIMIT_BYTES) return;
  offeredLargeFiles.push(uri.fsPath);
  const choice = await window.showInformationMessage(
    `Log Triage: ${path.basename(uri.fsPath)} is ${Math.round(size / 1048576)} MB, over the 50 MB that VS Code hands to extensions, so its findings cannot show as you read it. Analyze it from disk?`,
    'Analyze from disk',
  );
  if (choice) await commands.executeCommand('logtriage.analyzeFromDisk', uri);
}

export function registerLargeFiles(context: ExtensionContext): void {
  const check = (input: unknown) => {
    if (input instanceof TabInputText) void offerAnalysis(input.uri);
  };
  for (const group of window.tabGroups.all) for (const tab of group.tabs) check(tab.input);
  context.subscriptions.push(
    window.tabGroups.onDidChangeTabs((e) => {
      for (const tab of [...e.opened, ...e.changed]) check(tab.input);
    }),
    commands.registerCommand('logtriage.analyzeFromDisk', async (uri?: Uri) => {
      const target = uri ?? (window.tabGroups.activeTabGroup.activeTab?.input instanceof TabInputText ? window.tabGroups.activeTabGroup.activeTab.input.uri : undefined);
      if (!target) return undefined;
      return commands.executeCommand('logtriage.analyzeFolder', target);
    }),
  );
}
