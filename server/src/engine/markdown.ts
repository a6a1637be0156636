// Log text is hostile input: in a hover it must stay text. Every markdown and HTML metacharacter is
// backslash-escaped (CommonMark allows escaping any ASCII punctuation), so no link, image, HTML tag,
// `command:` URI or code span can be formed from it.
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~"'&:=$@%^;,?/]/g;
// Line and paragraph separators, bidi controls and other C0/C1 controls would reorder or hide text.
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

export function escapeMarkdown(text: string): string {
  return text.replace(INVISIBLE, '\uFFFD').replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}
