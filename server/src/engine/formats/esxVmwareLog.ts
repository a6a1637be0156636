import type { RecordLevel } from '../types';
import type { LogFormat, ParseContext } from './logFormat';
import { anyOf, syslogLevel } from './logFormat';
import type { EsxRecord } from './esxSyslog';
import { ISO_STAMP, isoTime, LINE_MARKER, PRI_TAG, priSeverity, syslogTime } from './esxSyslog';

// A virtual machine's own log, vmware.log (vmware-N.log rotated) in the VM's folder, written by its
// VMX process, one thread name per line (vmx, vcpu-0, mks, svga, worker-2099730, vmx-vthread-7...):
//   ESX 3.5/4.x, host local time, no year:   Apr 07 17:33:20.472: vmx| DISKLIB-VMFS  : "/vmfs/volumes/..." : open successful
//   ESXi 5.0, UTC:                           2012-04-07T17:33:20.472Z| vmx| SnapshotVMX_TakeSnapshot start: ...
//   ESXi 5.1-7.x, with a level letter:       2020-01-01T00:00:00.000Z| vmx| I125: DISKLIB-LIB_BLOCKTRACK: ...
//                                            2020-01-01T00:00:00.000Z| vcpu-0| W115: ...
//   ESXi 8.x (direct, not through syslog):   2023-12-05T17:42:40.741Z In(05) vcpu-0 - SnapshotVMXTakeSnapshotWork: ...
// Fields: time, thread, level (I → info, W → warning, E → error, A (audit) → info, the number after
// the letter being the message's verbosity; ESXi 8's priority), component (the message's leading
// `MODULE:` name), message.

const MONTH_STAMP = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \\d]?\\d \\d{2}:\\d{2}:\\d{2}\\.\\d{3}';
const THREAD = '(?<thread>[^|\\s]+)';
/** ESX 3.5/4.x. */
const ESX4_FORM = new RegExp(`^(?<mstamp>${MONTH_STAMP}): ${THREAD}\\| `, 'd');
/** ESXi 5.0-7.x; the level letter from 5.1 on. */
const ESXI5_FORM = new RegExp(`^(?<stamp>${ISO_STAMP})\\| ${THREAD}\\| (?:(?<letter>[A-Z])(?<verbosity>\\d{2,3}): )?`, 'd');
/** ESXi 8.x: TIMESTAMP SEVERITY THREAD-NAME OPID, the opID `-` when there is none. */
const ESXI8_FORM = new RegExp(`^(?<stamp>${ISO_STAMP}) (?<pri>${PRI_TAG})${LINE_MARKER} (?<thread>[^\\s|]+) - `, 'd');
const FORMS = [ESXI5_FORM, ESXI8_FORM, ESX4_FORM];

/** The module that logs, at the message's start: `DISKLIB-VMFS  : ...`, `SnapshotVMX_Consolidate: ...`. */
const COMPONENT = /^(?<comp>[A-Za-z][\w.-]*) {0,4}:(?= |$)/d;

const LETTER_LEVEL: Record<string, RecordLevel> = { I: 'info', W: 'warning', E: 'error', A: 'info' };

export interface VmwareLogRecord extends EsxRecord {
  /** The number after the level letter (`I125` → 125). */
  verbosity?: number;
}

/** A vmware.log record in any of its shapes, or undefined. */
export function parseVmwareLogLine(line: string, context?: ParseContext): VmwareLogRecord | undefined {
  let m: RegExpExecArray | null = null;
  for (const form of FORMS) if ((m = form.exec(line))) break;
  const g = m?.groups;
  const ix = m?.indices?.groups;
  if (!m || !g || !ix) return undefined;
  const r: VmwareLogRecord = { thread: g.thread, threadRange: ix.thread, messageRange: [m[0].length, line.length], level: 'info' };
  if (g.stamp !== undefined) [r.time, r.timeZone, r.timeRange] = [isoTime(g.stamp), 'UTC', ix.stamp];
  else {
    const seconds = syslogTime(g.mstamp!.slice(0, -4), context);
    [r.time, r.timeZone, r.timeRange] = [seconds === undefined ? undefined : seconds + +g.mstamp!.slice(-3), 'local', ix.mstamp];
  }
  if (g.letter) {
    [r.level, r.levelText, r.levelRange] = [LETTER_LEVEL[g.letter] ?? 'info', g.letter + g.verbosity, [ix.letter![0], ix.verbosity![1]]];
    r.verbosity = +g.verbosity!;
  } else if (g.pri) [r.level, r.levelText, r.levelRange] = [syslogLevel(priSeverity(g.pri)), g.pri, ix.pri];
  const head = COMPONENT.exec(line.slice(m[0].length));
  if (head?.indices?.groups?.comp) {
    const [s, e] = head.indices.groups.comp;
    [r.component, r.componentRange] = [head.groups!.comp, [m[0].length + s, m[0].length + e]];
  }
  return r;
}

export const esxVmwareLog: LogFormat = {
  id: 'esx-vmware-log',
  title: 'VMware virtual machine log (vmware.log)',
  yearlessStamps: true,
  fileNames: [/^vmware(?:-\d+)?\.log(?:\.gz)?$/i],
  recordStart: anyOf(FORMS),
  parse: parseVmwareLogLine,
};
