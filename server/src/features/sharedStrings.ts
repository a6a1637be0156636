// The findings of a document kept while it is open share their equal strings. A rule's findings
// carry the same fix, often the same message and decoded values, each built anew (a template filled
// per occurrence): a log where every line is a finding would keep a copy of them per finding.

/** Gives one string for equal strings: the first one seen (flattened, as a Map key is). */
class StringPool {
  private readonly pool = new Map<string, string>();

  share(s: string): string {
    const known = this.pool.get(s);
    if (known !== undefined) return known;
    this.pool.set(s, s);
    return s;
  }
}

/** What shareStrings reads and rewrites of a finding. */
interface FindingStrings {
  message: string;
  fix: string;
  href?: string;
  runbook?: string;
  thread?: string;
  related: { message: string }[];
  values?: Readonly<Record<string, string>>;
}

/** Makes the findings' equal strings one string each, in place; gives the findings. */
export function shareStrings<F extends FindingStrings>(findings: F[]): F[] {
  const pool = new StringPool();
  for (const f of findings) {
    f.message = pool.share(f.message);
    f.fix = pool.share(f.fix);
    if (f.href !== undefined) f.href = pool.share(f.href);
    if (f.runbook !== undefined) f.runbook = pool.share(f.runbook);
    if (f.thread !== undefined) f.thread = pool.share(f.thread);
    for (const r of f.related) r.message = pool.share(r.message);
    if (f.values) {
      const values: Record<string, string> = {};
      for (const key in f.values) values[key] = pool.share(f.values[key]);
      f.values = values;
    }
  }
  return findings;
}
