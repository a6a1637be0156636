// XenServer scheduled snapshots (Citrix CTX224169): VMSSlog only says VMSS_SNAPSHOT_FAILED; the
// reason is in SMlog (the storage backend's exception) and xensource.log (xapi's failed task),
// written while the VMSS run was working. A run is the plugin process's lines ("VMSS: [pid]"): from
// its first line to the failure. Errors of the other two logs inside that window become related
// evidence of the failure, and findings there point back.
import type { FileAnalysis } from '../analyze';
import { builtInRuleSet } from '../analyze';
import { BoundedMap } from '../rules/correlators/correlator';
import type { Finding } from '../types';
import { isoTime } from '../timeline/duration';
import type { ScanNeed } from './scan';
import type { CorrelatedFile, CorrelationContext } from './types';
import { where } from './types';

export const FAILED_RULE = 'vmss/snapshot-failed';
export const EVIDENCE_FORMATS = new Set(['xenserver-smlog', 'xenserver-xensource-log', 'xenserver-daemon-log', 'xenserver-kern-log']);
/** A pid silent for longer than this starts a new run when it logs again (pids are reused). */
const RUN_BREAK_MS = 30 * 60_000;
/** Without a run start, look back this far from the failure. */
const DEFAULT_LOOKBACK_MS = 15 * 60_000;
/** Slack around the window: the logs are written by different processes. */
const SLACK_MS = 5000;
/** Errors kept per evidence file and failure: the last ones before the failure. */
const PER_FILE = 3;

interface RunWindow {
  file: CorrelatedFile;
  finding: Finding;
  pid: string;
  start: number;
  end: number;
}

interface Evidence {
  file: CorrelatedFile;
  line: number;
  length: number;
  time: number;
  text: string;
  findings: Finding[];
}

const ERROR_HINT = /EXCEPTION|E X C E P T I O N|Raising exception|\[error\||\berror\b/;
/** Text every line ERROR_HINT accepts holds. */
const ERROR_HINT_LITERALS = ['EXCEPTION', 'E X C E P T I O N', 'exception', 'error'];

function excerpt(text: string, max = 110): string {
  const t = text.trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}

async function runWindows(ctx: CorrelationContext, file: CorrelatedFile): Promise<RunWindow[]> {
  const failures = new Map<number, Finding[]>();
  for (const f of file.analysis.findings) if (f.rule === FAILED_RULE) failures.set(f.span.line, [...(failures.get(f.span.line) ?? []), f]);
  const runs = new BoundedMap<string, { start: number; last: number }>();
  const windows: RunWindow[] = [];
  await ctx.scan(file, 'vmss-runs', ({ line, thread: pid, time }) => {
    if (pid === undefined || time === undefined) return;
    const run = runs.get(pid);
    if (!run || time - run.last > RUN_BREAK_MS) runs.set(pid, { start: time, last: time });
    else run.last = time;
    for (const finding of failures.get(line) ?? []) {
      const start = runs.get(pid)!.start;
      windows.push({ file, finding, pid, start: Math.min(start, time - (start === time ? DEFAULT_LOOKBACK_MS : 0)), end: time });
    }
  });
  return windows;
}

function findingsByLine(findings: readonly Finding[]): Map<number, Finding[]> {
  const byLine = new Map<number, Finding[]>();
  for (const f of findings) byLine.set(f.span.line, [...(byLine.get(f.span.line) ?? []), f]);
  return byLine;
}

/**
 * A run's lines, for their pid and time (a run starts at its pid's first line): the lines of the
 * processes whose runs failed, as no other pid's run is asked for. A failure whose line has no pid
 * (the family parses none there) has no run to read.
 */
export function runLinesNeed(analysis: FileAnalysis): ScanNeed {
  const failures = analysis.findings.filter((f) => f.rule === FAILED_RULE);
  const pids = [...new Set(failures.flatMap((f) => (f.thread === undefined ? [] : [f.thread])))];
  const lines = new Set(failures.map((f) => f.span.line));
  return { keepsText: false, wants: (text, line) => lines.has(line) || pids.some((pid) => text.includes(pid)), only: { lines, literals: pids } };
}

/** Whether this file's runs are read: it reports a failed VMSS run and is not evidence itself. */
export function readsRunLines(analysis: FileAnalysis): boolean {
  return analysis.findings.some((x) => x.rule === FAILED_RULE) && !EVIDENCE_FORMATS.has(analysis.format ?? '');
}

/** Whether a file of this family may have its runs read: the failure rule applies to it (readsRunLines then decides by its findings). */
export function runLinesMayBeRead(format: string | null): boolean {
  const families = builtInRuleSet().byId.get(FAILED_RULE)?.families ?? ['*'];
  return !EVIDENCE_FORMATS.has(format ?? '') && (families.includes('*') || families.includes(format ?? ''));
}

/** An evidence file's lines that may be errors of a run: its findings' lines and lines that say error. */
export function evidenceLinesNeed(analysis: FileAnalysis): ScanNeed {
  const byLine = findingsByLine(analysis.findings);
  return { keepsText: true, wants: (text, line) => byLine.has(line) || ERROR_HINT.test(text), only: { lines: new Set(byLine.keys()), literals: ERROR_HINT_LITERALS } };
}

async function errorsIn(ctx: CorrelationContext, file: CorrelatedFile, windows: RunWindow[]): Promise<Evidence[]> {
  const byLine = findingsByLine(file.analysis.findings);
  const inside = (t: number) => windows.some((w) => t >= w.start - SLACK_MS && t <= w.end + SLACK_MS);
  const found: Evidence[] = [];
  await ctx.scan(file, 'vmss-evidence', ({ line, text, level, messageStart, time }) => {
    if (time === undefined || !inside(time)) return;
    const findings = byLine.get(line) ?? [];
    if (level !== 'error' && findings.length === 0) return;
    found.push({ file, line, length: text.length, time, text: messageStart !== undefined ? text.slice(messageStart) : text, findings });
  });
  return found;
}

/** Relates each VMSS_SNAPSHOT_FAILED to the SMlog and xensource.log errors of its run. */
export async function correlateVmss(ctx: CorrelationContext): Promise<void> {
  const sources = ctx.files.filter((f) => readsRunLines(f.analysis));
  const targets = ctx.files.filter((f) => EVIDENCE_FORMATS.has(f.analysis.format ?? ''));
  if (!sources.length || !targets.length) return;
  const windows: RunWindow[] = [];
  for (const file of sources) windows.push(...(await runWindows(ctx, file)));
  if (!windows.length) return;
  const evidence: Evidence[] = [];
  for (const file of targets) evidence.push(...(await errorsIn(ctx, file, windows)));
  for (const w of windows) {
    const mine = evidence.filter((e) => e.time >= w.start - SLACK_MS && e.time <= w.end + SLACK_MS);
    const counts = new Map<CorrelatedFile, number>();
    for (const target of targets) {
      const kept = mine.filter((e) => e.file === target).slice(-PER_FILE);
      for (const e of kept) {
        ctx.relate(w.file, w.finding, e.file, { line: e.line, start: 0, end: e.length }, `${e.file.tag} at ${isoTime(e.time - e.file.offsetMs).slice(11)}, during this VMSS run: ${excerpt(e.text)}`, 'vmss-run-errors', e.findings[0]?.rule);
        for (const f of e.findings) ctx.relate(e.file, f, w.file, w.finding.span, `VMSS_SNAPSHOT_FAILED of the run [${w.pid}] that was working at this time (${where(w.file, w.finding.span.line)})`, 'vmss-run-errors', FAILED_RULE);
      }
      if (kept.length) counts.set(target, mine.filter((e) => e.file === target).length);
    }
    if (counts.size) {
      const parts = [...counts].map(([f, n]) => `${n} error${n === 1 ? '' : 's'} in ${f.tag}`);
      w.finding.message += `; during this run (VMSS [${w.pid}], from ${isoTime(w.start - w.file.offsetMs).slice(11)}) ${parts.join(' and ')}: see the related lines`;
    }
  }
}
