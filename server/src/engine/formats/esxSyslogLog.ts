import type { LogFormat, ParseContext } from './logFormat';
import { anyOf, syslogLevel } from './logFormat';
import type { EsxRecord } from './esxSyslog';
import { ISO_STAMP, isoTime, LINE_MARKER, PRI_TAG, priSeverity, TOKEN } from './esxSyslog';

// ESXi's /var/log/syslog.log (ESXi 5+): what vmsyslogd writes for the programs without a log of their
// own (crond, sftp-server, DCUI, settingsd, ConfigStore, the vmsyslog daemon itself...):
//   ESXi 5.x-7.x:  2017-04-12T19:30:01Z crond[66197]: USER root pid 7634 cmd /bin/hostd-probe.sh ...
//                  2019-03-01T08:53:36.573Z sftp-server[5200105]: opendir "vmfs"
//                  2014-01-20T18:12:03Z vmsyslog.loggers.file : ERROR   ] Gzip logfile /scratch/log/hostd0.gz failed
//   ESXi 8.x:      2022-06-02T05:34:56.746Z In(14) ConfigStore[1001430703]: Log for ConfigStore version=1.0 ...
//                  2022-06-02T05:34:23Z In(14)[+] hostprofile[1001430319]: {'mode': 'Disabled', ...}
// Fields: time, thread (the pid), level (ESXi 8's priority, vmsyslog's own level word), component
// (the program), message. ESXi 8 writes this prefix on every vmsyslogd log (vmkernel, hostd, vobd...):
// those files' own families come first in detection, and this one takes what none of them claims.

/** ESXi 5.x-7.x: stamp, program[pid]: */
const V5_FORM = new RegExp(`^(?<stamp>${ISO_STAMP}) (?<program>${TOKEN})(?:\\[(?<thread>\\d+)\\])?: `, 'd');
/** vmsyslogd's own lines, ESXi 5.x-7.x: `vmsyslog.main      : ERROR   ] ...`. */
const VMSYSLOG_FORM = /^(?<stamp>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z) (?<program>vmsyslog(?:\.\w+)*) *: (?<word>[A-Z]+) *\] /d;
/** ESXi 8.x: stamp, priority, program[pid]: (the pid may be missing). */
const V8_FORM = new RegExp(`^(?<stamp>${ISO_STAMP}) (?<pri>${PRI_TAG})${LINE_MARKER} (?<program>${TOKEN})(?:\\[(?<thread>\\d+)\\])?: `, 'd');
const FORMS = [V8_FORM, VMSYSLOG_FORM, V5_FORM];

const WORD_LEVEL: Record<string, EsxRecord['level']> = { DEBUG: 'debug', INFO: 'info', WARNING: 'warning', ERROR: 'error', CRITICAL: 'error' };

/** A syslog.log record in any of its shapes, or undefined. */
export function parseEsxSyslogLogLine(line: string, _context?: ParseContext): EsxRecord | undefined {
  let m: RegExpExecArray | null = null;
  for (const form of FORMS) if ((m = form.exec(line))) break;
  const g = m?.groups;
  const ix = m?.indices?.groups;
  if (!m || !g || !ix) return undefined;
  const r: EsxRecord = { time: isoTime(g.stamp), timeZone: 'UTC', timeRange: ix.stamp, messageRange: [m[0].length, line.length], level: 'info' };
  [r.program, r.programRange, r.component, r.componentRange] = [g.program, ix.program, g.program, ix.program];
  if (ix.thread) [r.thread, r.threadRange] = [g.thread, ix.thread];
  if (g.pri) [r.level, r.levelText, r.levelRange] = [syslogLevel(priSeverity(g.pri)), g.pri, ix.pri];
  else if (g.word) [r.level, r.levelText, r.levelRange] = [WORD_LEVEL[g.word] ?? 'info', g.word, ix.word];
  return r;
}

export const esxSyslogLog: LogFormat = {
  id: 'esx-syslog-log',
  title: 'VMware ESXi syslog.log',
  // ESXi rotates syslog.log into syslog.0.gz, syslog.1.gz...; Linux names its rotations alike, but its
  // lines (no ISO stamp, or a host before the program) are no record here, and a name alone claims nothing
  fileNames: [/^syslog(?:\.\d+)?\.log(?:\.gz)?$/i, /^syslog\.log\.\d+(?:\.gz)?$/i, /^syslog\.\d+(?:\.gz)?$/],
  recordStart: anyOf(FORMS),
  parse: parseEsxSyslogLogLine,
};
