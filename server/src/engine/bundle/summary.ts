// The bundle as one case: for each folder or archive analyzed, which layout it is, the product
// and version, the hosts, the time range its logs cover, and what was analyzed or skipped.
import * as fs from 'fs';
import type { FileAnalysis } from '../analyze';
import { isPartialTime, logClockTime } from '../formats/syslogPrefix';
import type { LogSource } from '../io/archive/walk';
import { splitMemberPath, withoutTrailingSlashes } from '../io/archive/memberPath';
import type { UnreadableFile } from '../report';
import type { Identity } from './layouts';
import { IDENTITY_HEAD_BYTES, isIdentityFile, LAYOUTS, readIdentity } from './layouts';

export interface BundleSummary {
  /** The archive or folder. */
  path: string;
  /** Recognised layouts (usually one). */
  layouts: string[];
  product?: string;
  version?: string;
  hosts: string[];
  firstTime?: number;
  lastTime?: number;
  analysed: number;
  recognised: number;
  /** Skipped files by reason, most frequent first. */
  skipped: { reason: string; count: number }[];
}

/** A skip reason without its particulars (the link target, the error text), to count alike ones together. */
export function reasonKind(reason: string): string {
  const kinds: [RegExp, string][] = [
    [/^binary file/, 'binary file'],
    [/^symbolic link/, 'symbolic link, not followed'],
    [/^hard link/, 'hard link, not followed'],
    [/^encrypted/, 'encrypted member'],
    [/^unsafe member name/, 'unsafe member name (absolute or with ..)'],
    [/^not a regular file/, 'not a regular file'],
    [/corrupt|truncated/, 'corrupt or truncated'],
    [/bundle cap/, 'bundle decompression cap reached'],
    [/^compression method/, 'unsupported zip compression method'],
    [/^permission denied/, 'permission denied'],
  ];
  return kinds.find(([re]) => re.test(reason))?.[1] ?? reason.split(' (')[0];
}

/** What the summary needs of an analysed file (its findings are not kept). */
type FileFacts = Pick<FileAnalysis, 'path' | 'format' | 'firstTime' | 'lastTime'>;

class Bundle {
  readonly layouts = new Set<string>();
  readonly hosts = new Set<string>();
  identity: Identity = {};
  readonly files: FileFacts[] = [];
  readonly skipped = new Map<string, number>();
  constructor(readonly path: string) {}
}

export class BundleObserver {
  private readonly bundles = new Map<string, Bundle>();
  private readonly heads = new Map<string, string>();

  constructor(private readonly inputs: string[]) {}

  /** The bundle a path belongs to: its outermost archive, else the input folder that holds it. */
  private bundleOf(path: string): { bundle: Bundle; inside: string } | undefined {
    const archive = splitMemberPath(path)?.archive;
    const root = archive ?? this.inputs.filter((i) => path.startsWith(withoutTrailingSlashes(i) + '/')).sort((a, b) => b.length - a.length)[0];
    if (root === undefined) return undefined; // a log named on its own is no bundle
    let bundle = this.bundles.get(root);
    if (!bundle) this.bundles.set(root, (bundle = new Bundle(root)));
    return { bundle, inside: path.slice(root.length).replace(/^!?\/+/, '') };
  }

  /** A member's source, with the head of an identity file kept aside as it streams past. */
  watch(path: string, source: LogSource): LogSource {
    if (!isIdentityFile(path)) return source;
    const heads = this.heads;
    async function* tee(): AsyncGenerator<Buffer> {
      let head = '';
      for await (const chunk of source.chunks) {
        if (head.length < IDENTITY_HEAD_BYTES) heads.set(path, (head += chunk.subarray(0, IDENTITY_HEAD_BYTES).toString('utf8')));
        yield chunk;
      }
    }
    return { chunks: tee(), compressed: source.compressed };
  }

  add(outcome: { analysis?: FileAnalysis; unreadable?: UnreadableFile }): void {
    const path = outcome.analysis?.path ?? outcome.unreadable!.path;
    const of = this.bundleOf(path);
    if (!of) return;
    const { bundle, inside } = of;
    for (const layout of LAYOUTS) {
      if (!layout.path.test(inside)) continue;
      bundle.layouts.add(layout.name);
      const host = layout.hostInPath?.exec(inside)?.[1];
      if (host) bundle.hosts.add(host);
    }
    const a = outcome.analysis;
    if (a) bundle.files.push({ path: a.path, format: a.format, firstTime: a.firstTime, lastTime: a.lastTime });
    if (outcome.unreadable) {
      const kind = reasonKind(outcome.unreadable.reason);
      bundle.skipped.set(kind, (bundle.skipped.get(kind) ?? 0) + 1);
    }
  }

  private async head(path: string): Promise<string | undefined> {
    if (this.heads.has(path)) return this.heads.get(path);
    if (splitMemberPath(path)) return undefined;
    try {
      const fd = await fs.promises.open(path, 'r');
      try {
        const buffer = Buffer.alloc(IDENTITY_HEAD_BYTES);
        const { bytesRead } = await fd.read(buffer, 0, IDENTITY_HEAD_BYTES, 0);
        return buffer.subarray(0, bytesRead).toString('utf8');
      } finally {
        await fd.close();
      }
    } catch {
      return undefined;
    }
  }

  async summaries(): Promise<BundleSummary[]> {
    const out: BundleSummary[] = [];
    for (const bundle of this.bundles.values()) {
      const identity: Identity = {};
      for (const f of bundle.files) {
        if (!isIdentityFile(f.path)) continue;
        const head = await this.head(f.path);
        if (head === undefined) continue;
        const found = readIdentity(f.path, head);
        if (found.host) bundle.hosts.add(found.host);
        identity.product ??= found.product;
        identity.version ??= found.product && found.version ? found.version : undefined;
      }
      const full = bundle.files.flatMap((f) => [f.firstTime, f.lastTime]).filter((t): t is number => t !== undefined);
      const times = full.some((t) => !isPartialTime(t)) ? full.filter((t) => !isPartialTime(t)) : full;
      out.push({
        path: bundle.path,
        layouts: [...bundle.layouts],
        product: identity.product,
        version: identity.version,
        hosts: [...bundle.hosts].sort(),
        firstTime: times.length ? Math.min(...times) : undefined,
        lastTime: times.length ? Math.max(...times) : undefined,
        analysed: bundle.files.length,
        recognised: bundle.files.filter((f) => f.format).length,
        skipped: [...bundle.skipped].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
      });
    }
    return out;
  }
}

const time = logClockTime;

/** The summary as lines of plain text (command line; the caller escapes for its medium). */
export function bundleSummaryLines(b: BundleSummary): string[] {
  const lines = [`bundle ${b.path}: ${b.layouts.length ? b.layouts.join(', ') : 'no known bundle layout'}`];
  if (b.product) lines.push(`  product: ${b.product}${b.version ? ` ${b.version}` : ''}`);
  if (b.hosts.length) lines.push(`  hosts: ${b.hosts.join(', ')}`);
  lines.push(`  time range: ${time(b.firstTime)} to ${time(b.lastTime)} (each log's own clock)`);
  const skipped = b.skipped.reduce((n, s) => n + s.count, 0);
  lines.push(`  files: ${b.analysed} analyzed, ${b.recognised} recognised, ${skipped} skipped${skipped ? ` (${b.skipped.map((s) => `${s.count} ${s.reason}`).join('; ')})` : ''}`);
  return lines;
}
