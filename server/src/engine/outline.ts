import type { LogFormat } from './formats';
import type { ParseContext } from './formats';

/** An outline entry: a span of lines (0-based, inclusive) with a name, and children. */
export interface OutlineSymbol {
  name: string;
  detail: string;
  kind: 'session' | 'thread' | 'run' | 'policy' | 'vm' | 'device' | 'backtrace' | 'job' | 'phase';
  startLine: number;
  endLine: number;
  children: OutlineSymbol[];
}

export interface FoldRange {
  startLine: number;
  endLine: number;
  kind: 'continuation' | 'repeat' | 'group';
}

export interface Outline {
  symbols: OutlineSymbol[];
  folds: FoldRange[];
}

/** Fewer than this many identical messages in a row are not folded. */
const MIN_REPEAT = 3;
/** Outline entries per kind, so a log with a million threads cannot flood the editor. */
const MAX_GROUPS = 5000;

// What groups lines into an outline entry, per family: a key found in the record or its message.
interface Grouping {
  kind: OutlineSymbol['kind'];
  /** Lines without a key stay in the last group of this kind under the same parent (a VM's lines until the next VM). */
  sticky?: boolean;
  /** A sticky grouping's key for lines before any key was seen (an excerpt without its first line). */
  fallback?: string;
  key(record: { thread?: string; component?: string }, message: string): string | undefined;
  name(key: string): string;
}

const GROUPINGS: Record<string, Grouping[]> = {
  'vnx-server-log': [{ kind: 'session', key: (_r, m) => /\bSession (\d+) \(thread/.exec(m)?.[1] ?? /\bThread (ndmp\d+)\b/.exec(m)?.[1]?.replace('ndmp', ''), name: (k) => `NDMP session ${k}` }],
  'netbackup-legacy-log': [{ kind: 'thread', key: (r) => r.thread, name: (k) => `[${k}]` }],
  'xenserver-vmss-log': [
    { kind: 'run', key: (r) => r.thread, name: (k) => `VMSS run [${k}]` },
    { kind: 'policy', sticky: true, key: (_r, m) => /\bProcessing policy: ([0-9a-f-]{36})/.exec(m)?.[1], name: (k) => `policy ${k}` },
    { kind: 'vm', sticky: true, key: (_r, m) => /\bProcessing VM: ([0-9a-f-]{36})/.exec(m)?.[1], name: (k) => `VM ${k}` },
  ],
  // a job from "starting backup job (jobid=12)" on; inside it, phases from "begin writing" to the next "begin ..."
  'netbackup-job-details': [
    { kind: 'job', sticky: true, fallback: '?', key: (_r, m) => /\(jobid=(\d+)\b/.exec(m)?.[1], name: (k) => (k === '?' ? 'job (start not shown)' : `job ${k}`) },
    { kind: 'phase', sticky: true, key: (_r, m) => /^begin ([^;:,]+)/.exec(m)?.[1]?.trim(), name: (k) => k },
  ],
  'xenserver-smlog': [{ kind: 'thread', key: (r) => r.thread, name: (k) => `SM [${k}]` }],
  // a VM's log: the VMX threads (vmx, vcpu-N, mks, svga, workers)
  'esx-vmware-log': [{ kind: 'thread', key: (r) => r.thread, name: (k) => k }],
  // vobd: the devices the observations are about (PDL, APD, latency...)
  'esx-vobd-log': [{ kind: 'device', key: (_r, m) => /\b(?:naa|eui|t10|mpx)\.[\w:.-]*[\w:]/.exec(m)?.[0], name: (k) => k }],
  // vpxa: one vCenter long-running operation from BEGIN to FINISH or ERROR
  'esx-vpxa-log': [{ kind: 'run', key: (_r, m) => /\[VpxLRO\] -- (?:BEGIN|FINISH|ERROR) (lro-\d+)/.exec(m)?.[1], name: (k) => `LRO ${k}` }],
  'esx-syslog-log': [{ kind: 'thread', key: (r) => r.component, name: (k) => k }],
  // one tapdisk process serves one attached disk: its lines together
  'xenserver-daemon-log': [{ kind: 'thread', key: (r) => r.thread, name: (k) => `process [${k}]` }],
};

/**
 * The outline (NDMP sessions, NetBackup threads, VMSS runs with their policies and VMs, hostd
 * backtraces, a VM's threads, vobd's devices, vpxa's operations, syslog.log's programs) and folding
 * ranges (continuation blocks, runs of repeated messages) of a text.
 */
export function outline(text: string, format: LogFormat | undefined, context: ParseContext = {}): Outline {
  const folds: FoldRange[] = [];
  const groups = new Map<string, OutlineSymbol>();
  const order: OutlineSymbol[] = [];
  const groupings = (format && GROUPINGS[format.id]) ?? [];
  const lastKey = new Map<string, string>();
  let recordLine = -1; // line of the record the current continuation lines belong to
  let recordMessage = '';
  let lastContinuation = -1;
  let repeatStart = -1;
  let repeatMessage: string | undefined;
  let previousEnd = -1;
  const closeContinuation = () => {
    if (recordLine >= 0 && lastContinuation > recordLine) {
      folds.push({ startLine: recordLine, endLine: lastContinuation, kind: 'continuation' });
      if (/Backtrace:?\s*$/.test(recordMessage)) {
        order.push({ name: 'Backtrace', detail: `${lastContinuation - recordLine} frames`, kind: 'backtrace', startLine: recordLine, endLine: lastContinuation, children: [] });
      }
    }
  };
  const closeRepeat = (end: number) => {
    if (repeatMessage !== undefined && end - repeatStart + 1 >= MIN_REPEAT) folds.push({ startLine: repeatStart, endLine: end, kind: 'repeat' });
  };
  let line = 0;
  for (let start = 0; start <= text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let lineText = text.slice(start, end);
    if (lineText.endsWith('\r')) lineText = lineText.slice(0, -1);
    start = end + 1;
    if (!format) continue;
    const record = format.parse(lineText, context);
    if (!record) {
      if (lineText.trim() && recordLine >= 0) lastContinuation = line;
      if (end >= text.length) break;
      continue;
    }
    closeContinuation();
    recordLine = line;
    lastContinuation = line;
    const message = lineText.slice(record.messageRange[0], record.messageRange[1]);
    recordMessage = message;
    if (message === repeatMessage && previousEnd === line - 1) {
      // still repeating
    } else {
      closeRepeat(previousEnd);
      repeatStart = line;
      repeatMessage = message;
    }
    previousEnd = line;
    let parent: OutlineSymbol | undefined;
    for (const g of groupings) {
      const scope = `${g.kind}:${parent ? parent.name + '/' : ''}`;
      let key = g.key(record, message);
      if (key === undefined && g.sticky) key = lastKey.get(scope) ?? g.fallback;
      if (key === undefined) {
        if (g.sticky) break; // nothing open at this level: deeper levels cannot be either
        continue;
      }
      lastKey.set(scope, key);
      const id = scope + key;
      let symbol = groups.get(id);
      if (!symbol) {
        if (groups.size >= MAX_GROUPS) break;
        symbol = { name: g.name(key), detail: '', kind: g.kind, startLine: line, endLine: line, children: [] };
        groups.set(id, symbol);
        (parent ? parent.children : order).push(symbol);
      }
      symbol.endLine = line;
      if (parent && parent.endLine < line) parent.endLine = line;
      parent = symbol;
    }
    if (end >= text.length) break;
  }
  closeContinuation();
  closeRepeat(previousEnd);
  for (const s of groups.values()) {
    const lines = s.endLine - s.startLine + 1;
    s.detail = `lines ${s.startLine + 1}–${s.endLine + 1} (${lines})`;
    if (s.endLine > s.startLine) folds.push({ startLine: s.startLine, endLine: s.endLine, kind: 'group' });
  }
  order.sort((a, b) => a.startLine - b.startLine);
  return { symbols: order, folds: folds.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine) };
}
