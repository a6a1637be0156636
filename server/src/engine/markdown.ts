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
