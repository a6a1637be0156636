import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { RuleSet } from '../engine';
import { loadRunbook } from '../engine';
import { COMMANDS } from '../protocol';
import type { FindingData } from './diagnostics';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/** Quick fixes for our diagnostics: the runbook, the source article, the commands, and silencing the rule. */
export function codeActionsFor(diagnostics: Diagnostic[], rules: RuleSet): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== DIAGNOSTIC_SOURCE || !d.data) continue;
    const { rule: id, runbook: runbookId } = d.data as FindingData;
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
    if (runbook) actions.push(quickFix(`Open runbook: ${runbook.title}`, COMMANDS.openRunbook, [{ runbook: runbook.id }], true));
    const article = rule.sources.find((s) => s.url);
    if (article?.url) actions.push(quickFix(`Open source article: ${article.title}`, COMMANDS.openArticle, [article.url]));
    if (runbook?.resolutionCommands.length) {
      actions.push(quickFix(`Copy resolution commands (${runbook.resolutionCommands.length})`, COMMANDS.copyResolution, [runbook.resolutionCommands.join('\n')]));
    }
    actions.push(quickFix(`Disable rule ${id} in this workspace`, COMMANDS.disableRule, [id]));
  }
  return actions;
}
