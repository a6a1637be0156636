import type { LogFormat } from './logFormat';
import { syslogDialect } from './syslog';
import { SYSLOG_STAMP_SOURCE } from './syslogPrefix';

// XenServer / XCP-ng dom0 /var/log/kern.log: the dom0 Linux kernel, with the Xen drivers
// (xen-blkback, blktap, xen-netback, event channels, grant tables) beside the storage stack:
//   Jul 29 13:11:14 xcp01 kernel: [1209331.103715] blk_update_request: I/O error, dev nvme0n1, sector 1953520
//   Jul 29 13:11:14 xcp01 kernel: [1209331.104001] vif vif-12-0 vif12.0: Guest Rx stalled
// Every Linux host writes a kern.log of the same shape, and those stay plain syslog: a line counts
// as this family's only when it names a Xen driver or device; the family then reads all its lines.
const XEN_WORDS = '[Xx]en|blk(?:back|tap)|tapdisk|netback|vif\\d|evtchn|gnt(?:dev|alloc)';
const RECORD = new RegExp(`^${SYSLOG_STAMP_SOURCE} (?:[^\\s:\\[]+ )?kernel: (?=[^\\n]{0,300}?(?:${XEN_WORDS}))`);

// Kernel messages carry no level in the text: these mark the failures a triage looks for.
const ERROR_MARK = /\bI\/O error\b|\bOut of memory\b|\bBUG: |\bFailing path\b|\bsegfault at\b|\bCall Trace\b/;

export const xenserverKernLog: LogFormat = syslogDialect({
  id: 'xenserver-kern-log',
  title: 'XenServer kern.log (dom0 kernel)',
  fileNames: [/^kern\.log(?:[.-]\d[\d.-]*)?(?:\.gz)?$/],
  recordStart: RECORD,
  errorMark: ERROR_MARK,
  errorWindow: 512,
});
