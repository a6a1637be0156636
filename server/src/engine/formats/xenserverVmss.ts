import type { RecordLevel } from '../types';
import type { LogFormat } from './logFormat';
import { parseBracketPidRecord, SYSLOG_STAMP_SOURCE } from './syslogPrefix';

// XenServer VM Scheduled Snapshots plugin log, /var/log/VMSSlog (Citrix CTX224169):
//   May 21 10:15:01 xrtuk-09-11 VMSS: [10123] Processing policy: 7b10ea29-ab0c-af14-a116-ae293560f404
//   May 21 10:18:03 xrtuk-09-11 VMSS: [10123] RETURN in create_structured_alert: <XCData><time>...</time>
//     <messagetype>info</messagetype><message>VMSS_SNAPSHOT_SUCCEEDED</message></XCData>
// A syslog line whose tag is VMSS and whose "[n]" is the plugin run's process id. An XCData alert
// may wrap onto following lines without a prefix: those are continuations of the record before.
// Time: year-less syslog stamp, see syslogPrefix.ts.
const RECORD = new RegExp(`^${SYSLOG_STAMP_SOURCE} (?:[^\\s:\\[]+ )?VMSS: `);
const VMSS_TAG = ['VMSS'];

// XenServer message priorities (xapi-project/xen-api, ocaml/xapi-consts/api_messages.ml,
// https://github.com/xapi-project/xen-api/blob/master/ocaml/xapi-consts/api_messages.ml):
// VMSS_SNAPSHOT_SUCCEEDED is priority 5 (informational); the others are 3 (service degraded).
// A run that was skipped or locked out is a warning here; a failed snapshot or logon an error.
const CODE_LEVELS: Record<string, RecordLevel> = {
  VMSS_SNAPSHOT_SUCCEEDED: 'info',
  VMSS_SNAPSHOT_LOCK_FAILED: 'warning',
  VMSS_SNAPSHOT_MISSED_EVENT: 'warning',
  VMSS_SNAPSHOT_FAILED: 'error',
  VMSS_XAPI_LOGON_FAILURE: 'error',
  VMSS_LICENSE_ERROR: 'error',
};
const CODE = /\bVMSS_[A-Z_]+\b/;
const MESSAGE_TYPE = /<messagetype>\s*(error|warn(?:ing)?|info)\s*</i;

/** The severity a VMSS message states: the XCData message type, else its VMSS_* code. */
export function vmssMessageLevel(message: string): RecordLevel | undefined {
  const type = MESSAGE_TYPE.exec(message)?.[1].toLowerCase();
  if (type === 'error') return 'error';
  if (type === 'warn' || type === 'warning') return 'warning';
  const code = CODE.exec(message)?.[0];
  if (code && code in CODE_LEVELS) return CODE_LEVELS[code];
  if (type === 'info') return 'info';
  return undefined;
}

export const xenserverVmss: LogFormat = {
  id: 'xenserver-vmss-log',
  title: 'XenServer VMSSlog (scheduled snapshots)',
  yearlessStamps: true,
  fileNames: [/^VMSSlog(?:\.\d+)?(?:\.gz)?$/i],
  recordStart: RECORD,
  // the rest of an XCData alert that wrapped onto lines of its own
  continuation: /^\s*<\/?[A-Za-z]\w*>/,
  parse(line, context) {
    // the run's process id is written after the tag: "VMSS: [10123] ..."; the tag check is RECORD's
    const parsed = parseBracketPidRecord(line, context, VMSS_TAG);
    if (!parsed) return undefined;
    const { record, messageStart } = parsed;
    // most lines hold neither a message type nor a code: two searches instead of two RegExps
    const level = line.indexOf('<', messageStart) < 0 && line.indexOf('VMSS_', messageStart) < 0 ? undefined : vmssMessageLevel(line.slice(messageStart));
    if (level) record.level = level;
    return record;
  },
};
