// NetBackup status 25 across two hosts (Veritas article 100024894). For a multiplexed backup the
// client's vnetd creates a forwarding socket (ipc_string = its port, hash_str1 = its secret) and
// holds it for max_time seconds; the media server's bpbrm receives the same "port;hash" as mpx_ipc
// and, after its connection delays, asks bpcd on the client to connect to it. When the delays add
// up, vnetd gives up first (vnet_sock_ready ... Function failed: 11), bpcd's connects are refused and
// both sides report status 25. The hash ties the two hosts' logs together; their times must agree
// too: vnetd creates the socket before bpbrm can receive it, so a client clock running ahead shows
// up as a socket created "after" its hand-over, and the relation waits for a clock offset.
import type { FileAnalysis } from '../analyze';
import type { Finding } from '../types';
import type { ScanNeed } from './scan';
import { isoTime } from '../timeline/duration';
import type { CorrelatedFile, CorrelationContext } from './types';
import { where } from './types';

const NBU = 'netbackup-legacy-log';
export const TIMEOUT_RULE = 'nbu/vnetd-forward-timeout';
/** Findings on the media server that the timed-out socket explains. */
export const MEDIA_RULES = new Set(['nbu/status-25', 'nbu/pbx-connect-delay']);
/** Findings of the client's bpcd that tried the socket after vnetd closed it. */
export const CLIENT_RULES = new Set(['nbu/status-25', 'nbu/connect-refused-storm']);

/** vnetd may create the socket this much after bpbrm logs it and still be "before": log granularity, NTP. */
export const HANDOVER_TOLERANCE_MS = 2000;
/** ... and at most this much before (vnetd's default max_time for the socket is 120 s). */
const HANDOVER_MAX_LEAD_MS = 120_000;
/** Media findings of the job: from a minute before the hand-over to an hour after. */
const JOB_WINDOW_MS = 3_600_000;

const HANDOVER = /(?:mpx_ipc: |NCB_DATASOCKET \S+ )(\d+);([0-9a-fA-F]{32})\b/;
const CHILD = /\bchild pid = (\d+(?:\.\d+)?)/;
const HASH1 = /\bhash_str1: ([0-9a-fA-F]{32})\b/;
const IPC_STRING = /\bipc_string: (\d+)\b/;
const SERVICE_PORT = /\bservice: (\d+)\b/;

interface Handover {
  file: CorrelatedFile;
  port: string;
  hash: string;
  thread: string;
  time?: number;
  line: number;
  start: number;
  end: number;
}

interface ForwardSocket {
  file: CorrelatedFile;
  thread: string;
  port?: string;
  hash?: string;
  created?: number;
  timeout: Finding;
  timeoutTime?: number;
}

interface ThreadFinding {
  file: CorrelatedFile;
  finding: Finding;
  thread: string;
  time?: number;
  /** bpcd: the port its thread last tried to reach. */
  port?: string;
}

interface PerFile {
  handovers: Handover[];
  /** child thread -> parent thread (bpbrm spawns its child for the job). */
  parentOf: Map<string, string>;
  media: ThreadFinding[];
  client: ThreadFinding[];
}

function clock(file: CorrelatedFile, time: number | undefined): string {
  // as the file itself writes it: without the offset the user applied
  return time === undefined ? 'an unknown time' : isoTime(time - file.offsetMs).slice(11);
}

/** The findings of a file that the socket relation is about, by line. */
function socketFindingsByLine(findings: readonly Finding[]): Map<number, Finding[]> {
  const byLine = new Map<number, Finding[]>();
  for (const f of findings) {
    if (f.rule !== TIMEOUT_RULE && !MEDIA_RULES.has(f.rule) && !CLIENT_RULES.has(f.rule)) continue;
    byLine.set(f.span.line, [...(byLine.get(f.span.line) ?? []), f]);
  }
  return byLine;
}

/** Words of the lines that hand a socket over, fork a child or name its ipc string. */
const SOCKET_LINE_WORDS = ['mpx_ipc', 'NCB_DATASOCKET', 'child pid', 'hash_str1', 'ipc_string', 'is_pbxable_server'];

/** The lines of a NetBackup log the socket relation reads: its findings' lines and the lines naming sockets, hashes and threads. */
export function socketLinesNeed(analysis: FileAnalysis): ScanNeed {
  const byLine = socketFindingsByLine(analysis.findings);
  return {
    keepsText: true,
    wants: (text, line) => byLine.has(line) || SOCKET_LINE_WORDS.some((word) => text.includes(word)),
    only: { lines: new Set(byLine.keys()), literals: SOCKET_LINE_WORDS },
  };
}

/** Whether the socket relation may read a file of this family (it does when the file has a timeout or a media or client finding). */
export function socketLinesMayBeRead(format: string | null): boolean {
  return format === NBU;
}

/** Whether the socket relation reads this file (when the bundle has another NetBackup log and a timeout). */
export function readsSocketLines(analysis: FileAnalysis): boolean {
  return socketLinesMayBeRead(analysis.format) && analysis.findings.some((f) => f.rule === TIMEOUT_RULE || MEDIA_RULES.has(f.rule) || CLIENT_RULES.has(f.rule));
}

async function collect(ctx: CorrelationContext, file: CorrelatedFile, sockets: ForwardSocket[]): Promise<PerFile> {
  const out: PerFile = { handovers: [], parentOf: new Map(), media: [], client: [] };
  const byLine = socketFindingsByLine(file.analysis.findings);
  const current = new Map<string, { port?: string; hash?: string; created?: number }>();
  const tried = new Map<string, string>();
  await ctx.scan(file, 'nbu-sockets', ({ line, text, thread = '', component = '', time }) => {
    const handover = HANDOVER.exec(text);
    if (handover) out.handovers.push({ file, port: handover[1], hash: handover[2].toLowerCase(), thread, time, line, start: handover.index, end: handover.index + handover[0].length });
    const child = CHILD.exec(text);
    if (child) out.parentOf.set(child[1], thread);
    if (component.endsWith('vnet_generate_hashes') || component.endsWith('process_connect_forward_socket')) {
      const hash = HASH1.exec(text);
      const port = IPC_STRING.exec(text);
      // a new request on the thread starts a new socket
      const s = current.get(thread);
      if (hash && (!s || (s.hash && s.hash !== hash[1].toLowerCase()))) current.set(thread, { hash: hash[1].toLowerCase(), created: time });
      else if (hash && s) s.hash = hash[1].toLowerCase();
      if (port) {
        const t = current.get(thread) ?? { created: time };
        t.port = port[1];
        current.set(thread, t);
      }
    }
    if (component.endsWith('is_pbxable_server')) {
      const port = SERVICE_PORT.exec(text);
      if (port) tried.set(thread, port[1]);
    }
    for (const finding of byLine.get(line) ?? []) {
      if (finding.rule === TIMEOUT_RULE) {
        const s = current.get(thread);
        if (s && (s.hash || s.port)) sockets.push({ file, thread, ...s, timeout: finding, timeoutTime: time });
      }
      if (MEDIA_RULES.has(finding.rule)) out.media.push({ file, finding, thread, time });
      if (CLIENT_RULES.has(finding.rule) && tried.has(thread)) out.client.push({ file, finding, thread, time, port: tried.get(thread) });
    }
  });
  return out;
}

/** Relates the media server's status 25 and connection delays to the client's vnetd forward-socket timeout. */
export async function correlateNetBackup(ctx: CorrelationContext): Promise<void> {
  const files = ctx.files.filter((f) => f.analysis.format === NBU);
  if (files.length < 2 || !files.some((f) => f.analysis.findings.some((x) => x.rule === TIMEOUT_RULE))) return;
  const sockets: ForwardSocket[] = [];
  const perFile = new Map<CorrelatedFile, PerFile>();
  for (const file of files) {
    if (!readsSocketLines(file.analysis)) continue;
    perFile.set(file, await collect(ctx, file, sockets));
  }
  for (const s of sockets) {
    for (const [mediaFile, data] of perFile) {
      if (mediaFile === s.file) continue;
      const same = data.handovers.filter((h) => (s.hash ? h.hash === s.hash : h.port === s.port));
      if (!same.length) continue;
      const first = same.reduce((a, b) => ((b.time ?? Infinity) < (a.time ?? Infinity) ? b : a));
      const handedAt = first.time;
      if (s.created !== undefined && handedAt !== undefined) {
        const lead = handedAt - s.created;
        if (lead < -HANDOVER_TOLERANCE_MS || lead > HANDOVER_MAX_LEAD_MS) {
          if (s.hash) {
            const skew = -lead;
            // ahead: back by at least the skew; far behind: forward to just under the hand-over
            const seconds = lead < 0 ? -Math.ceil(skew / 1000) : Math.ceil(lead / 1000) - 1;
            const suggestion = `${seconds < 0 ? '' : '+'}${seconds}s`;
            ctx.hint({
              path: s.file.analysis.path,
              reference: mediaFile.analysis.path,
              skewMs: skew,
              suggestedOffsetMs: seconds * 1000,
              message:
                `${s.file.tag} and ${mediaFile.tag} share the forwarding socket ${s.port ?? first.port} (same hash), but ${s.file.tag} created it ` +
                `${Math.abs(skew / 1000).toFixed(1)} s ${lead < 0 ? 'after' : 'before'} ${mediaFile.tag} received it: their clocks disagree; ` +
                `try a clock offset of ${suggestion} for ${s.file.tag}`,
            });
          }
          continue;
        }
      }
      const port = s.port ?? first.port;
      const threads = new Set(same.map((h) => h.thread));
      for (const [child, parent] of data.parentOf) if (threads.has(parent)) threads.add(child);
      const media = data.media.filter((m) => threads.has(m.thread) && (handedAt === undefined || m.time === undefined || (m.time >= handedAt - 60_000 && m.time <= handedAt + JOB_WINDOW_MS)));
      const timeoutAt = clock(s.file, s.timeoutTime);
      for (const m of media) {
        const status25 = m.finding.rule === 'nbu/status-25';
        ctx.relate(m.file, m.finding, s.file, s.timeout.span, `the client's vnetd closed this job's forwarding socket (ipc ${port}) at ${timeoutAt}, before bpcd could use it`, 'nbu-forward-socket', TIMEOUT_RULE);
        if (status25) appendOnce(m.finding, `; on the client, vnetd had already closed the job's forwarding socket ${port} at ${timeoutAt} (${where(s.file, s.timeout.span.line)})`);
      }
      ctx.relate(s.file, s.timeout, mediaFile, { line: first.line, start: first.start, end: first.end }, `the media server's bpbrm received this socket (ipc ${port}, same hash) at ${clock(mediaFile, handedAt)}`, 'nbu-forward-socket');
      const failures = media.filter((m) => m.finding.rule === 'nbu/status-25').slice(0, 5);
      for (const m of failures) ctx.relate(s.file, s.timeout, m.file, m.finding.span, `status 25 on the media server for this job at ${clock(m.file, m.time)}`, 'nbu-forward-socket', m.finding.rule);
      appendOnce(
        s.timeout,
        `; the media server (${mediaFile.tag}) had received this socket (ipc ${port}) at ${clock(mediaFile, handedAt)}` + (failures.length ? ` and failed the job with status 25 at ${clock(failures[0].file, failures[0].time)}` : ''),
      );
    }
    relateClientAttempts(ctx, s, perFile);
  }
}

/** bpcd (client) findings on a thread that tried the socket's port after vnetd had closed it. */
function relateClientAttempts(ctx: CorrelationContext, s: ForwardSocket, perFile: Map<CorrelatedFile, PerFile>): void {
  if (!s.port) return;
  for (const data of perFile.values()) {
    for (const c of data.client) {
      if (c.port !== s.port || c.finding === s.timeout) continue;
      if (s.timeoutTime !== undefined && c.time !== undefined && (c.time < s.timeoutTime - HANDOVER_TOLERANCE_MS || c.time > s.timeoutTime + JOB_WINDOW_MS)) continue;
      const closedAt = clock(s.file, s.timeoutTime);
      ctx.relate(c.file, c.finding, s.file, s.timeout.span, `vnetd had closed forwarding socket ${s.port} at ${closedAt}: nothing listened there any more`, 'nbu-forward-socket', TIMEOUT_RULE);
      if (c.finding.rule === 'nbu/status-25') appendOnce(c.finding, `; vnetd had closed forwarding socket ${s.port} at ${closedAt} (${where(s.file, s.timeout.span.line)})`);
      ctx.relate(s.file, s.timeout, c.file, c.finding.span, `bpcd later tried this socket (port ${s.port}) and failed at ${clock(c.file, c.time)}`, 'nbu-forward-socket', c.finding.rule);
    }
  }
}

const appended = new WeakSet<Finding>();

/** Adds a clause to a finding's message once, whatever how many relations point the same way. */
function appendOnce(finding: Finding, clause: string): void {
  if (appended.has(finding)) return;
  appended.add(finding);
  finding.message += clause;
}
