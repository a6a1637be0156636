import { plainText } from '../engine';
import { HELP, outputFormat, parseCommand } from './args';
import type { CommandIo } from './io';
import { buildSelection, selectionSpec } from './selection';

/** `logtriage rules`: every rule in force, built-in and from the packs given with --rules. */
export function rulesCommand(args: string[], io: CommandIo): number {
  const { values } = parseCommand('rules', args);
  if (values.help) return (io.stdout.write(HELP.rules + '\n'), 0);
  const format = outputFormat(values, 'rules', ['text', 'json']);
  const selection = buildSelection(selectionSpec(values, 'rules'), 'rules');
  for (const p of selection.problems) io.stderr.write(`logtriage: ${p}\n`);
  const rows = selection.definitions.map((r) => ({ id: r.id, families: r.families, severity: r.severity, source: selection.sourceOf.get(r.id)!, title: r.title }));
  if (format === 'json') {
    io.stdout.write(JSON.stringify({ rules: rows }, null, 2) + '\n');
    return 0;
  }
  const width = Math.max(...rows.map((r) => r.id.length));
  const lines = rows.map((r) => plainText(`${r.id.padEnd(width)}  ${r.severity.padEnd(11)}  ${r.families.join(',')}  ${r.source}  ${r.title}`));
  io.stdout.write(lines.join('\n') + `\n${rows.length} rules\n`);
  return 0;
}
