import type { LogRecord } from '../types';
import type { LogFormat } from './logFormat';
import { parseIsoLikeTime } from './logFormat';
import { parseBracketPidRecord, SYSLOG_STAMP_SOURCE } from './syslogPrefix';

// XenServer storage manager log, /var/log/SMlog: the SM backends (SM) and the VHD garbage
// collector (SMGC) log through syslog, each line carrying the Python process id:
//   Jul 29 16:37:08 ng02 SM: [27183] lock: acquired /var/lock/sm/.nil/lvm
//   May 21 10:15:03 xrtuk-09-11 SM: [12345] ***** sr_scan: EXCEPTION <class 'SR.SROSError'>, ...
// Older releases (XCP 1.x, XenServer 5/6.0) wrote the pid first and a full local time:
//   [4168] 2012-10-29 23:25:50.145457 Setting LVM_DEVICE to /dev/disk/by-scsid/...
// The log has no level field; an exception banner or a raised exception is read as an error.
const SYSLOG_RECORD = new RegExp(`^${SYSLOG_STAMP_SOURCE} (?:[^\\s:\\[]+ )?SM(?:GC)?: `);
const SM_TAGS = ['SM', 'SMGC'];
const LEGACY_RECORD = /^\[(\d+)\] (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?) /;
const RECORD = new RegExp(`${SYSLOG_RECORD.source}|${LEGACY_RECORD.source}`);

// "***** sr_scan: EXCEPTION <class ...>", SMGC's "gc: EXCEPTION" and its "E X C E P T I O N" banner.
const ERROR_MARK = /\bEXCEPTION\b|E X C E P T I O N|\bRaising exception\b/;

function withLevel(record: LogRecord, message: string): LogRecord {
  if (ERROR_MARK.test(message)) record.level = 'error';
  return record;
}

export const xenserverSmlog: LogFormat = {
  id: 'xenserver-smlog',
  title: 'XenServer SMlog (storage manager)',
  yearlessStamps: true,
  fileNames: [/^SMlog(?:\.\d+)?(?:\.gz)?$/],
  recordStart: RECORD,
  parse(line, context) {
    const legacy = LEGACY_RECORD.exec(line);
    if (legacy) {
      const timeStart = legacy[1].length + 3;
      return withLevel(
        {
          time: parseIsoLikeTime(line, timeStart),
          timeZone: 'local',
          thread: legacy[1],
          component: 'SM',
          threadRange: [1, 1 + legacy[1].length],
          timeRange: [timeStart, timeStart + legacy[2].length],
          messageRange: [legacy[0].length, line.length],
        },
        line.slice(legacy[0].length),
      );
    }
    // the tag check is SYSLOG_RECORD's
    const parsed = parseBracketPidRecord(line, context, SM_TAGS);
    if (!parsed) return undefined;
    const { record, messageStart } = parsed;
    return withLevel(record, line.slice(messageStart));
  },
};
