import type { LogRecord } from '../types';
import type { LogFormat, ParseContext } from './logFormat';
import { parseSyslogPrefix, SYSLOG_STAMP_SOURCE } from './syslogPrefix';

// Plain BSD syslog files (/var/log/messages, /var/log/cron, /var/log/secure ...):
//   May 18 14:00:01 xrtuk-12-07 CROND[17114]: (root) CMD (python -c '...')
// The catch-all for syslog-shaped logs: the XenServer and ESX families that also write through
// syslog are more specific and win detection (formats/index.ts lists this family last and lets it
// claim a file only when no specific family does).
//
// Time: the stamp has no year and no zone. The year is ParseContext.year when given, otherwise
// UNKNOWN_YEAR (1972, see syslogPrefix.ts); each line is read on its own, so across a
// Dec 31 -> Jan 1 boundary the time goes back by almost a year: the timeline resolves that.
const RECORD = new RegExp(`^${SYSLOG_STAMP_SOURCE} `);

export const syslog: LogFormat = {
  id: 'syslog',
  title: 'Syslog (RFC 3164)',
  yearlessStamps: true,
  fileNames: [/^(?:messages|syslog|cron|secure|maillog|auth\.log|kern\.log|daemon\.log|user\.log)(?:[.-]\d[\d.-]*)?(?:\.gz)?$/],
  recordStart: RECORD,
  parse(line, context) {
    if (!RECORD.test(line)) return undefined;
    return syslogRecord(line, context)?.record;
  },
};

/** A syslog line as a record (time, tag as component, pid as thread), with where its message starts. */
export function syslogRecord(line: string, context?: ParseContext): { record: LogRecord; messageStart: number } | undefined {
  const p = parseSyslogPrefix(line, context);
  if (!p) return undefined;
  const record: LogRecord = {
    time: p.time,
    timeZone: 'local',
    timeRange: [0, p.stampEnd],
    messageRange: [p.messageStart, line.length],
  };
  if (p.program) {
    record.component = p.program;
    record.componentRange = [p.programStart, p.programStart + p.program.length];
  }
  if (p.pid) {
    record.thread = p.pid;
    record.threadRange = [p.pidStart, p.pidStart + p.pid.length];
  }
  return { record, messageStart: p.messageStart };
}

/**
 * A family of syslog files told apart by what their lines say (which programs, which words), read
 * like plain syslog; `errorMark`, tested on the first `errorWindow` characters of the message, marks
 * the lines that are failures (these files carry no level).
 */
export function syslogDialect(spec: Pick<LogFormat, 'id' | 'title' | 'fileNames' | 'recordStart'> & { errorMark: RegExp; errorWindow: number }): LogFormat {
  const { errorMark, errorWindow } = spec;
  return {
    id: spec.id,
    title: spec.title,
    fileNames: spec.fileNames,
    recordStart: spec.recordStart,
    yearlessStamps: true,
    parse(line, context) {
      const parsed = syslogRecord(line, context);
      if (!parsed) return undefined;
      const { record, messageStart } = parsed;
      if (errorMark.test(line.slice(messageStart, messageStart + errorWindow))) record.level = 'error';
      return record;
    },
  };
}
