// Checks that markdown built from log text stays text: parsed by a CommonMark parser (markdown-it,
// which @vscode/vsce brings in; VS Code renders hovers with a CommonMark renderer too), it must hold
// no link, image, raw HTML or code that the log put there, and no character that reorders or
// restyles what is shown (bidi controls, ANSI escapes, zero-width characters).
import * as fs from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';

interface Token {
  type: string;
  tag: string;
  content: string;
  attrGet(name: string): string | null;
  children: Token[] | null;
}
interface MarkdownIt {
  parse(src: string, env: object): Token[];
}

const parsers = new Map<boolean, MarkdownIt | null>();

/**
 * markdown-it with raw HTML allowed (the strictest reading), or null when it is not installed;
 * `linkify` also links bare addresses, as VS Code's markdown preview and GitHub do.
 */
export function markdownParser(linkify = false): MarkdownIt | null {
  if (!parsers.has(linkify)) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const MarkdownItCtor = require('markdown-it') as new (options: object) => MarkdownIt;
      parsers.set(linkify, new MarkdownItCtor({ html: true, linkify }));
    } catch {
      parsers.set(linkify, null);
    }
  }
  return parsers.get(linkify)!;
}

/** Bidi controls, zero-width and invisible characters, C0/C1 controls other than tab and line break. */
export const UNSAFE_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u2028\u2029\ufeff]/;

export interface InertOptions {
  /** Links we put there ourselves (the report's file links, rule sources); anything else fails. */
  allowLink?: (href: string) => boolean;
  /** Fenced blocks we put there ourselves (the report's resolution commands). */
  allowFence?: (content: string) => boolean;
  /** Code spans we put there ourselves (rule ids in the report). */
  allowCodeSpan?: (content: string) => boolean;
  /** Read as a renderer that links bare addresses would. */
  linkify?: boolean;
}

/** Every problem found: one line each, empty when the markdown is inert. */
export function markdownProblems(markdown: string, options: InertOptions = {}): string[] {
  const problems: string[] = [];
  const bad = UNSAFE_CHARS.exec(markdown);
  if (bad) problems.push(`unsafe character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${bad.index}`);
  // (the text outside code, where a renderer would read a link)
  const outsideCode = markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '').replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
  for (const m of outsideCode.matchAll(/\]\(\s*<?(command:[^\s)>]*)/gi)) if (!options.allowLink?.(m[1])) problems.push(`a command link ${m[1]}`);
  const md = markdownParser(options.linkify);
  if (!md) return problems;
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      switch (t.type) {
        case 'link_open': {
          const href = t.attrGet('href') ?? '';
          if (!options.allowLink?.(href)) problems.push(`link to ${JSON.stringify(href)}`);
          break;
        }
        case 'image':
          problems.push(`image ${JSON.stringify(t.attrGet('src'))}`);
          break;
        case 'html_inline':
        case 'html_block':
          problems.push(`raw HTML ${JSON.stringify(t.content.slice(0, 60))}`);
          break;
        case 'code_inline':
          if (!options.allowCodeSpan?.(t.content)) problems.push(`code span ${JSON.stringify(t.content.slice(0, 60))}`);
          break;
        case 'fence':
        case 'code_block':
          if (!options.allowFence?.(t.content)) problems.push(`code block ${JSON.stringify(t.content.slice(0, 60))}`);
          break;
      }
      if (t.children) walk(t.children);
    }
  };
  walk(md.parse(markdown, {}));
  return problems;
}

export function assertInertMarkdown(markdown: string, options: InertOptions = {}, what = 'markdown'): void {
  const problems = markdownProblems(markdown, options);
  assert.deepEqual(problems, [], `${what} is not inert:\n${markdown.slice(0, 2000)}`);
}

/** The one command link a hover may carry: our runbook command with a plain runbook id. */
export function isRunbookCommand(href: string): boolean {
  const m = /^command:logtriage\.openRunbook\?(.*)$/.exec(href);
  if (!m) return false;
  try {
    const args = JSON.parse(decodeURIComponent(m[1])) as unknown;
    return Array.isArray(args) && args.length === 1 && /^[a-z0-9-]+$/.test((args[0] as { runbook?: string }).runbook ?? '');
  } catch {
    return false;
  }
}

let knownUrls: Set<string> | undefined;

/** Every public address the knowledge and the decoders cite: the only https links a hover or report may carry. */
export function knownSourceUrls(): Set<string> {
  if (knownUrls) return knownUrls;
  const root = path.join(__dirname, '..', '..', '..');
  const files = ['server/knowledge/rules', 'server/knowledge/tables', 'server/src/engine/decoders'].flatMap((dir) =>
    fs
      .readdirSync(path.join(root, dir))
      .filter((f) => /\.(json|ts)$/.test(f))
      .map((f) => path.join(root, dir, f)),
  );
  knownUrls = new Set(files.flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/https?:\/\/[^\s"',`)]+[^\s"',`).]/g)].map((m) => m[0])));
  return knownUrls;
}

export const HOVER_ALLOWANCES: InertOptions = { allowLink: (href) => isRunbookCommand(href) || knownSourceUrls().has(href) };
