// A status bar item with what VS Code's own counts do not say: the root causes found, in the active
// log or in the whole analysed bundle (also on the merged timeline), and whether a folder analysis is
// running or was cancelled. Its numbers are the Findings view's, which are the Problems panel's.
import type { ExtensionContext } from 'vscode';
import { StatusBarAlignment, window } from 'vscode';
import { TIMELINE_SCHEME } from '../../server/src/protocol';
import type { FindingsProvider } from './findingsView';
import { logLanguages } from './languages';

/** What Analyze Folder is doing, for the item. */
export type FolderState = { kind: 'idle' } | { kind: 'running'; done: number; total: number } | { kind: 'cancelled' };

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

export interface FindingsStatus {
  setFolderState(state: FolderState): void;
  /** The item's text, empty when it is hidden (for the integration tests). */
  text(): string;
}

export function registerStatusBar(context: ExtensionContext, findings: FindingsProvider): FindingsStatus {
  const logLanguageIds = logLanguages(context.extension.packageJSON);
  const item = window.createStatusBarItem('logtriage.findings', StatusBarAlignment.Left, 10);
  item.name = 'Log Triage root causes';
  item.command = 'logtriage.findings.focus';
  let folder: FolderState = { kind: 'idle' };
  let shown = false;
  const update = () => {
    shown = true;
    const doc = window.activeTextEditor?.document;
    const isLog = !!doc && logLanguageIds.includes(doc.languageId) && doc.uri.scheme !== TIMELINE_SCHEME;
    const all = findings.counts();
    if (folder.kind === 'running') {
      item.text = `$(sync~spin) Log Triage: analysing ${folder.done} of ${folder.total} files`;
      item.tooltip = 'Analyze Folder is running; cancel it from its notification (the previous results are kept).';
      item.show();
      return;
    }
    const cancelled = folder.kind === 'cancelled' ? ' The last Analyze Folder was cancelled: these are the results of the run before it.' : '';
    if (isLog) {
      const one = findings.counts(doc.uri.toString());
      item.text = one.findings ? `$(checklist) Log Triage: ${plural(one.causes, 'root cause')} · ${plural(one.findings, 'finding')}` : '$(pass) Log Triage: no known problem';
      item.tooltip = `${one.findings ? `In this log: ${findings.causeTitles(doc.uri.toString()).join('; ')}.` : 'No known problem in this log.'}${all.files > 1 ? ` All logs: ${plural(all.causes, 'root cause')}, ${plural(all.findings, 'finding')} in ${plural(all.files, 'log')}.` : ''}${cancelled} Click for the Findings view.`;
    } else if (all.files && (doc?.uri.scheme === TIMELINE_SCHEME || !doc || folder.kind !== 'idle' || findings.hasBundle())) {
      // the merged timeline and the analysed bundle: the whole story
      item.text = `$(checklist) Log Triage: ${plural(all.causes, 'root cause')} · ${plural(all.findings, 'finding')} in ${plural(all.files, 'log')}${folder.kind === 'cancelled' ? ' (earlier run)' : ''}`;
      item.tooltip = `${findings.causeTitles().join('; ')}.${cancelled} Click for the Findings view.`;
    } else {
      item.hide();
      shown = false;
      return;
    }
    item.accessibilityInformation = { label: item.text.replace(/\$\([^)]*\) /g, '') };
    item.show();
  };
  context.subscriptions.push(item, window.onDidChangeActiveTextEditor(update), findings.onDidChangeTreeData(update));
  update();
  return {
    setFolderState(state) {
      folder = state;
      update();
    },
    text: () => (shown ? item.text : ''),
  };
}
