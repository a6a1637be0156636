import * as path from 'path';
import type { ReportFormat, UnreadableFile } from '../engine';
import { archiveKindOf, BundleObserver, correlationMayUse, REPORT_FORMATS, TriageReportBuilder } from '../engine';
import { BufferedOutput } from '../engine/io/bufferedOutput';
import { exitCode, runAnalysis, runOptions } from './analyze';
import { HELP, parseCommand, severityOption, UsageError } from './args';
import type { CommandIo } from './io';

function reportFormat(value: unknown): ReportFormat {
  const format = (value ?? 'markdown') as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format ${String(value)}: expected one of ${REPORT_FORMATS.join(', ')}`, 'report');
  return format;
}

/** `logtriage report`: the triage report (markdown or plain text), built as files are done and written with back-pressure. */
export async function reportCommand(args: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommand('report', args);
  if (parsed.values.help) return (io.stdout.write(HELP.report + '\n'), 0);
  const failOn = severityOption(parsed.values['fail-on'], 'fail-on', 'report');
  const format = reportFormat(parsed.values.format);
  const run = runOptions('report', parsed, io);
  const builder = new TriageReportBuilder(run.selection.rules);
  const unreadable: UnreadableFile[] = [];
  const inputs = run.inputs.map((i) => path.resolve(i));
  // what each folder or archive is as a whole, for the summary at the top of the report
  const bundles = new BundleObserver(run.inputs);
  let namedFile = false; // the one input is a file, not a folder: links are relative to its folder
  const tally = await runAnalysis(
    run,
    io,
    (outcome) => {
      const { analysis: a, unreadable: u } = outcome;
      if ((a ?? u)!.path === run.inputs[0]) namedFile = true;
      bundles.add(outcome);
      if (u) unreadable.push(u);
      // the findings correlation may extend join the report after it
      if (a)
        builder.addFile(
          a,
          a.findings.filter((f) => !correlationMayUse(a.format, f)),
        );
    },
    (_result, kept) => {
      for (const a of kept) builder.addFindings(a.path, a.findings);
    },
    (member, source) => bundles.watch(member, source),
  );
  // one folder: paths relative to it; a file, an archive or several inputs: to the first one's folder
  const root = inputs.length === 1 && !namedFile && !(await archiveKindOf(inputs[0])) ? inputs[0] : path.dirname(inputs[0]);
  const out = new BufferedOutput(io.stdout);
  for (const line of builder.lines(root, unreadable, new Date(), await bundles.summaries(), format)) await out.write(line + '\n');
  await out.flush();
  return exitCode(tally, failOn);
}
