// A runbook's commands name what they act on with `{name}` placeholders (`{mover}`, `{checkpoint}`);
// a finding fills them from its own values. No fs import: the client fills the runbook view with it too.

/** Values a finding gives its runbook: the rule's named groups, its enricher's variables, what the file name says. */
export type FindingValues = Readonly<Record<string, string>>;

const PLACEHOLDER = /\{([A-Za-z_][\w]*)\}/g;

// The commands are pasted into a shell on a storage controller, and the values come from log text:
// only a value that cannot change what the command does (no space, quote, `$`, `;`, glob or
// redirection) fills a placeholder. Anything else is left for the engineer to type.
const SAFE_VALUE = /^[A-Za-z0-9][A-Za-z0-9_.:@%+=,/-]{0,199}$/;

/** Whether a log value may stand in a command as it is. */
export function isSafeCommandValue(value: string): boolean {
  return SAFE_VALUE.test(value) && !value.includes('..');
}

/**
 * The text with every `{name}` replaced by the finding's value, or by a visible `<name>` where the
 * finding has none (or one that is not safe in a command), so an unfilled step cannot run unnoticed.
 */
export function fillPlaceholders(text: string, values: FindingValues = {}): string {
  return text.replace(PLACEHOLDER, (_all, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    return value !== undefined && isSafeCommandValue(value) ? value : `<${name}>`;
  });
}

/**
 * Only the values that may fill a command: what a finding hands to the runbook view through a
 * command link or argument (log text that would not fill anything stays out of it).
 */
export function commandValues(values: FindingValues | undefined): Record<string, string> | undefined {
  if (!values) return undefined;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) if (isSafeCommandValue(value)) out[name] = value;
  return Object.keys(out).length ? out : undefined;
}

/** The commands with their placeholders filled (fillPlaceholders on each). */
export function fillCommands(commands: readonly string[], values: FindingValues = {}): string[] {
  return commands.map((c) => fillPlaceholders(c, values));
}

/**
 * The runbook's markdown for one finding: placeholders inside code (fenced blocks and `spans`) are
 * filled; prose keeps its braces (a `{name}` there is an explanation, not something to run).
 */
export function fillRunbookMarkdown(markdown: string, values: FindingValues = {}): string {
  return markdown
    .replace(/^(\s*```[^\n]*\n)([\s\S]*?)(^\s*```)/gm, (_all, open: string, body: string, close: string) => open + fillPlaceholders(body, values) + close)
    .replace(/`([^`\n]+)`/g, (_all, code: string) => '`' + fillPlaceholders(code, values) + '`');
}

/** The values every one of several findings agrees on (what a report may fill for a whole root cause). */
export function commonValues(all: readonly (FindingValues | undefined)[]): FindingValues {
  if (!all.length) return {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(all[0] ?? {})) {
    if (all.every((v) => v?.[name] === value)) out[name] = value;
  }
  return out;
}
