import type { LogFormat, ParseContext } from './logFormat';
import { anyOf, syslogLevel } from './logFormat';
import type { EsxRecord } from './esxSyslog';
import { ISO_STAMP, isoTime, LINE_MARKER, otherSyslogRecord, PRI_TAG, priSeverity, splitSyslogPrefix, SYSLOG_STAMP, syslogTime, TOKEN } from './esxSyslog';
// the hostd lines of a shared ESX 4 `messages` file (esxHostdLog.ts parses its vmkernel lines with ours)
import { parseHostdLine } from './esxHostdLine';

// VMware ESX/ESXi vmkernel log, in the shapes it has had:
//   ESX 3.5/4.x through syslog (`/var/log/vmkernel`, `/var/log/messages`):
//     Mar  1 08:53:36 host vmkernel: 2:16:49:12.573 cpu3:4099)ScsiDeviceIO: 1672: Command 0x28 ...
//     (also without the host, or with the host and no program: `esx_host: 17:19:52:55.580 cpu7:4182)BC: ...`)
//   ESXi 5.x-7.x `vmkernel.log` / `vmkwarning.log`, UTC:
//     2019-03-01T08:53:36.573Z cpu3:2099270)ScsiDeviceIO: 3435: Cmd(0x45a2...) 0x28, CmdSN 0x1 ...
//     2019-03-01T08:53:36.573Z cpu3:2099270 opID=5b7f8e33)World: ...          (6.5+, a vCenter operation)
//   ESXi 7.0 U2+/8.x, with the syslog priority:  2023-05-23T07:40:51.404Z In(182) vmkernel: cpu12:2097710)...
//   before the clock is set, the TSC instead of a time:  TSC: 543468 cpu0:0)Boot: 167: ...
// After `cpuN:W)` comes the module that logs (the component), then its source line and the text; the
// record's message is all of that, as the vmkernel wrote it (`ScsiDeviceIO: 1672: Command 0x28 ...`).
//
// Severity. The vmkernel has no level field: its logging calls write an ordinary line (Log), or prefix
// the message with `WARNING: ` (Warning) or `ALERT: ` (SysAlert); vmkwarning.log holds just those two.
// So: WARNING → warning, ALERT → error, anything else → info. Drivers ported from Linux keep their printk
// level (`<6>qla2xxx ...`), read as a syslog level; ESXi 8 writes a syslog priority (`Wa(180)`), which wins.
// Words such as "failed" or a SCSI status do not raise the level: judging them is the rules' job.

const UPTIME = '\\d+:\\d{2}:\\d{2}:\\d{2}\\.\\d{3}';
const WORLD = '(?<cpu>cpu(?<cpuNo>\\d+)):(?<world>\\d+)(?: opID=(?<opId>[^\\s)]*))?\\)';

/** ESX 4 syslog form; the host and the program are each optional. */
const SYSLOG_FORM = new RegExp(`^(?<stamp>${SYSLOG_STAMP}) (?:(?<host>${TOKEN}) )?(?:(?<program>${TOKEN})(?:\\[\\d+\\])?: )?(?<uptime>${UPTIME}|TSC: \\d+) ${WORLD}`, 'd');
/** ESXi 5+ form, optionally with the ESXi 8 priority and, from a remote collector, host and program. */
const ISO_FORM = new RegExp(`^(?<stamp>${ISO_STAMP}) (?:(?<pri>${PRI_TAG})${LINE_MARKER} )?(?:(?:(?<host>${TOKEN}) )?(?<program>vmkernel|vmkwarning): )?${WORLD}`, 'd');
/** Early boot, before the clock is set. */
const TSC_FORM = new RegExp(`^(?<uptime>TSC: \\d+) ${WORLD}`, 'd');

/** The message head after `)`: an optional WARNING/ALERT or printk level, then the module name. */
const HEAD = /^(?:(?<sev>WARNING|ALERT): )?(?:<(?<printk>[0-7])>)?(?:(?<comp>[A-Za-z_][\w.-]*)(?:\[[^\]\s]*\])?(?<after>[: ]))?/d;

/** A vmkernel line that syslog wrapped: same prefix, but no uptime and world after it. */
const WRAPPED = new RegExp(`^${SYSLOG_STAMP} (?:${TOKEN} )?(?:vmkernel|vmkwarning): (?!${UPTIME} |TSC: )`);

export interface VmkernelRecord extends EsxRecord {
  /** Time since boot in ms (`2:16:49:12.573` is 2 days 16 h 49 min 12.573 s); absent for TSC lines. */
  uptime?: number;
  uptimeRange?: [number, number];
  cpu?: number;
  cpuRange?: [number, number];
}

function uptimeMs(text: string): number | undefined {
  const m = /^(\d+):(\d{2}):(\d{2}):(\d{2})\.(\d{3})$/.exec(text);
  if (!m) return undefined;
  return (((+m[1] * 24 + +m[2]) * 60 + +m[3]) * 60 + +m[4]) * 1000 + +m[5];
}

/** A vmkernel record in any of its shapes, or undefined (other lines, wrapped lines). */
export function parseVmkernelLine(line: string, context?: ParseContext): VmkernelRecord | undefined {
  const m = SYSLOG_FORM.exec(line) ?? ISO_FORM.exec(line) ?? TSC_FORM.exec(line);
  const g = m?.groups;
  const ix = m?.indices?.groups;
  if (!m || !g || !ix) return undefined;
  const r: VmkernelRecord = { messageRange: [m[0].length, line.length] };

  if (g.stamp !== undefined) {
    r.timeRange = ix.stamp;
    if (/^\d/.test(g.stamp)) {
      r.time = isoTime(g.stamp);
      r.timeZone = 'UTC';
    } else {
      r.time = syslogTime(g.stamp, context);
      r.timeZone = 'local';
    }
  }
  // `esx_host: 17:19:...`: a lone token before the colon that is not a vmkernel program is the host.
  let host: [number, number] | undefined = ix.host;
  let program: [number, number] | undefined = ix.program;
  if (!host && program && !/^vmk(?:ernel|warning)$/.test(g.program!)) [host, program] = [program, undefined];
  if (host) [r.host, r.hostRange] = [line.slice(...host), host];
  if (program) [r.program, r.programRange] = [line.slice(...program), program];
  if (ix.uptime) {
    r.uptimeRange = ix.uptime;
    r.uptime = uptimeMs(g.uptime!);
  }
  r.cpu = +g.cpuNo!;
  r.cpuRange = ix.cpu;
  r.thread = g.world;
  r.threadRange = ix.world;
  if (ix.opId) [r.opId, r.opIdRange] = [g.opId, ix.opId];

  const bodyStart = m[0].length;
  const h = HEAD.exec(line.slice(bodyStart));
  const hg = h?.groups ?? {};
  const hix = h?.indices?.groups ?? {};
  const shift = (span: [number, number]): [number, number] => [bodyStart + span[0], bodyStart + span[1]];
  r.level = 'info';
  if (hg.sev) {
    r.level = hg.sev === 'ALERT' ? 'error' : 'warning';
    r.levelText = hg.sev;
    r.levelRange = shift(hix.sev!);
  } else if (hg.printk) {
    r.level = syslogLevel(+hg.printk);
    r.levelText = hg.printk;
    r.levelRange = shift(hix.printk!);
  }
  if (g.pri) {
    r.level = syslogLevel(priSeverity(g.pri));
    r.levelText = g.pri;
    r.levelRange = ix.pri;
  }
  // A name followed by a space is a module only after a printk level (`<6>qla2xxx 0000:04:00.1: ...`).
  if (hg.comp && (hg.after === ':' || hg.printk)) {
    r.component = hg.comp;
    r.componentRange = shift(hix.comp!);
  }
  return r;
}

/**
 * Every line of an ESX 4 `messages` file that is a record: vmkernel lines, hostd lines (the two families
 * share that file, and detection picks the one with more lines), and other programs' lines.
 * Wrapped vmkernel lines and hostd backtraces are continuations.
 */
export function parseEsxSyslogLine(line: string, context?: ParseContext): EsxRecord | undefined {
  const own = parseVmkernelLine(line, context);
  if (own) return own;
  const p = splitSyslogPrefix(line);
  if (!p) return undefined;
  const program = line.slice(...p.program);
  if (/^vmk(?:ernel|warning)$/.test(program)) return undefined;
  if (/^[Hh]ostd$/.test(program)) return parseHostdLine(line, context);
  return otherSyslogRecord(line, p, context);
}

// The same forms without match indices, for the time alone: a storm of findings needs every line's
// time (for its first and last), and the indices cost most of a full parse.
const TIME_FORMS = [SYSLOG_FORM, ISO_FORM, TSC_FORM].map((re) => new RegExp(re.source));

/** parseEsxSyslogLine(line, context)?.time, without building the rest of a vmkernel line's record. */
export function esxSyslogLineTime(line: string, context?: ParseContext): number | undefined {
  for (const form of TIME_FORMS) {
    const stamp = form.exec(line)?.groups;
    if (!stamp) continue;
    if (stamp.stamp === undefined) return undefined;
    return /^\d/.test(stamp.stamp) ? isoTime(stamp.stamp) : syslogTime(stamp.stamp, context);
  }
  return parseEsxSyslogLine(line, context)?.time;
}

export const esxVmkernelLog: LogFormat = {
  id: 'esx-vmkernel-log',
  title: 'VMware ESX vmkernel log',
  yearlessStamps: true,
  fileNames: [/^vmk(?:ernel|warning)(?:\.log)?(?:\.\d+)?(?:\.gz)?$/i, /^vmk(?:ernel|warning)[\w.-]*\.log$/i, /^messages(?:\.\d+)?(?:\.gz)?$/],
  recordStart: anyOf([SYSLOG_FORM, ISO_FORM, TSC_FORM]),
  continuation: WRAPPED,
  // vmkernel lines first; in syslog form, whatever else ESX 4 wrote beside them
  parse: parseEsxSyslogLine,
  time: esxSyslogLineTime,
};
