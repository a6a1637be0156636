import type { LogRecord, RecordLevel } from '../types';
import type { LogFormat } from './logFormat';
import { parseSyslogPrefix, SYSLOG_STAMP_SOURCE } from './syslogPrefix';

// XenServer toolstack log, /var/log/xensource.log: xapi and the other OCaml daemons (xenopsd-xc,
// xcp-rrdd, squeezed, xcp-networkd ...) log through syslog since XenServer 6.1, each message
// starting with the bracket their debug library writes (xapi-project/xcp-idl lib/debug.ml,
// "[%5s|%s|%d %s|%s|%s]": level, host, thread id and name, task, module):
//   Jul 29 16:36:42 ng02 xapi: [debug||5435 /var/lib/xcp/xapi||dummytaskhelper] task dispatch:event.from ...
//   Jul 29 16:36:43 ng02 xcp-rrdd: [ info||9 ||rrdd_main] memfree has changed to 165064 in domain 2
//   Jan 14 09:41:45 host xapi: [debug|host|0 thread_zero|server_init R:71f1526b667a|startup] task [...]
// The level is debug, info, warn or error (right-aligned in 5 characters), or audit.
// Record: time (year-less syslog stamp, see syslogPrefix.ts), thread = the numeric thread id,
// component = the module (the last field), level from the first field.
const RECORD = new RegExp(`^${SYSLOG_STAMP_SOURCE} (?:[^\\s:\\[]+ )?[^\\s:\\[]+: \\[ ?(?:debug|info|warn|error|audit)\\|`);
// After "[": level | host | thread | task | module ]
// The thread name may not start with a digit, so that the id and the name cannot trade characters.
const BRACKET = /^\[( ?)(debug|info|warn|error|audit)\|([^|\]]*)\|(\d*)((?:[^|\]\d][^|\]]*)?)\|([^|\]]*)\|([^|\]]*)\] ?/;

const LEVELS: Record<string, RecordLevel> = { debug: 'debug', info: 'info', warn: 'warning', error: 'error', audit: 'info' };

export const xenserverXensource: LogFormat = {
  id: 'xenserver-xensource-log',
  title: 'XenServer xensource.log (xapi)',
  yearlessStamps: true,
  fileNames: [/^xensource\.log(?:\.\d+)?(?:\.gz)?$/],
  recordStart: RECORD,
  parse(line, context) {
    if (!RECORD.test(line)) return undefined;
    const p = parseSyslogPrefix(line, context);
    if (!p) return undefined;
    const bracketStart = p.messageStart;
    const b = BRACKET.exec(line.slice(bracketStart, bracketStart + 1024));
    if (!b) return undefined;
    const levelStart = bracketStart + 1 + b[1].length;
    const threadStart = levelStart + b[2].length + 1 + b[3].length + 1;
    const moduleStart = threadStart + b[4].length + b[5].length + 1 + b[6].length + 1;
    const record: LogRecord = {
      time: p.time,
      timeZone: 'local',
      level: LEVELS[b[2]],
      levelText: b[2],
      timeRange: [0, p.stampEnd],
      levelRange: [levelStart, levelStart + b[2].length],
      messageRange: [bracketStart + b[0].length, line.length],
    };
    if (b[4]) {
      record.thread = b[4];
      record.threadRange = [threadStart, threadStart + b[4].length];
    }
    if (b[7]) {
      record.component = b[7];
      record.componentRange = [moduleStart, moduleStart + b[7].length];
    } else if (p.program) {
      record.component = p.program;
      record.componentRange = [p.programStart, p.programStart + p.program.length];
    }
    return record;
  },
};
