import type { CorrelationResult, FileOutcome } from '../../engine';
import type { BufferedOutput } from '../../engine/io/bufferedOutput';
import type { ResultWriter, Tally } from './writer';
import { bundleJson, correlationJson, crossFileFindings, findingJson } from './writer';

/**
 * One JSON object per line, each with a "type": a "finding" as soon as its file is done, a "file"
 * after its findings (or an "error"), a "correlation" per finding related across files, a "summary" last (with the "bundles" named).
 */
export class NdjsonWriter implements ResultWriter {
  constructor(private readonly out: BufferedOutput) {}

  async file({ analysis: a, unreadable: u }: FileOutcome): Promise<void> {
    if (u) return this.out.write(JSON.stringify({ type: 'error', path: u.path, error: u.reason, ...(u.skipped ? { skipped: true } : {}) }) + '\n');
    if (!a) return;
    for (const f of a.findings) await this.out.write(JSON.stringify({ type: 'finding', path: a.path, format: a.format, ...findingJson(f) }) + '\n');
    await this.out.write(JSON.stringify({ type: 'file', path: a.path, format: a.format, lines: a.lines, findings: a.findings.length }) + '\n');
  }

  async correlated(result: CorrelationResult): Promise<void> {
    for (const { path, finding } of crossFileFindings(result)) await this.out.write(JSON.stringify({ type: 'correlation', ...correlationJson(path, finding) }) + '\n');
  }

  end(tally: Tally): void | Promise<void> {
    return this.out.write(JSON.stringify({ type: 'summary', ...tally.toJSON(), bundles: tally.bundles.map(bundleJson) }) + '\n');
  }
}
