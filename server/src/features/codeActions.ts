import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { RuleSet } from '../engine';
import { commandValues, fillCommands, loadRunbook } from '../engine';
import { COMMANDS } from '../protocol';
import type { FindingData } from './diagnostics';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/** Quick fixes for our diagnostics: the runbook, the source article, the commands, and silencing the rule. */
export function codeActionsFor(diagnostics: Diagnostic[], rules: RuleSet): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== DIAGNOSTIC_SOURCE || !d.data) continue;
    const { rule: id, runbook: runbookId, values } = d.data as FindingData;
    const rule = rules.byId.get(id);
    if (!rule) continue;
    const runbook = runbookId ? loadRunbook(runbookId) : undefined;
    const quickFix = (title: string, command: string, args: unknown[], preferred = false): CodeAction => ({
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: preferred,
      command: { title, command, arguments: args },
    });
    // values from Diagnostic.data come back from the client: filtered again, never trusted as they are
    const shownValues = commandValues(values);
    if (runbook) actions.push(quickFix(`Open runbook: ${runbook.title}`, COMMANDS.openRunbook, [{ runbook: runbook.id, ...(shownValues ? { values: shownValues } : {}) }], true));
    const article = rule.sources.find((s) => s.url);
    if (article?.url) actions.push(quickFix(`Open source article: ${article.title}`, COMMANDS.openArticle, [article.url]));
    if (runbook?.resolutionCommands.length) {
      // the finding's own values fill the commands; what it does not know stays a visible <name>
      const commands = fillCommands(runbook.resolutionCommands, shownValues);
      actions.push(quickFix(`Copy resolution commands (${commands.length})`, COMMANDS.copyResolution, [commands.join('\n')]));
    }
    actions.push(quickFix(`Disable rule ${id} in this workspace`, COMMANDS.disableRule, [id]));
  }
  return actions;
}
