import type { LogFormat, ParseContext } from './logFormat';
import { anyOf, syslogLevel } from './logFormat';
import type { EsxRecord } from './esxSyslog';
import { ISO_STAMP, isoTime, LINE_MARKER, PRI_TAG, priSeverity } from './esxSyslog';

// VMkernel observations daemon log, /var/log/vobd.log (ESXi 5+): one line per observation (VOB) the
// kernel or a user-level service reported, and the events vobd forwards to hostd:
//   ESXi 5.x-7.x:  2019-05-02T10:44:11.326Z: [scsiCorrelator] 2236476305us: [vob.scsi.device.state.permanentloss] Device :naa.600... has been removed or is permanently inaccessible.
//                  2019-05-02T10:44:11.327Z: [scsiCorrelator] 2236476840us: [esx.problem.scsi.device.state.permanentloss] Device naa.600... has been removed or is permanently inaccessible. ...
//                  2019-05-02T10:44:11.327Z: No correlator for vob.vmfs.nfs.server.disconnect
//   ESXi 8.x:      2025-01-01T10:00:00.737Z In(14) vobd[2097521]:  [UserLevelCorrelator] 1012726884193us: [vob.user.ssh.session.closed] SSH session was closed for 'root@192.0.2.10'.
// Fields: time; thread (vobd's pid, ESXi 8); component (the correlator); uptime (µs since boot);
// event (the VOB or event id); message (from the event id on, so that rules see it).
// Level: an `esx.problem.*` event (what hostd turns into a vCenter problem event) is a warning, other
// lines take ESXi 8's priority or are information: the id's class decides, not the words.

const BODY = `(?:\\[(?<comp>[A-Za-z][\\w.-]*)\\] (?<uptime>\\d+)us: )?(?:\\[(?<event>(?:vob|esx)\\.[\\w.-]+)\\])?`;
/** ESXi 5.x-7.x: the stamp and a colon. */
const V5_FORM = new RegExp(`^(?<stamp>${ISO_STAMP}): ${BODY}`, 'd');
/** ESXi 8.x: stamp, priority, `vobd[pid]:` and two spaces. */
const V8_FORM = new RegExp(`^(?<stamp>${ISO_STAMP}) (?<pri>${PRI_TAG})${LINE_MARKER} (?<program>vobd)\\[(?<thread>\\d+)\\]: +${BODY}`, 'd');

/** What detection counts: a correlator and its uptime, or vobd's own notes; a bare `stamp: text` is too common a shape. */
const START = new RegExp(`^(?:${ISO_STAMP}: |${ISO_STAMP} ${PRI_TAG}${LINE_MARKER} vobd\\[\\d+\\]: +)(?:\\[[A-Za-z][\\w.-]*\\] \\d+us: |No correlator for |An event \\()`);

export interface VobdRecord extends EsxRecord {
  /** The VOB or event id (`vob.scsi.device.state.permanentloss`, `esx.problem.storage.apd.start`). */
  event?: string;
  eventRange?: [number, number];
  /** Time since boot in ms, from the µs count vobd writes. */
  uptime?: number;
  uptimeRange?: [number, number];
}

/** A vobd record in either shape, or undefined. */
export function parseVobdLine(line: string, _context?: ParseContext): VobdRecord | undefined {
  const m = V5_FORM.exec(line) ?? V8_FORM.exec(line);
  const g = m?.groups;
  const ix = m?.indices?.groups;
  if (!m || !g || !ix) return undefined;
  const messageStart = ix.event ? ix.event[0] - 1 : m[0].length;
  const r: VobdRecord = { time: isoTime(g.stamp), timeZone: 'UTC', timeRange: ix.stamp, messageRange: [messageStart, line.length], level: 'info' };
  if (ix.comp) [r.component, r.componentRange] = [g.comp, ix.comp];
  if (ix.uptime) [r.uptime, r.uptimeRange] = [Math.floor(+g.uptime / 1000), ix.uptime];
  if (ix.event) [r.event, r.eventRange] = [g.event, ix.event];
  if (ix.thread) [r.thread, r.threadRange] = [g.thread, ix.thread];
  if (ix.program) [r.program, r.programRange] = [g.program, ix.program];
  if (g.pri) [r.level, r.levelText, r.levelRange] = [syslogLevel(priSeverity(g.pri)), g.pri, ix.pri];
  // vobd writes every line at one priority: a problem event outranks it
  if (g.event?.startsWith('esx.problem.') && (r.level === 'info' || r.level === 'debug')) {
    [r.level, r.levelText, r.levelRange] = ['warning', 'esx.problem', [ix.event![0], ix.event![0] + 'esx.problem'.length]];
  }
  return r;
}

export const esxVobdLog: LogFormat = {
  id: 'esx-vobd-log',
  title: 'VMware ESXi vobd log',
  fileNames: [/^vobd(?:\.log)?(?:\.\d+)?(?:\.gz)?$/i],
  recordStart: anyOf([START]),
  parse: parseVobdLine,
};
