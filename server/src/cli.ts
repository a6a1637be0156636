#!/usr/bin/env node
// `logtriage analyze|report|decode|timeline|rules`: the engine on the command line.
import * as os from 'os';
import { plainText } from './engine';
import { runTimelineCommand, TIMELINE_USAGE, TimelineUsageError } from './engine/timeline/command';
import { analyzeCommand } from './cli/analyze';
import { HELP, USAGE, UsageError } from './cli/args';
import { decodeCommand } from './cli/decode';
import type { CommandIo } from './cli/io';
import { isAnalysisWorker, serveAnalysisJobs } from './cli/poolWorker';
import { reportCommand } from './cli/report';
import { rulesCommand } from './cli/rules';
import { packageVersion } from './cli/version';

const COMMANDS: Record<string, (args: string[], io: CommandIo) => number | Promise<number>> = {
  analyze: analyzeCommand,
  report: reportCommand,
  decode: decodeCommand,
  rules: rulesCommand,
  timeline: timelineCommand,
};

const TIMELINE_HELP = `usage: ${TIMELINE_USAGE}

Merges several logs into one timeline in time order, each line tagged with its source.

  --from T, --to T         only this time window (2014-05-05T17:46:00, "2014-05-05 17:46" or 17:46)
  --offset file=+5s        a clock offset for a file (a tag, path or glob; repeatable)
  --date file=YYYY-MM-DD   the day of a log that writes only times of day and whose name gives no
                           date (a renamed NetBackup log; else its modification day is used)
  --gap 5m                 gap markers after this idle time (0: none)
  --year Y                 the year of logs whose stamps have none
  --json                   one JSON document
  -h, --help               this help`;

function timelineCommand(args: string[], io: CommandIo): Promise<number> | number {
  if (args.includes('--help') || args.includes('-h')) return (io.stdout.write(TIMELINE_HELP + '\n'), 0);
  const json = args.includes('--json');
  return runTimelineCommand(
    args.filter((a) => a !== '--json'),
    json,
    io.stdout,
    io.stderr,
  );
}

export async function main(argv: string[], io: CommandIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cores: os.availableParallelism() }): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === '--help' || command === '-h' || command === 'help') return (io.stdout.write(USAGE + '\n'), 0);
    if (command === '--version' || command === '-V') return (io.stdout.write(packageVersion() + '\n'), 0);
    const run = command === undefined ? undefined : COMMANDS[command];
    if (!run) throw new UsageError(command ? `unknown command ${command}` : 'no command given');
    return await run(args, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof TimelineUsageError) {
      const usage = e instanceof TimelineUsageError ? `usage: ${TIMELINE_USAGE}` : e.command ? HELP[e.command].split('\n\n')[0] : USAGE;
      io.stderr.write(`logtriage: ${plainText(e.message)}\n${usage}\n`);
      return 2;
    }
    io.stderr.write(`logtriage: ${plainText((e as Error).message.split('\n')[0])}\n`);
    return 1;
  }
}

/**
 * Runs the command line as a program. Node ends a process whose event loop is empty even while a
 * promise is pending (a stream that never ends, as a .tar.bz2 once did): that would exit 0 with
 * part of the output, so such an end is named and exits 1.
 */
function runAsProgram(): void {
  let settled = false;
  process.on('exit', (code) => {
    if (settled || code !== 0) return;
    process.stderr.write('logtriage: the run stopped before its end (a read that never finished); the output is incomplete\n');
    process.exitCode = 1;
  });
  void main(process.argv.slice(2)).then((code) => {
    settled = true;
    process.exitCode = code;
  });
}

if (isAnalysisWorker()) serveAnalysisJobs();
else if (require.main === module) runAsProgram();
