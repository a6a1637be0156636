// The triage report is pasted into a case tool that may render markdown or show it as it is: the
// two styles write the same report so that it reads cleanly either way. Log text (messages, file
// names, reasons) goes through `text`/`name`, which keep it inert; our own words are written as they are.
import * as path from 'path';
import { pathToFileURL } from 'url';
import { splitMemberPath } from './io/archive/memberPath';
import { codeSpan, fencedBlock, inertMarkdown, plainText } from './markdown';

export type ReportFormat = 'markdown' | 'text';
export const REPORT_FORMATS: readonly ReportFormat[] = ['markdown', 'text'];

export interface FileCell {
  /** The file or archive member (absolute). */
  path: string;
  /** What the reader sees: the path relative to the report's root. */
  label: string;
  line?: number;
}

export interface ReportStyle {
  heading(level: 1 | 2 | 3, title: string): string[];
  /** Hostile text in running prose. */
  text(s: string): string;
  /** A name (file, host, rule id) that reads best set apart. */
  name(s: string): string;
  /** A file (at a line): a link in markdown when it is a file on disk, its label otherwise. */
  file(cell: FileCell): string;
  /** Our own prose that may name placeholders such as `<mover>` or globs such as `*.log`. */
  prose(s: string): string;
  label(s: string): string;
  commands(lines: readonly string[]): string[];
  source(title: string, url: string): string;
  /** Rows of cells already styled; the first row is the header. */
  table(rows: string[][], rightAligned: readonly number[]): string[];
}

/** A file URI with a `#L24` line fragment (VS Code and most viewers open it at the line), or none for an archive member. */
export function fileUri(file: string, line?: number): string | undefined {
  if (splitMemberPath(file)) return undefined;
  // parentheses, brackets and spaces would end a markdown link destination, `&` would start an entity
  const href = pathToFileURL(path.resolve(file)).href.replace(/[()[\]<> &'`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return href + (line ? `#L${line}` : '');
}

const at = (cell: FileCell) => `${cell.label}${cell.line ? `:${cell.line}` : ''}`;

export const MARKDOWN_STYLE: ReportStyle = {
  heading: (level, title) => [`${'#'.repeat(level)} ${inertMarkdown(title)}`, ''],
  text: (s) => inertMarkdown(s),
  name: (s) => codeSpan(plainText(s)),
  file(cell) {
    const uri = fileUri(cell.path, cell.line);
    const label = codeSpan(plainText(at(cell)));
    return uri ? `[${label}](${uri})` : label;
  },
  prose: (s) => inertMarkdown(s),
  label: (s) => `**${s}**`,
  commands: (lines) => fencedBlock(lines.map(plainText), 'sh'),
  source: (title, url) => `${inertMarkdown(title)} — <${url}>`,
  table(rows, rightAligned) {
    const cell = (c: string) => c.replace(/(?<!\\)\|/g, '\\|');
    const line = (r: string[]) => `| ${r.map(cell).join(' | ')} |`;
    const rule = `|${rows[0].map((_, i) => (rightAligned.includes(i) ? '---:' : '---')).join('|')}|`;
    return [line(rows[0]), rule, ...rows.slice(1).map(line)];
  },
};

export const TEXT_STYLE: ReportStyle = {
  heading: (level, title) => {
    const t = plainText(title);
    return level === 3 ? [t, ''] : [t, (level === 1 ? '=' : '-').repeat(Math.min(t.length, 72)), ''];
  },
  text: plainText,
  name: plainText,
  file: (cell) => plainText(at(cell)),
  prose: plainText,
  label: (s) => `${s}:`,
  commands: (lines) => lines.map((l) => `    ${plainText(l)}`),
  source: (title, url) => `${plainText(title)}: ${url}`,
  table(rows, rightAligned) {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...r[i]].length)));
    const pad = (c: string, i: number) => (rightAligned.includes(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]));
    const line = (r: string[]) => r.map(pad).join('  ').trimEnd();
    return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
  },
};

export function reportStyle(format: ReportFormat): ReportStyle {
  return format === 'text' ? TEXT_STYLE : MARKDOWN_STYLE;
}
