// Commands behind the server's quick fixes. Arguments come from our server, but are still checked:
// a runbook id is a plain name, an article is an https URL from the knowledge files.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ExtensionContext, TextDocumentContentProvider } from 'vscode';
import { commands, ConfigurationTarget, env, Uri, window, workspace } from 'vscode';
import { fillRunbookMarkdown } from '../../server/src/shared';
import type { OpenRunbookArgs } from '../../server/src/protocol';
import { COMMANDS, RUNBOOK_SCHEME } from '../../server/src/protocol';

/**
 * A built-in runbook, else one of the rule packs of logtriage.rulePacks (`<pack>/<id>.md` or
 * `<pack>/runbooks/<id>.md`, as the server looks them up; packs count only in a trusted workspace).
 */
export function runbookUri(context: ExtensionContext, id: string): Uri | undefined {
  if (!/^[a-z0-9-]+$/.test(id)) return undefined;
  const builtIn = context.asAbsolutePath(path.join('server', 'knowledge', 'runbooks', `${id}.md`));
  if (fs.existsSync(builtIn) || !workspace.isTrusted) return Uri.file(builtIn);
  const first = workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  for (const pack of workspace.getConfiguration('logtriage').get<string[]>('rulePacks', [])) {
    if (typeof pack !== 'string' || !pack.trim()) continue;
    const folder = pack === '~' || pack.startsWith('~/') ? path.join(os.homedir(), pack.slice(1)) : path.resolve(first, pack);
    const dir = fs.existsSync(folder) && fs.statSync(folder).isDirectory() ? folder : path.dirname(folder);
    for (const candidate of [path.join(dir, `${id}.md`), path.join(dir, 'runbooks', `${id}.md`)]) {
      if (fs.existsSync(candidate)) return Uri.file(candidate);
    }
  }
  return Uri.file(builtIn);
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
