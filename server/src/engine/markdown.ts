// Log text is hostile input: in a hover it must stay text. Every markdown and HTML metacharacter is
// backslash-escaped (CommonMark allows escaping any ASCII punctuation), so no link, image, HTML tag,
// `command:` URI or code span can be formed from it.
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~"'&:=$@%^;,?/]/g;
// Line and paragraph separators, bidi controls (U+061C, U+200E/F, U+202A-E, U+2066-9), zero-width and
// other invisible characters, and C0/C1 controls (ANSI escapes start with ESC) would reorder, hide or restyle text.
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u2028\u2029\ufeff]/g;

export function escapeMarkdown(text: string): string {
  return text.replace(INVISIBLE, '\uFFFD').replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}

/**
 * Log text shown as plain text (diagnostic messages, tree labels, a terminal): line breaks become a
 * space and control, bidi and invisible characters U+FFFD, so it cannot reorder, hide or restyle what is around it.
 */
export function plainText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(INVISIBLE, '\uFFFD');
}

// The invisible characters JSON.stringify leaves as they are (it escapes only C0 controls).
const INVISIBLE_IN_JSON = /[\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u2028\u2029\ufeff]/g;

/**
 * JSON.stringify whose output shows no control, bidi or invisible character raw: they are written as
 * \uXXXX escapes, so a terminal or viewer shows the JSON as it is while a parser reads the text unchanged.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(INVISIBLE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A code span that holds `text` verbatim: its fence is longer than any backtick run inside. */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  // CommonMark drops one space at each end when both ends have one; a backtick at an end needs one
  const pad = /^`|`$|^ .* $/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced block that holds `lines` verbatim: its fence is longer than any backtick run inside. */
export function fencedBlock(lines: readonly string[], info = ''): string[] {
  const longest = Math.max(2, ...lines.flatMap((l) => [...l.matchAll(/`+/g)].map((m) => m[0].length)));
  const fence = '`'.repeat(longest + 1);
  return [fence + info, ...lines, fence];
}

// A word made of these reads the same as markdown and as text: no emphasis, link, HTML, entity,
// heading, table or code delimiter can start in it.
const INERT_WORD = /^[\p{L}\p{N},;:.()'"=+%?!{}/-]+$/u;
// ...unless a renderer that links bare addresses (GitHub, VS Code's preview) would make it a link.
const LINKABLE = /:\/\/|^www\.|@|[a-z0-9-]\.(?:com|net|org|io|example|[a-z]{2})\b(?!\.)/i;

/**
 * Hostile text (a log message, a file name) as readable markdown: the words that could be markup
 * go into code spans, the rest stays as it is, so nothing is backslash-escaped and nothing can become
 * a link, image, HTML or heading. Controls and bidi characters are neutralised first.
 */
export function inertMarkdown(text: string, options: { inTable?: boolean } = {}): string {
  const words = plainText(text).split(' ');
  const out: string[] = [];
  let span: string[] = [];
  const close = () => {
    // brackets and punctuation around the run stay outside the code span: "(`pbx_exchange` /"
    const run = span.join(' ');
    let from = 0;
    let to = run.length;
    while (from < to && `("'`.includes(run[from])) from++;
    while (to > from && `)"',.;:`.includes(run[to - 1])) to--;
    if (span.length) out.push(from < to ? run.slice(0, from) + codeSpan(run.slice(from, to)) + run.slice(to) : codeSpan(run));
    span = [];
  };
  for (const word of words) {
    if (word === '' || (INERT_WORD.test(word) && !LINKABLE.test(word))) {
      close();
      out.push(word);
    } else span.push(word);
  }
  close();
  const md = out.join(' ');
  // in a GFM table a pipe ends the cell even inside a code span: the table reads `\|` as a pipe
  return options.inTable ? md.replace(/\|/g, '\\|') : md;
}
