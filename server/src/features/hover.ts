import type { Hover, Position } from 'vscode-languageserver';
import type { Decoding, Finding, LogFormat, RuleSet } from '../engine';
import { commandValues, decodeLine, escapeMarkdown, loadRunbook } from '../engine';
import { COMMANDS } from '../protocol';

function decodingMarkdown(d: Decoding): string {
  const lines = [`**${escapeMarkdown(d.text)}** — ${escapeMarkdown(d.summary)}`];
  for (const detail of d.details) lines.push('', escapeMarkdown(detail));
  return lines.join('\n');
}

function findingMarkdown(f: Finding, rules: RuleSet): string {
  const rule = rules.byId.get(f.rule);
  const lines = [`**${escapeMarkdown(f.rule)}** — ${escapeMarkdown(f.message)}`];
  if (rule) lines.push('', escapeMarkdown(rule.explanation));
  lines.push('', `**Fix:** ${escapeMarkdown(f.fix)}`);
  // The only link a hover carries is ours: a runbook id from the knowledge files, never log text.
  // The client trusts exactly this one command (LanguageClientOptions.markdown.isTrusted).
  const runbook = f.runbook ? loadRunbook(f.runbook) : undefined;
  if (runbook) {
    // the finding's values that can fill the runbook's commands go with it (never log text in general)
    const values = commandValues(f.values);
    const args = encodeURIComponent(JSON.stringify([{ runbook: runbook.id, ...(values ? { values } : {}) }]));
    lines.push('', `[Open runbook: ${escapeMarkdown(runbook.title)}](command:${COMMANDS.openRunbook}?${args} "Open the runbook")`);
  }
  return lines.join('\n');
}

/** Characters on each side of the cursor that are decoded on a very long line. */
export const HOVER_WINDOW = 4096;

/**
 * The code under the cursor. On a line longer than twice HOVER_WINDOW only the text around the
 * cursor is decoded: a 10 MB line holds hundreds of thousands of codes and a hover needs one.
 */
function decodingAt(line: string, ch: number, format: LogFormat | undefined, onError?: (kind: string, error: unknown) => void): Decoding | undefined {
  if (line.length <= 2 * HOVER_WINDOW) return decodeLine(line, format, onError).find((d) => d.start <= ch && ch < d.end);
  const from = Math.max(0, ch - HOVER_WINDOW);
  const d = decodeLine(line.slice(from, ch + HOVER_WINDOW), format, onError).find((x) => x.start <= ch - from && ch - from < x.end);
  return d && { ...d, start: d.start + from, end: d.end + from };
}

/** Per list of findings (an analysis's), its findings by line; built on first use for long lists. */
const byLineCache = new WeakMap<readonly Finding[], { length: number; byLine: Map<number, Finding[]> }>();
/** Shorter lists are filtered at each hover: as fast as a look-up, and nothing to keep. */
const INDEX_FROM = 256;

/**
 * The findings of `findings` on `line`, in their order. A hover must not cost the size of the
 * document: a 50 MB log can have a hundred thousand findings.
 */
export function findingsOnLine(findings: readonly Finding[], line: number): readonly Finding[] {
  if (findings.length < INDEX_FROM) return findings.filter((f) => f.span.line === line);
  let cached = byLineCache.get(findings);
  // (a list that grew since is indexed again)
  if (!cached || cached.length !== findings.length) {
    const byLine = new Map<number, Finding[]>();
    for (const f of findings) {
      const list = byLine.get(f.span.line);
      if (list) list.push(f);
      else byLine.set(f.span.line, [f]);
    }
    byLineCache.set(findings, (cached = { length: findings.length, byLine }));
  }
  return cached.byLine.get(line) ?? [];
}

/**
 * The hover for one position: the code under the cursor decoded (its range is exactly the code),
 * and any finding on the line explained. Nothing when the cursor is on neither.
 */
export function hoverAt(
  line: string,
  position: Position,
  format: LogFormat | undefined,
  findings: readonly Finding[],
  rules: RuleSet,
  onDecoderError?: (kind: string, error: unknown) => void,
): Hover | null {
  const ch = position.character;
  const decoding = decodingAt(line, ch, format, onDecoderError);
  const onLine = findingsOnLine(findings, position.line);
  const underCursor = onLine.filter((f) => f.span.start <= ch && ch < f.span.end);
  const explained = decoding ? onLine : underCursor;
  if (!decoding && explained.length === 0) return null;
  const parts: string[] = [];
  if (decoding) parts.push(decodingMarkdown(decoding));
  for (const f of explained) parts.push(findingMarkdown(f, rules));
  const span = decoding ?? explained[0].span;
  return {
    contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') },
    range: { start: { line: position.line, character: span.start }, end: { line: position.line, character: span.end } },
  };
}
