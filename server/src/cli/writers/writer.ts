// What every output format of `logtriage analyze` is told, in order: each file as soon as it (and
// every file listed before it) is done, then the cross-file correlation, then the end of the run.
import type { CorrelationResult, FileAnalysis, FileOutcome, Finding, Severity } from '../../engine';
import { SEVERITIES } from '../../engine';
import type { BundleSummary } from '../../engine/bundle/summary';
import { isPartialTime } from '../../engine/formats/syslogPrefix';

export interface ResultWriter {
  file(outcome: FileOutcome): void | Promise<void>;
  /** `kept` are the files' findings correlation may have changed (related lines, longer message). */
  correlated(result: CorrelationResult, kept: readonly FileAnalysis[]): void | Promise<void>;
  end(tally: Tally): void | Promise<void>;
  /** Frees what the writer holds (a spool of held-back text), also when the run failed. */
  dispose?(): Promise<void>;
}

/** Counts of a run, kept as results pass (the findings themselves are not kept). */
export class Tally {
  files = 0;
  unreadable = 0;
  skipped = 0;
  findings = 0;
  /** One per folder or archive named, known once every file is done. */
  bundles: BundleSummary[] = [];
  readonly bySeverity: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };

  add(outcome: FileOutcome): void {
    this.files++;
    if (outcome.unreadable?.skipped) this.skipped++;
    else if (outcome.unreadable) this.unreadable++;
    for (const f of outcome.analysis?.findings ?? []) {
      this.findings++;
      this.bySeverity[f.severity]++;
    }
  }

  /** True when a finding of `severity` or worse was reported. */
  reached(severity: Severity): boolean {
    return SEVERITIES.slice(0, SEVERITIES.indexOf(severity) + 1).some((s) => this.bySeverity[s] > 0);
  }

  toJSON() {
    return { files: this.files, findings: this.findings, bySeverity: this.bySeverity, unreadable: this.unreadable, skipped: this.skipped };
  }
}

/** A time of a bundle summary as ISO 8601; a time read without its year keeps only month to seconds. */
function bundleTime(ms: number | undefined): string | null {
  if (ms === undefined) return null;
  const iso = new Date(ms).toISOString();
  return isPartialTime(ms) ? `--${iso.slice(5, 19)}` : iso;
}

/** A bundle summary in the JSON contract (json, ndjson, SARIF run properties). */
export function bundleJson(b: BundleSummary) {
  return {
    path: b.path,
    layouts: b.layouts,
    product: b.product ?? null,
    version: b.version ?? null,
    hosts: b.hosts,
    firstTime: bundleTime(b.firstTime),
    lastTime: bundleTime(b.lastTime),
    analysed: b.analysed,
    recognised: b.recognised,
    skipped: b.skipped,
  };
}

/** Findings of the correlated files that gained evidence in another file, with their file. */
export function crossFileFindings(result: CorrelationResult): { path: string; finding: Finding }[] {
  return result.changed.flatMap((a) => a.findings.filter((f) => f.related.some((r) => r.path !== undefined)).map((finding) => ({ path: a.path, finding })));
}

/** The fields of the JSON contract for one finding (1-based lines). */
export function findingJson(f: Finding) {
  return { rule: f.rule, severity: f.severity, line: f.span.line + 1, endLine: f.endLine + 1, count: f.count, lastLine: f.lastLine + 1, message: f.message, fix: f.fix };
}

/** A correlated finding with its evidence in other files (json and ndjson). */
export function correlationJson(path: string, f: Finding) {
  return {
    path,
    rule: f.rule,
    line: f.span.line + 1,
    message: f.message,
    related: f.related.filter((r) => r.path !== undefined).map((r) => ({ path: r.path, line: r.span.line + 1, message: r.message })),
  };
}
