import type { Hover, Position } from 'vscode-languageserver';
import type { Decoding, Finding, LogFormat, RuleSet } from '../engine';
import { commandValues, decodeLine, escapeMarkdown, loadRunbook } from '../engine';
import { COMMANDS } from '../protocol';

interface SourceLink {
  title: string;
  url: string;
}

// "Source: title, https://… (version)": the table citations decoders put in their details
const SOURCE_LINE = /^Source: (.*), (https?:\/\/\S+?)(?: \((.*)\))?$/;

/** A decoding's explanation, without the citations (listed at the end) or what a finding above already says. */
function decodingMarkdown(d: Decoding, said: readonly string[], sources: SourceLink[]): string {
  const lines = [`**${escapeMarkdown(d.text)}** — ${escapeMarkdown(d.summary)}`];
  for (const detail of d.details) {
    const source = SOURCE_LINE.exec(detail);
    if (source) sources.push({ title: source[3] ? `${source[1]} (${source[3]})` : source[1], url: source[2] });
    else if (detail.startsWith('Source: ')) lines.push('', escapeMarkdown(detail));
    else if (!said.some((text) => text.includes(detail.replace(/^[^:]{1,40}: /, '')))) lines.push('', escapeMarkdown(detail));
  }
  return lines.join('\n');
}

/**
 * The first sentence of a message: what happened, on one line; the rest follows the fix. A
 * sentence ends at `. ` or `; `, or at `: ` before a capitalised word ("…(0x6/0x3F/0x0E): The set of LUNs").
 */
export function firstSentence(message: string): { head: string; rest: string } {
  const end = /[.;](?=\s)|:(?=\s+[A-Z][a-z])/g;
  end.lastIndex = 20;
  const m = end.exec(message);
  const sentence = m ? m.index + 1 : message.length;
  const cut = sentence <= HEAD_MAX ? sentence : message.lastIndexOf(' ', HEAD_MAX) > 40 ? message.lastIndexOf(' ', HEAD_MAX) : HEAD_MAX;
  const head = message.slice(0, cut).replace(/[:;]$/, '');
  const rest = message.slice(cut).trim();
  // a sentence cut short says so at both ends
  return cut < sentence ? { head: `${head} …`, rest: `… ${rest}` } : { head, rest };
}

const HEAD_MAX = 200;

const SEVERITY_WORD: Record<string, string> = { error: 'Error', warning: 'Warning', information: 'Information', hint: 'Hint' };

/** What happened and what to do: the fix and the runbook come before any background. */
function findingHead(f: Finding): string {
  const { head } = firstSentence(f.message);
  const lines = [`**${SEVERITY_WORD[f.severity] ?? f.severity}:** ${escapeMarkdown(head)} *(${escapeMarkdown(f.rule)})*`, '', `**Fix:** ${escapeMarkdown(f.fix)}`];
  // The only command link a hover carries is ours: a runbook id from the knowledge files, never log text.
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

/** The rest of the message and the rule's explanation: why, after the fix. */
function findingBackground(f: Finding, rules: RuleSet): string {
  const { rest } = firstSentence(f.message);
  const explanation = rules.byId.get(f.rule)?.explanation;
  return [rest, explanation]
    .filter((t): t is string => !!t)
    .map(escapeMarkdown)
    .join('\n\n');
}

function sourcesMarkdown(sources: readonly SourceLink[]): string {
  const unique = [...new Map(sources.map((s) => [s.url, s])).values()];
  return unique.length ? ['**Sources**', '', ...unique.map((s) => `- [${escapeMarkdown(s.title)}](${s.url.replace(/[()<> ]/g, encodeURIComponent)})`)].join('\n') : '';
}

/**
 * The hover's parts in reading order: for each finding one line of what happened, its fix and
 * runbook; then the code decoded; then why; then every public source as a link.
 */
function hoverMarkdown(decoding: Decoding | undefined, findings: readonly Finding[], rules: RuleSet): string {
  const sources: SourceLink[] = findings.flatMap((f) => (rules.byId.get(f.rule)?.sources ?? []).filter((s): s is SourceLink => !!s.url && /^https?:\/\//.test(s.url)));
  const parts = findings.map(findingHead);
  if (decoding)
    parts.push(
      decodingMarkdown(
        decoding,
        findings.map((f) => f.message),
        sources,
      ),
    );
  parts.push(...findings.map((f) => findingBackground(f, rules)));
  parts.push(sourcesMarkdown(sources));
  return parts.filter((p) => p).join('\n\n---\n\n');
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
export function hoverAt(line: string, position: Position, format: LogFormat | undefined, findings: readonly Finding[], rules: RuleSet, onDecoderError?: (kind: string, error: unknown) => void): Hover | null {
  const ch = position.character;
  const decoding = decodingAt(line, ch, format, onDecoderError);
  const onLine = findingsOnLine(findings, position.line);
  const underCursor = onLine.filter((f) => f.span.start <= ch && ch < f.span.end);
  const explained = decoding ? onLine : underCursor;
  if (!decoding && explained.length === 0) return null;
  const span = decoding ?? explained[0].span;
  return {
    contents: { kind: 'markdown', value: hoverMarkdown(decoding, explained, rules) },
    range: { start: { line: position.line, character: span.start }, end: { line: position.line, character: span.end } },
  };
}
