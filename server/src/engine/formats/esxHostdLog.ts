import type { LogFormat } from './logFormat';
import { anyOf } from './logFormat';
import { vmacoreContinuation } from './esxVmacore';
import { FORMS, parseHostdLine, SHAPES } from './esxHostdLine';
import { parseEsxSyslogLine } from './esxVmkernelLog';

export type { HostdRecord } from './esxHostdLine';

// VMware ESX/ESXi hostd log (the host agent), in the vmacore shapes of esxVmacore.ts:
//   ESX 3.5/4.x hostd.log, host local time:
//     [2012-04-07 17:33:20.472 32AE9B90 error 'Statssvc'] Error: 'FileIO error: No space left : ...'
//   the same through syslog into /var/log/messages:
//     Apr 7 17:33:20 esx_host Hostd: [2012-04-07 17:33:20.472 32AE9B90 error 'Statssvc'] Error: ...
//   ESXi 5.x-6.0, UTC:   2015-01-01T00:00:00.000Z [FFD3AB70 info 'Default' opID=abc-123 user=root] ...
//   ESXi 6.5-7.0:        2019-01-01T00:00:00.000Z info hostd[12345] [Originator@6876 sub=Default opID=...] ...
//   ESXi 7.0 U2+/8.x:    2023-05-23T07:40:51.404Z In(166) Hostd[2100134]: [Originator@6876 sub=Vimsvc.TaskManager] ...

export const esxHostdLog: LogFormat = {
  id: 'esx-hostd-log',
  title: 'VMware ESX hostd log',
  yearlessStamps: true,
  fileNames: [/^hostd(?:-\d+)?(?:\.log)?(?:\.\d+)?(?:\.gz)?$/i, /^messages(?:\.\d+)?(?:\.gz)?$/],
  recordStart: anyOf(FORMS),
  continuation: vmacoreContinuation(SHAPES),
  parse(line, context) {
    // hostd lines first; in an ESX 4 `messages` file, the vmkernel and other lines beside them
    return parseHostdLine(line, context) ?? (/^[A-Z][a-z]{2} /.test(line) ? parseEsxSyslogLine(line, context) : undefined);
  },
};
