// Text for the Findings view. Tree items show plain text (never markdown), but a file name or a
// log excerpt can still carry bidi controls that reorder what is shown, ANSI escapes, line breaks
// or megabytes of text: labels go through plainText and are cut to a readable length.
import { plainText } from '../../server/src/shared';

/** Longest label or description, in characters. */
export const MAX_LABEL = 240;
/** Longest tooltip, in characters. */
export const MAX_TOOLTIP = 2000;

export function treeText(text: string, max = MAX_LABEL): string {
  const plain = plainText(text);
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

/** A finding's row: "line: message". */
export function findingLabel(line: number, message: string): string {
  return treeText(`${line + 1}: ${message}`);
}

/** A finding's tooltip: its rule title, then its message, each neutralised. */
export function findingTooltip(title: string, message: string): string {
  return `${treeText(title)}\n${treeText(message, MAX_TOOLTIP)}`;
}
