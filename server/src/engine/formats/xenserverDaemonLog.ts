import type { LogFormat } from './logFormat';
import { syslogDialect } from './syslog';
import { SYSLOG_STAMP_SOURCE } from './syslogPrefix';

// XenServer / XCP-ng dom0 /var/log/daemon.log: the syslog daemon facility, where tapdisk (the
// blktap user-space disk server, one process per attached VDI) and the other dom0 daemons log:
//   Jul 29 13:11:16 xcp01 tapdisk[5923]: ERROR: errno -5 at __tapdisk_vbd_complete_td_request: req tap-0.0: write ...
//   Jul  9 21:04:46 xcp01 tapdisk[762]: received 'close' message (uuid = 1)
//   Mar  3 08:12:40 xs75 qemu-dm-12[20711]: ...
// A generic Linux daemon.log (systemd, dhclient, NetworkManager) is plain syslog: a line counts as
// this family's only when its tag is one of XenServer's daemons. The xapi-style bracket
// ("xcp-rrdd: [ info|...") is xensource.log's shape and is left to that family.
const XEN_DAEMONS = 'tapdisk|tap-ctl|qemu-dm-\\d+|o?xenstored|xenconsoled|xapi-nbd|xcp-rrdd[\\w-]*|varstored[\\w-]*|v6d|forkexecd|mpathalert|cdrommon|xcp-clipboardd|xha';
const RECORD = new RegExp(`^${SYSLOG_STAMP_SOURCE} (?:[^\\s:\\[]+ )?(?:${XEN_DAEMONS})(?:\\[\\d+\\])?: (?!\\[ ?(?:debug|info|warn|error|audit)\\|)`);

// tapdisk's error lines (tlog "ERROR: errno -N at ...", "tap-err:") and failed requests
const ERROR_MARK = /^(?:ERROR\b|tap-err:)|\btimed out, retried\b/;

export const xenserverDaemonLog: LogFormat = syslogDialect({
  id: 'xenserver-daemon-log',
  title: 'XenServer daemon.log (tapdisk, dom0 daemons)',
  fileNames: [/^daemon\.log(?:[.-]\d[\d.-]*)?(?:\.gz)?$/],
  recordStart: RECORD,
  errorMark: ERROR_MARK,
  errorWindow: 256,
});
