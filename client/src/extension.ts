// The client starts the language server and owns what only the editor can do. No analysis here.
import * as path from 'path';
import type { ExtensionContext } from 'vscode';
import { workspace } from 'vscode';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { InitializationOptions } from '../../server/src/protocol';
import { TRUST_CHANGED_NOTIFICATION } from '../../server/src/protocol';
import { registerCommands } from './commands';
import { LOG_LANGUAGES } from './languages';
import { registerStatusBar } from './statusBar';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const initializationOptions: InitializationOptions = { trusted: workspace.isTrusted };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LOG_LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    diagnosticCollectionName: 'logtriage',
    initializationOptions,
    synchronize: { fileEvents: workspace.createFileSystemWatcher('**/.logtriage/rules.json') },
  };
  client = new LanguageClient('logtriage', 'Log Triage', serverOptions, clientOptions);
  context.subscriptions.push(
    workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification(TRUST_CHANGED_NOTIFICATION, { trusted: true })),
  );
  registerCommands(context);
  registerStatusBar(context);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
