// Commands behind the server's quick fixes. Arguments come from our server, but are still checked:
// a runbook id is a plain name, an article is an https URL from the knowledge files.
import * as path from 'path';
import type { ExtensionContext } from 'vscode';
import { commands, ConfigurationTarget, env, Uri, window, workspace } from 'vscode';
import type { OpenRunbookArgs } from '../../server/src/protocol';
import { COMMANDS } from '../../server/src/protocol';

export function runbookUri(context: ExtensionContext, id: string): Uri | undefined {
  if (!/^[a-z0-9-]+$/.test(id)) return undefined;
  return Uri.file(context.asAbsolutePath(path.join('server', 'knowledge', 'runbooks', `${id}.md`)));
}

export function registerCommands(context: ExtensionContext): void {
  context.subscriptions.push(
    commands.registerCommand(COMMANDS.openRunbook, async (args: OpenRunbookArgs) => {
      const uri = runbookUri(context, args?.runbook ?? '');
      if (!uri) return;
      // the built-in preview renders offline and keeps its own strict content security policy
      await commands.executeCommand('markdown.showPreview', uri);
    }),
    commands.registerCommand(COMMANDS.openArticle, async (url: string) => {
      if (typeof url !== 'string' || !url.startsWith('https://')) return;
      await env.openExternal(Uri.parse(url, true));
    }),
    commands.registerCommand(COMMANDS.copyResolution, async (text: string) => {
      await env.clipboard.writeText(String(text));
      void window.showInformationMessage('Log Triage: resolution commands copied to the clipboard.');
    }),
    commands.registerCommand(COMMANDS.disableRule, async (id: string) => {
      if (!workspace.isTrusted) {
        void window.showWarningMessage('Log Triage: trust this workspace to change its settings.');
        return;
      }
      const config = workspace.getConfiguration('logtriage');
      const disabled = config.get<string[]>('rules.disabled', []);
      if (disabled.includes(id)) return;
      const target = workspace.workspaceFolders?.length ? ConfigurationTarget.Workspace : ConfigurationTarget.Global;
      await config.update('rules.disabled', [...disabled, id], target);
      void window.showInformationMessage(`Log Triage: rule ${id} disabled (setting logtriage.rules.disabled).`);
    }),
  );
}
