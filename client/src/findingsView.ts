// The "Findings" view: root cause → file → line, built from what the server sends per file.
// Labels are plain text (tree items never render markdown), so log text cannot become a link.
import * as path from 'path';
import type { Event, ExtensionContext, TreeDataProvider } from 'vscode';
import { commands, EventEmitter, Range, ThemeIcon, TreeItem, TreeItemCollapsibleState, Uri, window } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { FindingSummary, FindingsParams } from '../../server/src/protocol';
import { COMMANDS, FINDINGS_NOTIFICATION } from '../../server/src/protocol';
import { findingLabel, findingTooltip, MAX_TOOLTIP, treeText } from './treeLabels';
import type { BundleSummary } from '../../server/src/shared';
import { bundleSummaryLines, withoutTrailingSlashes } from '../../server/src/shared';

type Severity = FindingSummary['severity'];
const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'information', 'hint'];
const ICONS: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'info', hint: 'lightbulb' };

type Node =
  | { kind: 'bundle'; summary: BundleSummary }
  | { kind: 'detail'; text: string }
  | { kind: 'cause'; cause: string; title: string; items: { uri: string; finding: FindingSummary }[] }
  | { kind: 'file'; cause: string; uri: string; items: FindingSummary[] }
  | { kind: 'finding'; uri: string; finding: FindingSummary }
  /** A file with more findings than the server sends (setting logtriage.maxDiagnosticsPerFile). */
  | { kind: 'more'; uri: string; omitted: number };

function worst(items: { severity: Severity }[]): Severity {
  return SEVERITY_ORDER.find((s) => items.some((i) => i.severity === s)) ?? 'hint';
}

export class FindingsProvider implements TreeDataProvider<Node> {
  private readonly files = new Map<string, FindingsParams>();
  private readonly changed = new EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData: Event<Node | undefined> = this.changed.event;
  severities = new Set<Severity>(SEVERITY_ORDER);
  families: Set<string> | undefined; // undefined: every family

  update(p: FindingsParams): void {
    if (p.findings.length || p.omitted) this.files.set(p.uri, p);
    else this.files.delete(p.uri);
    this.changed.fire(undefined);
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** The bundles of the last Analyze Folder, shown above the root causes. */
  private bundles: BundleSummary[] = [];

  setBundles(bundles: BundleSummary[]): void {
    this.bundles = bundles;
    this.changed.fire(undefined);
  }

  /** The bundle rows as the view shows them (for the integration tests and the API). */
  bundleSnapshot(): { label: string; details: string[] }[] {
    return this.bundles.map((summary) => ({ label: String(this.getTreeItem({ kind: 'bundle', summary }).label), details: this.getChildren({ kind: 'bundle', summary }).map((d) => (d as { text: string }).text) }));
  }

  /** Root causes as the view shows them (for the integration tests and the API). */
  snapshot(): { cause: string; title: string; files: { uri: string; lines: number[] }[] }[] {
    return this.getChildren().filter((c) => c.kind === 'cause').map((c) => ({
      cause: (c as Node & { kind: 'cause' }).cause,
      title: (c as Node & { kind: 'cause' }).title,
      files: this.getChildren(c).map((f) => ({
        uri: (f as Node & { kind: 'file' }).uri,
        lines: this.getChildren(f).map((x) => (x as Node & { kind: 'finding' }).finding.line + 1),
      })),
    }));
  }

  knownFamilies(): string[] {
    return [...new Set([...this.files.values()].map((f) => f.format ?? 'unrecognised'))].sort();
  }

  private visible(): { uri: string; finding: FindingSummary }[] {
    const out: { uri: string; finding: FindingSummary }[] = [];
    for (const [uri, file] of this.files) {
      if (this.families && !this.families.has(file.format ?? 'unrecognised')) continue;
      for (const finding of file.findings) if (this.severities.has(finding.severity)) out.push({ uri, finding });
    }
    return out;
  }

  /** Files whose findings were capped, after the root causes: the view says how many it does not show. */
  private capped(): Node[] {
    return [...this.files.values()]
      .filter((f) => f.omitted > 0 && (!this.families || this.families.has(f.format ?? 'unrecognised')))
      .sort((a, b) => a.uri.localeCompare(b.uri))
      .map((f) => ({ kind: 'more', uri: f.uri, omitted: f.omitted }));
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const causes = new Map<string, Node & { kind: 'cause' }>();
      for (const item of this.visible()) {
        const c = causes.get(item.finding.cause) ?? { kind: 'cause', cause: item.finding.cause, title: item.finding.causeTitle, items: [] };
        c.items.push(item);
        causes.set(item.finding.cause, c);
      }
      const rank = (n: Node & { kind: 'cause' }) => SEVERITY_ORDER.indexOf(worst(n.items.map((i) => i.finding)));
      const sorted: Node[] = [...causes.values()].sort((a, b) => rank(a) - rank(b) || b.items.length - a.items.length);
      const bundles: Node[] = this.bundles.map((summary) => ({ kind: 'bundle', summary }));
      return [...bundles, ...sorted, ...this.capped()];
    }
    if (node.kind === 'bundle') return bundleSummaryLines(node.summary).slice(1).map((line) => ({ kind: 'detail', text: line.trim() }));
    if (node.kind === 'cause') {
      const byFile = new Map<string, FindingSummary[]>();
      for (const { uri, finding } of node.items) byFile.set(uri, [...(byFile.get(uri) ?? []), finding]);
      return [...byFile.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([uri, items]) => ({ kind: 'file', cause: node.cause, uri, items }));
    }
    if (node.kind === 'file') return [...node.items].sort((a, b) => a.line - b.line).map((finding) => ({ kind: 'finding', uri: node.uri, finding }));
    return [];
  }

  getTreeItem(node: Node): TreeItem {
    if (node.kind === 'bundle') {
      const s = node.summary;
      const item = new TreeItem(treeText(path.basename(withoutTrailingSlashes(s.path))), TreeItemCollapsibleState.Expanded);
      item.description = treeText([s.layouts.join(', ') || 'no known bundle layout', s.product && `${s.product}${s.version ? ` ${s.version}` : ''}`].filter(Boolean).join(' · '));
      item.iconPath = new ThemeIcon('package');
      item.tooltip = treeText(bundleSummaryLines(s).join('\n'), MAX_TOOLTIP);
      return item;
    }
    if (node.kind === 'detail') {
      const item = new TreeItem(treeText(node.text), TreeItemCollapsibleState.None);
      item.iconPath = new ThemeIcon('info');
      return item;
    }
    if (node.kind === 'cause') {
      const item = new TreeItem(treeText(node.title), TreeItemCollapsibleState.Expanded);
      item.description = `${node.items.length} finding${node.items.length === 1 ? '' : 's'}`;
      item.iconPath = new ThemeIcon(ICONS[worst(node.items.map((i) => i.finding))]);
      item.contextValue = node.cause.includes('/') ? 'logtriage.rule' : 'logtriage.cause';
      item.tooltip = `${treeText(node.title)}\n${treeText([...new Set(node.items.map((i) => i.finding.rule))].join(', '), MAX_TOOLTIP)}`;
      if (item.contextValue === 'logtriage.cause') {
        item.command = { title: 'Open runbook', command: COMMANDS.openRunbook, arguments: [{ runbook: node.cause }] };
      }
      return item;
    }
    if (node.kind === 'file') {
      const uri = Uri.parse(node.uri);
      const item = new TreeItem(treeText(path.basename(uri.path)), TreeItemCollapsibleState.Collapsed);
      item.description = `${treeText(path.dirname(uri.path))} · ${node.items.length}`;
      item.resourceUri = uri;
      item.iconPath = ThemeIcon.File;
      return item;
    }
    if (node.kind === 'more') {
      const uri = Uri.parse(node.uri);
      const item = new TreeItem(`${node.omitted} more finding${node.omitted === 1 ? '' : 's'} in ${treeText(path.basename(uri.path))}`, TreeItemCollapsibleState.None);
      item.description = 'not shown: the command line `logtriage analyze` lists them all';
      item.tooltip = `Only the most severe findings of this file are shown (setting logtriage.maxDiagnosticsPerFile). Run \`logtriage analyze ${treeText(uri.fsPath, MAX_TOOLTIP)}\` for all of them.`;
      item.iconPath = new ThemeIcon('ellipsis');
      item.resourceUri = uri;
      return item;
    }
    const f = node.finding;
    const item = new TreeItem(findingLabel(f.line, f.message), TreeItemCollapsibleState.None);
    item.description = f.rule;
    item.iconPath = new ThemeIcon(ICONS[f.severity]);
    item.tooltip = findingTooltip(f.title, f.message);
    item.command = {
      title: 'Open',
      // a file over VS Code's 50 MB limit opens in a window served from disk (diskWindow.ts)
      command: 'logtriage.openFinding',
      arguments: [node.uri, f.line, f.character],
    };
    return item;
  }
}

export function registerFindingsView(context: ExtensionContext, client: LanguageClient): FindingsProvider {
  const provider = new FindingsProvider();
  const view = window.createTreeView('logtriage.findings', { treeDataProvider: provider, showCollapseAll: true });
  const describe = () => {
    const parts: string[] = [];
    if (provider.severities.size < SEVERITY_ORDER.length) parts.push([...provider.severities].join(', '));
    if (provider.families) parts.push([...provider.families].join(', '));
    view.description = parts.length ? `filtered: ${parts.join(' · ')}` : undefined;
  };
  context.subscriptions.push(
    view,
    client.onNotification(FINDINGS_NOTIFICATION, (p: FindingsParams) => provider.update(p)),
    commands.registerCommand('logtriage.findings.filterSeverity', async () => {
      const picked = await window.showQuickPick(
        SEVERITY_ORDER.map((s) => ({ label: s, picked: provider.severities.has(s) })),
        { canPickMany: true, title: 'Show findings of these severities' },
      );
      if (!picked) return;
      provider.severities = new Set(picked.map((p) => p.label as Severity));
      describe();
      provider.refresh();
    }),
    commands.registerCommand('logtriage.findings.filterFamily', async () => {
      const families = provider.knownFamilies();
      const picked = await window.showQuickPick(
        families.map((f) => ({ label: f, picked: !provider.families || provider.families.has(f) })),
        { canPickMany: true, title: 'Show findings of these log families' },
      );
      if (!picked) return;
      provider.families = picked.length === families.length ? undefined : new Set(picked.map((p) => p.label));
      describe();
      provider.refresh();
    }),
    commands.registerCommand('logtriage.findings.clearFilters', () => {
      provider.severities = new Set(SEVERITY_ORDER);
      provider.families = undefined;
      describe();
      provider.refresh();
    }),
    commands.registerCommand('logtriage.findings.openRunbook', (node: Node) => {
      if (node?.kind === 'cause') return commands.executeCommand(COMMANDS.openRunbook, { runbook: node.cause });
    }),
  );
  return provider;
}
