import * as path from 'path';
import type { UnreadableFile } from '../engine';
import { correlationMayUse, TriageReportBuilder } from '../engine';
import { BufferedOutput } from '../engine/io/bufferedOutput';
import { exitCode, runAnalysis, runOptions } from './analyze';
import { HELP, parseCommand, severityOption } from './args';
import type { CommandIo } from './io';

/** `logtriage report`: the markdown triage report, built as files are done and written with back-pressure. */
export async function reportCommand(args: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommand('report', args);
  if (parsed.values.help) return (io.stdout.write(HELP.report + '\n'), 0);
  const failOn = severityOption(parsed.values['fail-on'], 'fail-on', 'report');
  const run = runOptions('report', parsed, io);
  const builder = new TriageReportBuilder(run.selection.rules);
  const unreadable: UnreadableFile[] = [];
  const inputs = run.inputs;
  let namedFile = false; // the one input is a file, not a folder: links are relative to its folder
  const tally = await runAnalysis(
    run,
    io,
    ({ analysis: a, unreadable: u }) => {
      if ((a ?? u)!.path === inputs[0]) namedFile = true;
      if (u) unreadable.push(u);
      // the findings correlation may extend join the report after it
      if (a) builder.addFile(a, a.findings.filter((f) => !correlationMayUse(a.format, f)));
    },
    (_result, kept) => {
      for (const a of kept) builder.addFindings(a.path, a.findings);
    },
  );
  const root = inputs.length === 1 && !namedFile ? inputs[0] : path.dirname(inputs[0]);
  const out = new BufferedOutput(io.stdout);
  for (const line of builder.lines(root, unreadable, new Date())) await out.write(line + '\n');
  await out.flush();
  return exitCode(tally, failOn);
}
