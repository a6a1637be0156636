import type { LogFormat, ParseContext } from './logFormat';
import { anyOf } from './logFormat';
import type { VmacoreRecord } from './esxVmacore';
import { parseVmacoreLine, vmacoreContinuation, vmacoreForms } from './esxVmacore';
import { parseEsxSyslogLine } from './esxVmkernelLog'; // circular on purpose, see esxVmkernelLog.ts

// VMware ESX/ESXi hostd log (the host agent), in the vmacore shapes of esxVmacore.ts:
//   ESX 3.5/4.x hostd.log, host local time:
//     [2012-04-07 17:33:20.472 32AE9B90 error 'Statssvc'] Error: 'FileIO error: No space left : ...'
//   the same through syslog into /var/log/messages:
//     Apr 7 17:33:20 esx_host Hostd: [2012-04-07 17:33:20.472 32AE9B90 error 'Statssvc'] Error: ...
//   ESXi 5.x-6.0, UTC:   2015-01-01T00:00:00.000Z [FFD3AB70 info 'Default' opID=abc-123 user=root] ...
//   ESXi 6.5-7.0:        2019-01-01T00:00:00.000Z info hostd[12345] [Originator@6876 sub=Default opID=...] ...
//   ESXi 7.0 U2+/8.x:    2023-05-23T07:40:51.404Z In(166) Hostd[2100134]: [Originator@6876 sub=Vimsvc.TaskManager] ...
// From ESXi 6.5 on the line names its program: vpxa's and fdm's lines are theirs (esxVpxaLog.ts,
// esxFdmLog.ts), any other program's (hostd-probe, a plugin) stays with hostd.
const SHAPES = { program: '(?!(?:[Ff]dm|[Vv]pxa)\\[)[\\w-]+', esx4SyslogProgram: '[Hh]ostd' };
const FORMS = vmacoreForms(SHAPES);

export type HostdRecord = VmacoreRecord;

/** A hostd record in any of its shapes, or undefined (continuations, other lines). */
export function parseHostdLine(line: string, context?: ParseContext): HostdRecord | undefined {
  return parseVmacoreLine(line, FORMS, context);
}

export const esxHostdLog: LogFormat = {
  id: 'esx-hostd-log',
  title: 'VMware ESX hostd log',
  fileNames: [/^hostd(?:-\d+)?(?:\.log)?(?:\.\d+)?(?:\.gz)?$/i, /^messages(?:\.\d+)?(?:\.gz)?$/],
  recordStart: anyOf(FORMS),
  continuation: vmacoreContinuation(SHAPES),
  parse(line, context) {
    // hostd lines first; in an ESX 4 `messages` file, the vmkernel and other lines beside them
    return parseHostdLine(line, context) ?? (/^[A-Z][a-z]{2} /.test(line) ? parseEsxSyslogLine(line, context) : undefined);
  },
};
