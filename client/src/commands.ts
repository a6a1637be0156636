// Commands behind the server's quick fixes. Arguments come from our server, but are still checked:
// a runbook id is a plain name, an article is an https URL from the knowledge files.
import * as path from 'path';
import * as fs from 'fs';
import type { ExtensionContext, TextDocumentContentProvider } from 'vscode';
import { commands, ConfigurationTarget, env, Uri, window, workspace } from 'vscode';
import { fillRunbookMarkdown } from '../../server/src/engine/runbookValues';
import type { OpenRunbookArgs } from '../../server/src/protocol';
import { COMMANDS, RUNBOOK_SCHEME } from '../../server/src/protocol';

export function runbookUri(context: ExtensionContext, id: string): Uri | undefined {
  if (!/^[a-z0-9-]+$/.test(id)) return undefined;
  return Uri.file(context.asAbsolutePath(path.join('server', 'knowledge', 'runbooks', `${id}.md`)));
}

/** Only string values pass (the arguments come from our server, but a command can be called by anyone). */
function valuesOf(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw && typeof raw === 'object') for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** A runbook as one finding sees it: its commands filled with the finding's values, `<name>` where it has none. */
function filledRunbooks(context: ExtensionContext): TextDocumentContentProvider {
  return {
    provideTextDocumentContent(uri) {
      const file = runbookUri(context, path.posix.basename(uri.path, '.md'));
      if (!file) return '';
      let values: Record<string, string> = {};
      try {
        values = valuesOf(JSON.parse(uri.query));
      } catch {
        // no values: every placeholder shows as <name>
      }
      return fillRunbookMarkdown(fs.readFileSync(file.fsPath, 'utf8'), values);
    },
  };
}

export function registerCommands(context: ExtensionContext): void {
  context.subscriptions.push(
    workspace.registerTextDocumentContentProvider(RUNBOOK_SCHEME, filledRunbooks(context)),
    commands.registerCommand(COMMANDS.openRunbook, async (args: OpenRunbookArgs) => {
      const uri = runbookUri(context, args?.runbook ?? '');
      if (!uri) return;
      const values = valuesOf(args?.values);
      // with a finding's values, a read-only copy with its commands filled; the built-in preview renders
      // offline either way and keeps its own strict content security policy
      const shown = Object.keys(values).length ? Uri.from({ scheme: RUNBOOK_SCHEME, path: `/${args.runbook}.md`, query: JSON.stringify(values) }) : uri;
      await commands.executeCommand('markdown.showPreview', shown);
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
