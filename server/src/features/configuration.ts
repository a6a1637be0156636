// Settings, workspace trust and custom rules files: any change to them means other rules or options,
// so every open document is analysed again. Custom rules are checked before they are used, which
// takes a while for thousands of them: the rules in force before stay until then (rulesInForce.ts).
import { DidChangeConfigurationNotification } from 'vscode-languageserver/node';
import type { TrustChangedParams } from '../protocol';
import { TRUST_CHANGED_NOTIFICATION } from '../protocol';
import { reanalyseAll } from './documentSync';
import type { ServerContext } from './serverContext';
import type { LogTriageSettings } from './settings';
import { parseSettings } from './settings';
import { warmUp } from './warmUp';
import { onNotification } from './messages';

export function registerConfiguration(ctx: ServerContext): void {
  const { connection, workspace } = ctx;

  connection.onInitialized(async () => {
    if (workspace.canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'logtriage' });
    // load custom rules now, so a broken rules file is reported before any log opens; and warm the
    // hovers up while the client is still busy (sending a big document, answering the settings pull)
    void warmUp(ctx.rules.current().ruleSet);
    await refreshSettings(ctx);
    reanalyseAll(ctx);
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (workspace.canPullConfiguration) await refreshSettings(ctx);
    else applySettings(ctx, parseSettings((change.settings as { logtriage?: unknown } | undefined)?.logtriage));
    reanalyseAll(ctx);
  });

  // .logtriage/rules.json changed, or trust: the rules in force stay until the new ones are checked
  connection.onDidChangeWatchedFiles(() => ctx.rules.reload());

  onNotification(connection, TRUST_CHANGED_NOTIFICATION, (p: TrustChangedParams) => {
    workspace.trusted = p.trusted;
    ctx.rules.reload();
  });
}

async function refreshSettings(ctx: ServerContext): Promise<void> {
  if (!ctx.workspace.canPullConfiguration) return;
  applySettings(ctx, parseSettings(await ctx.connection.workspace.getConfiguration('logtriage')));
}

/** New settings; other rule packs mean other rules (and their problems re-published). */
function applySettings(ctx: ServerContext, next: LogTriageSettings): void {
  const packsChanged = JSON.stringify(next.rulePacks) !== JSON.stringify(ctx.workspace.settings.rulePacks);
  ctx.workspace.settings = next;
  // the rules in force stay until the new packs are checked (in turns, as at start)
  if (packsChanged && ctx.rules.started) ctx.rules.reload();
}
