import type { LogFormat } from './logFormat';
import { esxFdmLog } from './esxFdmLog';
import { esxHostdLog } from './esxHostdLog';
import { esxSyslogLog } from './esxSyslogLog';
import { esxVdf } from './esxVdf';
import { esxVmkernelLog } from './esxVmkernelLog';
import { esxVmwareLog } from './esxVmwareLog';
import { esxVobdLog } from './esxVobdLog';
import { esxVpxaLog } from './esxVpxaLog';
import { netbackupJobDetails } from './netbackupJobDetails';
import { netbackupLegacy } from './netbackupLegacy';
import { syslog } from './syslog';
import { vnxServerLog } from './vnxServerLog';
import { xenserverDaemonLog } from './xenserverDaemonLog';
import { xenserverKernLog } from './xenserverKernLog';
import { xenserverSmlog } from './xenserverSmlog';
import { xenserverVmss } from './xenserverVmss';
import { xenserverXensource } from './xenserverXensource';

export type { LogFormat, ParseContext } from './logFormat';

/**
 * Every family the engine knows, in detection tie-break order (on an equal score the earlier wins):
 * hostd before vpxa and fdm, whose ESX 4 / ESXi 5 lines are hostd's shapes (their file names decide);
 * `esx-syslog-log` after the ESX families, because ESXi 8 writes its prefix on all of their lines;
 * `syslog`, the catch-all (see CATCH_ALL), last.
 */
export const FORMATS: readonly LogFormat[] = [
  vnxServerLog,
  esxVmkernelLog,
  esxHostdLog,
  esxVpxaLog,
  esxFdmLog,
  esxVobdLog,
  esxVmwareLog,
  esxVdf,
  esxSyslogLog,
  netbackupLegacy,
  netbackupJobDetails,
  xenserverVmss,
  xenserverXensource,
  xenserverSmlog,
  xenserverDaemonLog,
  xenserverKernLog,
  syslog,
];

/**
 * Families whose record start matches lines that more specific families also read (every
 * VMSS, SMlog, xensource, daemon.log, kern.log or ESX 4 line is a syslog line): they claim a file only when no
 * specific family does.
 */
const CATCH_ALL: ReadonlySet<LogFormat> = new Set([syslog]);

export function formatById(id: string | null | undefined): LogFormat | undefined {
  return FORMATS.find((f) => f.id === id);
}

export interface Detection {
  format: LogFormat;
  /** Share of the sampled lines that start a record of this family, 0..1. */
  score: number;
  byName: boolean;
}

const SAMPLE_LINES = 60;
/** Below this share of record-shaped lines content alone does not claim a file. */
const CONTENT_THRESHOLD = 0.3;

function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}

/**
 * Scores each family on the first non-empty lines of a file (and its name) and returns the best,
 * or undefined when nothing is convincing: mixed or unknown content stays unclaimed.
 */
export function detectFormat(path: string, head: string): Detection | undefined {
  if (head.includes('\r')) head = head.replace(/\r\n?/g, '\n'); // CRLF and CR-only logs too
  const lines: string[] = [];
  let from = 0;
  while (lines.length < SAMPLE_LINES && from < head.length) {
    let to = head.indexOf('\n', from);
    if (to < 0) to = head.length;
    const line = head.slice(from, to).replace(/\r$/, '');
    if (line.trim()) lines.push(line);
    from = to + 1;
  }
  if (lines.length === 0) return undefined;
  const name = baseName(path);
  let best: Detection | undefined;
  let fallback: Detection | undefined;
  for (const format of FORMATS) {
    // what cannot change the answer is not scored: a catch-all once a specific family claims the
    // file, anything once a family has the highest rank there is (all lines, and the name)
    if (best && (CATCH_ALL.has(format) || best.score + (best.byName ? 0.5 : 0) >= 1.5)) continue;
    let hits = 0;
    let started = false;
    for (const line of lines) {
      if (format.recordStart.test(line)) (hits++, (started = true));
      else if (started && format.continuation?.test(line)) hits++; // a backtrace weighs as its lines
    }
    const score = hits / lines.length;
    const byName = format.fileNames.some((re) => re.test(name));
    const claims = score >= CONTENT_THRESHOLD || (byName && hits > 0);
    if (!claims) continue;
    const rank = score + (byName ? 0.5 : 0);
    const current = CATCH_ALL.has(format) ? fallback : best;
    if (current && rank <= current.score + (current.byName ? 0.5 : 0)) continue;
    if (CATCH_ALL.has(format)) fallback = { format, score, byName };
    else best = { format, score, byName };
  }
  return best ?? fallback;
}
