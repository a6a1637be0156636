import type { Hover, Position } from 'vscode-languageserver';
import type { Decoding, Finding, LogFormat, RuleSet } from '../engine';
import { decodeLine } from '../engine';
import { escapeMarkdown } from '../engine';

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
  return lines.join('\n');
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
  const decoding = decodeLine(line, format, onDecoderError).find((d) => d.start <= ch && ch < d.end);
  const onLine = findings.filter((f) => f.span.line === position.line);
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
