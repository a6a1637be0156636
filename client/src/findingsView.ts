// The "Findings" view: root cause → file → finding, built from what the server sends per file. Its
// counts are the server's (shown findings plus those left out, per root cause), the same the Problems
// panel and the status bar give. Labels are plain text (tree items never render markdown), so log
// text cannot become a link.
import * as path from 'path';
import type { Event, ExtensionContext, TreeDataProvider, TreeView } from 'vscode';
import { commands, EventEmitter, ThemeIcon, TreeItem, TreeItemCollapsibleState, Uri, window, workspace } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { FindingSummary, FindingsParams } from '../../server/src/protocol';
import { COMMANDS, FINDINGS_NOTIFICATION } from '../../server/src/protocol';
import { findingLabel, findingTooltip, MAX_TOOLTIP, treeText } from './treeLabels';
import type { BundleSummary } from '../../server/src/shared';
import { bundleSummaryLines, withoutTrailingSlashes } from '../../server/src/shared';
import type { FileLabel } from './fileLabels';
import { fileLabels } from './fileLabels';
import { aggregateFacts } from './findingFacts';

type Severity = FindingSummary['severity'];
const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'information', 'hint'];
const ICONS: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'info', hint: 'lightbulb' };

type Item = { uri: string; finding: FindingSummary };
/** Findings of a file left out by the cap (setting logtriage.maxDiagnosticsPerFile), for one root cause. */
type Omitted = { uri: string; count: number; severity: Severity };

type Node =
  | { kind: 'bundle'; summary: BundleSummary }
  | { kind: 'detail'; text: string }
  | { kind: 'cause'; cause: string; title: string; items: Item[]; omitted: Omitted[] }
  | { kind: 'file'; cause: string; uri: string; items: FindingSummary[]; omitted: number }
  | { kind: 'finding'; uri: string; finding: FindingSummary }
  /** A line of an aggregated finding: its count and times, or an example that opens at its line. */
  | { kind: 'fact'; text: string; uri?: string; line?: number }
  | { kind: 'more'; uri: string; omitted: number };

function worst(severities: Severity[]): Severity {
  return SEVERITY_ORDER.find((s) => severities.includes(s)) ?? 'hint';
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** The numbers every view gives: findings (shown plus left out), root causes and files. */
export interface FindingCounts {
  findings: number;
  causes: number;
  files: number;
}

export class FindingsProvider implements TreeDataProvider<Node> {
  private readonly files = new Map<string, FindingsParams>();
  private readonly changed = new EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData: Event<Node | undefined> = this.changed.event;
  severities = new Set<Severity>(SEVERITY_ORDER);
  families: Set<string> | undefined; // undefined: every family
  /** Folders and files analysed last: labels are relative to them. */
  roots: string[] = [];
  private labels: Map<string, FileLabel> | undefined;

  update(p: FindingsParams): void {
    if (p.findings.length || p.omitted) this.files.set(p.uri, p);
    else this.files.delete(p.uri);
    this.labels = undefined;
    this.changed.fire(undefined);
  }

  refresh(): void {
    this.labels = undefined;
    this.changed.fire(undefined);
  }

  /** The bundles of the last Analyze Folder, shown above the root causes. */
  private bundles: BundleSummary[] = [];

  setBundles(bundles: BundleSummary[]): void {
    this.bundles = bundles;
    this.changed.fire(undefined);
  }

  /** Whether an Analyze Folder found a bundle (its findings stay the story whichever editor is active). */
  hasBundle(): boolean {
    return this.bundles.length > 0;
  }

  /** The file's data by URI as VS Code spells it (the server may encode a path differently). */
  private fileOf(uri: string): FindingsParams | undefined {
    const exact = this.files.get(uri);
    if (exact) return exact;
    const wanted = Uri.parse(uri).toString();
    for (const [key, f] of this.files) if (Uri.parse(key).toString() === wanted) return f;
    return undefined;
  }

  /** Counts of one file (by URI) or of every file, unfiltered: what the status bar shows. */
  counts(uri?: string): FindingCounts {
    const one = uri ? this.fileOf(uri) : undefined;
    const files = uri ? (one ? [one] : []) : [...this.files.values()];
    const causes = new Set<string>();
    let findings = 0;
    for (const f of files) {
      findings += f.findings.length + f.omitted;
      for (const x of f.findings) causes.add(x.cause);
      for (const o of f.omittedByCause ?? []) causes.add(o.cause);
    }
    return { findings, causes: causes.size, files: files.length };
  }

  /** The root-cause titles of one file or of every file, most severe first (the status bar's tooltip). */
  causeTitles(uri?: string): string[] {
    const key = uri ? this.fileOf(uri)?.uri : undefined;
    if (uri && !key) return [];
    return this.getChildren()
      .filter((c): c is Node & { kind: 'cause' } => c.kind === 'cause' && (!key || c.items.some((i) => i.uri === key) || c.omitted.some((o) => o.uri === key)))
      .map((c) => c.title);
  }

  /** The bundle rows as the view shows them (for the integration tests and the API). */
  bundleSnapshot(): { label: string; details: string[] }[] {
    return this.bundles.map((summary) => ({ label: String(this.getTreeItem({ kind: 'bundle', summary }).label), details: this.getChildren({ kind: 'bundle', summary }).map((d) => (d as { text: string }).text) }));
  }

  /** Root causes as the view shows them (for the integration tests and the API). */
  snapshot(): { cause: string; title: string; count: string; files: { uri: string; label: string; description: string; lines: number[]; more?: string; facts?: string[][] }[] }[] {
    return this.getChildren()
      .filter((c): c is Node & { kind: 'cause' } => c.kind === 'cause')
      .map((c) => ({
        cause: c.cause,
        title: c.title,
        count: String(this.getTreeItem(c).description),
        files: this.getChildren(c).map((f) => {
          const rows = this.getChildren(f);
          const findings = rows.filter((x): x is Node & { kind: 'finding' } => x.kind === 'finding');
          const more = rows.find((x) => x.kind === 'more');
          const item = this.getTreeItem(f);
          const facts = findings.filter((x) => x.finding.count).map((x) => this.getChildren(x).map((r) => String(this.getTreeItem(r).label)));
          return {
            uri: (f as Node & { kind: 'file' }).uri,
            label: String(item.label),
            description: String(item.description),
            lines: findings.map((x) => x.finding.line + 1),
            ...(more ? { more: String(this.getTreeItem(more).label) } : {}),
            ...(facts.length ? { facts } : {}),
          };
        }),
      }));
  }

  /** The families of the files shown, by id, with their names. */
  knownFamilies(): { id: string; title: string }[] {
    const titles = new Map<string, string>();
    for (const f of this.files.values()) titles.set(f.format ?? 'unrecognised', f.formatTitle ?? f.format ?? 'Unrecognised log');
    return [...titles].map(([id, title]) => ({ id, title })).sort((a, b) => a.title.localeCompare(b.title));
  }

  private shownFiles(): FindingsParams[] {
    return [...this.files.values()].filter((f) => !this.families || this.families.has(f.format ?? 'unrecognised'));
  }

  private labelOf(uri: string): FileLabel {
    if (!this.labels) {
      const paths = [...this.files.keys()].map((u) => Uri.parse(u).path);
      const roots = [...this.roots, ...(workspace.workspaceFolders ?? []).map((w) => w.uri.path)];
      this.labels = fileLabels(paths, roots);
    }
    const p = Uri.parse(uri).path;
    return this.labels.get(p) ?? { label: path.posix.basename(p), folder: '' };
  }

  private causes(): (Node & { kind: 'cause' })[] {
    const causes = new Map<string, Node & { kind: 'cause' }>();
    const causeNode = (cause: string, title: string) => {
      let c = causes.get(cause);
      if (!c) causes.set(cause, (c = { kind: 'cause', cause, title, items: [], omitted: [] }));
      return c;
    };
    for (const file of this.shownFiles()) {
      for (const finding of file.findings) if (this.severities.has(finding.severity)) causeNode(finding.cause, finding.causeTitle).items.push({ uri: file.uri, finding });
      for (const o of file.omittedByCause ?? []) {
        if (this.severities.has(o.severity)) causeNode(o.cause, o.causeTitle).omitted.push({ uri: file.uri, count: o.count, severity: o.severity });
      }
    }
    return [...causes.values()];
  }

  private static severityOf(c: Node & { kind: 'cause' }): Severity {
    return worst([...c.items.map((i) => i.finding.severity), ...c.omitted.map((o) => o.severity)]);
  }

  private static countOf(c: Node & { kind: 'cause' }): number {
    return c.items.length + c.omitted.reduce((n, o) => n + o.count, 0);
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const rank = (n: Node & { kind: 'cause' }) => SEVERITY_ORDER.indexOf(FindingsProvider.severityOf(n));
      const sorted: Node[] = this.causes().sort((a, b) => rank(a) - rank(b) || FindingsProvider.countOf(b) - FindingsProvider.countOf(a));
      return [...this.bundles.map((summary): Node => ({ kind: 'bundle', summary })), ...sorted];
    }
    if (node.kind === 'bundle')
      return bundleSummaryLines(node.summary)
        .slice(1)
        .map((line) => ({ kind: 'detail', text: line.trim() }));
    if (node.kind === 'cause') {
      const byFile = new Map<string, Node & { kind: 'file' }>();
      const fileNode = (uri: string) => {
        let f = byFile.get(uri);
        if (!f) byFile.set(uri, (f = { kind: 'file', cause: node.cause, uri, items: [], omitted: 0 }));
        return f;
      };
      for (const { uri, finding } of node.items) fileNode(uri).items.push(finding);
      for (const o of node.omitted) fileNode(o.uri).omitted += o.count;
      return [...byFile.values()].sort((a, b) => this.labelOf(a.uri).label.localeCompare(this.labelOf(b.uri).label) || a.uri.localeCompare(b.uri));
    }
    if (node.kind === 'file') {
      const rows: Node[] = [...node.items].sort((a, b) => a.line - b.line).map((finding) => ({ kind: 'finding', uri: node.uri, finding }));
      if (node.omitted) rows.push({ kind: 'more', uri: node.uri, omitted: node.omitted });
      return rows;
    }
    if (node.kind === 'finding' && node.finding.count) return aggregateFacts(node.finding).map((f) => ({ kind: 'fact', text: f.text, uri: f.line !== undefined ? node.uri : undefined, line: f.line }));
    return [];
  }

  getTreeItem(node: Node): TreeItem {
    switch (node.kind) {
      case 'bundle': {
        const s = node.summary;
        const item = new TreeItem(treeText(path.basename(withoutTrailingSlashes(s.path))), TreeItemCollapsibleState.Expanded);
        item.description = treeText([s.layouts.join(', ') || 'no known bundle layout', s.product && `${s.product}${s.version ? ` ${s.version}` : ''}`].filter(Boolean).join(' · '));
        item.iconPath = new ThemeIcon('package');
        item.tooltip = treeText(bundleSummaryLines(s).join('\n'), MAX_TOOLTIP);
        return item;
      }
      case 'detail': {
        const item = new TreeItem(treeText(node.text), TreeItemCollapsibleState.None);
        item.iconPath = new ThemeIcon('info');
        return item;
      }
      case 'cause':
        return this.causeItem(node);
      case 'file': {
        const uri = Uri.parse(node.uri);
        const { label, folder } = this.labelOf(node.uri);
        const item = new TreeItem(treeText(label), TreeItemCollapsibleState.Collapsed);
        const where = folder && !label.includes('/') ? `${treeText(folder)} · ` : '';
        item.description = `${where}${plural(node.items.length + node.omitted, 'finding')}`;
        item.tooltip = treeText(uri.scheme === 'file' ? uri.fsPath : uri.path, MAX_TOOLTIP);
        // no resourceUri: its decoration would add VS Code's own error count, a second number on the row
        item.iconPath = ThemeIcon.File;
        return item;
      }
      case 'more': {
        const uri = Uri.parse(node.uri);
        const item = new TreeItem(`${plural(node.omitted, 'more finding')} not shown`, TreeItemCollapsibleState.None);
        item.description = 'the command line `logtriage analyze` lists them all';
        item.tooltip = `Only the most severe findings of this file are shown (setting logtriage.maxDiagnosticsPerFile; the Problems panel keeps at most 1000 per file). Run \`logtriage analyze ${treeText(uri.fsPath, MAX_TOOLTIP)}\` for all of them.`;
        item.iconPath = new ThemeIcon('ellipsis');
        return item;
      }
      case 'fact': {
        const item = new TreeItem(treeText(node.text), TreeItemCollapsibleState.None);
        if (node.uri !== undefined && node.line !== undefined) {
          item.iconPath = new ThemeIcon('go-to-file');
          item.command = { title: 'Open', command: 'logtriage.openFinding', arguments: [node.uri, node.line, 0] };
        } else item.iconPath = new ThemeIcon('history');
        return item;
      }
      case 'finding':
        return this.findingItem(node);
    }
  }

  private causeItem(node: Node & { kind: 'cause' }): TreeItem {
    // a click expands the root cause; its runbook is the row's inline action
    const item = new TreeItem(treeText(node.title), TreeItemCollapsibleState.Collapsed);
    item.id = `cause:${node.cause}`;
    item.description = plural(FindingsProvider.countOf(node), 'finding');
    item.iconPath = new ThemeIcon(ICONS[FindingsProvider.severityOf(node)]);
    item.contextValue = node.cause.includes('/') ? 'logtriage.rule' : 'logtriage.cause';
    item.tooltip = `${treeText(node.title)}\n${treeText([...new Set(node.items.map((i) => i.finding.rule))].join(', '), MAX_TOOLTIP)}`;
    return item;
  }

  private findingItem(node: Node & { kind: 'finding' }): TreeItem {
    const f = node.finding;
    const item = new TreeItem(findingLabel(f.line, f.message), f.count ? TreeItemCollapsibleState.Collapsed : TreeItemCollapsibleState.None);
    item.description = f.count ? `×${f.count.toLocaleString('en-US')} · ${f.rule}` : f.rule;
    item.iconPath = new ThemeIcon(ICONS[f.severity]);
    item.tooltip = findingTooltip(f.title, f.message);
    // a file over VS Code's 50 MB limit opens in a window served from disk (diskWindow.ts)
    item.command = { title: 'Open', command: 'logtriage.openFinding', arguments: [node.uri, f.line, f.character] };
    return item;
  }
}

/** What the view's description says of its filters (undefined: none). */
function filterDescription(provider: FindingsProvider): string | undefined {
  const parts: string[] = [];
  if (provider.severities.size < SEVERITY_ORDER.length) parts.push(SEVERITY_ORDER.filter((s) => provider.severities.has(s)).join(', ') || 'no severity');
  if (provider.families) {
    const titles = new Map(provider.knownFamilies().map((f) => [f.id, f.title]));
    parts.push([...provider.families].map((id) => titles.get(id) ?? id).join(', ') || 'no family');
  }
  return parts.length ? `filtered: ${parts.join(' · ')}` : undefined;
}

export function registerFindingsView(context: ExtensionContext, client: LanguageClient): { provider: FindingsProvider; view: TreeView<unknown> } {
  const provider = new FindingsProvider();
  const view = window.createTreeView('logtriage.findings', { treeDataProvider: provider, showCollapseAll: true });
  const refilter = () => {
    view.description = filterDescription(provider);
    provider.refresh();
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
      refilter();
    }),
    commands.registerCommand('logtriage.findings.filterFamily', async (ids?: string[]) => {
      const families = provider.knownFamilies();
      // the integration suite passes the ids; people pick by name
      const picked = Array.isArray(ids)
        ? families.filter((f) => ids.includes(f.id)).map((f) => ({ id: f.id }))
        : await window.showQuickPick(
            families.map((f) => ({ label: f.title, description: f.id, id: f.id, picked: !provider.families || provider.families.has(f.id) })),
            { canPickMany: true, title: 'Show findings of these log families' },
          );
      if (!picked) return;
      provider.families = picked.length === families.length ? undefined : new Set(picked.map((p) => p.id));
      refilter();
    }),
    commands.registerCommand('logtriage.findings.clearFilters', () => {
      provider.severities = new Set(SEVERITY_ORDER);
      provider.families = undefined;
      refilter();
    }),
    commands.registerCommand('logtriage.findings.openRunbook', (node: Node) => {
      if (node?.kind === 'cause') return commands.executeCommand(COMMANDS.openRunbook, { runbook: node.cause });
    }),
  );
  return { provider, view: view as TreeView<unknown> };
}
