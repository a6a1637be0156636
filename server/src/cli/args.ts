// Command-line arguments: node:util parseArgs (no dependency, strict: an unknown option is named),
// one table of options per command, and the help texts printed by `--help`.
import { parseArgs } from 'util';
import type { Severity } from '../engine';
import { SEVERITIES } from '../engine';

/** A command-line mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

export const OUTPUT_FORMATS = ['text', 'json', 'ndjson', 'sarif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

type OptionSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };

const SELECTION: Record<string, OptionSpec> = {
  rules: { type: 'string', multiple: true },
  only: { type: 'string', multiple: true },
  disable: { type: 'string', multiple: true },
  'min-severity': { type: 'string' },
  family: { type: 'string' },
  all: { type: 'boolean' },
};
const COMMON: Record<string, OptionSpec> = { help: { type: 'boolean', short: 'h' } };
const RUN: Record<string, OptionSpec> = { jobs: { type: 'string', short: 'j' }, quiet: { type: 'boolean', short: 'q' } };

const OPTIONS: Record<string, Record<string, OptionSpec>> = {
  analyze: { ...COMMON, ...SELECTION, ...RUN, format: { type: 'string' }, json: { type: 'boolean' }, 'fail-on': { type: 'string' } },
  report: { ...COMMON, ...SELECTION, ...RUN, format: { type: 'string' }, 'fail-on': { type: 'string' } },
  decode: { ...COMMON, format: { type: 'string' }, json: { type: 'boolean' } },
  rules: { ...COMMON, rules: SELECTION.rules, format: { type: 'string' }, json: { type: 'boolean' } },
};

const SELECTION_HELP = `  --rules <file|folder>    load a rule pack (.logtriage/rules.json schema; a folder: its *.json files
                           and runbooks); repeatable
  --only <id,...>          report only these rules (repeatable, comma-separated)
  --disable <id,...>       do not report these rules (repeatable, comma-separated)
  --min-severity <level>   report only findings of this severity or worse (error|warning|information|hint)
  --family <id>            analyse files that neither name nor content identify as this family
                           (e.g. netbackup-legacy-log); see \`logtriage rules\`
  --all                    every occurrence of a repeated finding (default: after the first few,
                           repeats of one rule on one subject are one finding with a count)`;
const RUN_HELP = `  -j, --jobs <N>           threads: this one and N-1 workers (for an archive this one decompresses)
                           (default: the number of cores; 1: no workers)
  -q, --quiet              no progress line, no skipped-file notes, no per-file and summary lines
      --fail-on <level>    exit 3 when a finding of this severity or worse was reported`;

export const HELP: Record<string, string> = {
  analyze: `usage: logtriage analyze <file-or-folder>... [options]

Analyses logs (folders recursively, .gz by content) and prints every finding.

  --format <f>             text (default), json, ndjson (one finding per line, then a summary line)
                           or sarif (SARIF 2.1.0)
  --json                   the same as --format json
${SELECTION_HELP}
${RUN_HELP}
  -h, --help               this help

Exit codes: 0 ran, 1 an input could not be read, 2 usage error, 3 --fail-on threshold reached.`,
  report: `usage: logtriage report <file-or-folder>... [options]

Prints the triage report to paste into a case: the bundle, the files, each root cause with its
evidence, fix, commands and public sources.

  --format <f>             markdown (default; evidence as file: links, log text in code spans)
                           or text (plain text, no markup)
${SELECTION_HELP}
${RUN_HELP}
  -h, --help               this help`,
  decode: `usage: logtriage decode "<text>" [--json]
       logtriage decode - [--json]        (reads the text from standard input)

Explains every code it recognises in the text (SCSI sense and status, NetBackup status, errno, ...).

  --format <f>             text (default) or json
  --json                   the same as --format json
  -h, --help               this help`,
  rules: `usage: logtriage rules [--rules <file|folder>]... [--json]

Lists every rule, built-in and loaded from rule packs: id, families, severity, source.

  --rules <file|folder>    load a rule pack as well (repeatable)
  --format <f>             text (default) or json
  --json                   the same as --format json
  -h, --help               this help`,
};

export const USAGE = `usage: logtriage <command> [options]

commands:
  analyze <file-or-folder>...   findings (text, json, ndjson, sarif)
  report <file-or-folder>...    triage report (markdown or plain text)
  decode "<text>" | -           explain the codes in a text
  timeline <files|folder>...    merged timeline of several logs
  rules                         list the rules

  logtriage <command> --help    the command's options
  logtriage --version           the version`;

export interface ParsedCommand {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Parses one command's arguments; an unknown option or a missing value is a UsageError naming it. */
export function parseCommand(command: string, args: string[]): ParsedCommand {
  try {
    const { values, positionals } = parseArgs({ args, options: OPTIONS[command], allowPositionals: true, strict: true });
    return { values: values as ParsedCommand['values'], positionals };
  } catch (e) {
    // parseArgs names the option in its message; keep its first sentence, without the hint to use --
    throw new UsageError((e as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/, ''), command);
  }
}

/** `--format`, with `--json` as its alias; `allowed` are the formats this command writes. */
export function outputFormat(values: ParsedCommand['values'], command: string, allowed: readonly OutputFormat[]): OutputFormat {
  const given = values.format as string | undefined;
  if (values.json && given && given !== 'json') throw new UsageError(`--json and --format ${given} disagree`, command);
  const format = (values.json ? 'json' : (given ?? 'text')) as OutputFormat;
  if (!allowed.includes(format)) throw new UsageError(`--format ${given}: expected one of ${allowed.join(', ')}`, command);
  return format;
}

export function severityOption(value: unknown, name: string, command: string): Severity | undefined {
  if (value === undefined) return undefined;
  if (!SEVERITIES.includes(value as Severity)) throw new UsageError(`--${name} ${String(value)}: expected one of ${SEVERITIES.join(', ')}`, command);
  return value as Severity;
}

/** `--only a,b --only c` → [a, b, c]. */
export function idList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  return (value as string[])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

export function jobsOption(value: unknown, command: string, cores: number): number {
  if (value === undefined) return cores;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--jobs ${String(value)}: expected a whole number from 1 to 256`, command);
  return n;
}
