// The Get Started walkthrough: shown once after install, its example opened as an untitled copy (the
// installed extension's own file must not be edited), and its steps ticked by what the engineer did
// (context keys set here, since a hover or a quick fix chosen with the mouse runs no command).
import * as fs from 'fs';
import type { ExtensionContext } from 'vscode';
import { commands, window, workspace } from 'vscode';

export const WALKTHROUGH_ID = 'logtriage.logtriage#logtriage.gettingStarted';
const SHOWN_KEY = 'logtriage.walkthroughShown';

/** Context keys the walkthrough's completionEvents wait for (package.json `onContext:`). */
export const WALKTHROUGH_CONTEXT = {
  hoverShown: 'logtriage.walkthrough.hoverShown',
} as const;

/** Ticks a walkthrough step: its completion event is this context key becoming true. */
export function tickWalkthrough(key: (typeof WALKTHROUGH_CONTEXT)[keyof typeof WALKTHROUGH_CONTEXT]): void {
  void commands.executeCommand('setContext', key, true);
}

export function registerWalkthrough(context: ExtensionContext): void {
  context.subscriptions.push(
    commands.registerCommand('logtriage.openExample', async () => {
      const content = await fs.promises.readFile(context.asAbsolutePath('examples/vnx/server_log'), 'utf8');
      const doc = await workspace.openTextDocument({ language: 'vnx-server-log', content });
      await window.showTextDocument(doc, { preview: false });
      return doc;
    }),
  );
  // the first activation after install opens the walkthrough beside the log that activated it; never again
  if (!context.globalState.get<boolean>(SHOWN_KEY)) {
    void context.globalState.update(SHOWN_KEY, true);
    void commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, true);
  }
}
