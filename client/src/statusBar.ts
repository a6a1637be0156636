// A status bar item with the active log's findings per severity; a click opens the Problems panel.
import type { ExtensionContext } from 'vscode';
import { languages, StatusBarAlignment, window } from 'vscode';
import { LOG_LANGUAGES } from './languages';

export function registerStatusBar(context: ExtensionContext): void {
  const item = window.createStatusBarItem('logtriage.findings', StatusBarAlignment.Left, 10);
  item.name = 'Log Triage findings';
  item.command = 'workbench.actions.view.problems';
  const update = () => {
    const doc = window.activeTextEditor?.document;
    if (!doc || !(LOG_LANGUAGES as readonly string[]).includes(doc.languageId)) {
      item.hide();
      return;
    }
    const counts = [0, 0, 0, 0]; // indexed by DiagnosticSeverity: Error 0, Warning 1, Information 2, Hint 3
    for (const d of languages.getDiagnostics(doc.uri)) if (d.source === 'logtriage') counts[d.severity]++;
    const [errors, warnings, infos, hints] = counts;
    item.text = `$(search) Log Triage: $(error) ${errors} $(warning) ${warnings} $(info) ${infos + hints}`;
    item.tooltip = `${errors} errors, ${warnings} warnings, ${infos} information, ${hints} hints in this log — click for the Problems panel`;
    item.accessibilityInformation = { label: `Log Triage: ${errors} errors, ${warnings} warnings, ${infos + hints} other findings` };
    item.show();
  };
  context.subscriptions.push(
    item,
    window.onDidChangeActiveTextEditor(update),
    languages.onDidChangeDiagnostics((e) => {
      const active = window.activeTextEditor?.document.uri.toString();
      if (active && e.uris.some((u) => u.toString() === active)) update();
    }),
  );
  update();
}
