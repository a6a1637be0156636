import type { CorrelationResult, FileOutcome, Severity } from '../../engine';
import { plainText, SEVERITIES } from '../../engine';
import { bundleSummaryLines } from '../../engine/bundle/summary';
import type { BufferedOutput } from '../../engine/io/bufferedOutput';
import { TextSpool } from '../../engine/io/textSpool';
import type { ResultWriter, Tally } from './writer';
import { crossFileFindings } from './writer';

const PLURAL: Record<Severity, string> = { error: 'errors', warning: 'warnings', information: 'information', hint: 'hints' };

/**
 * The bundle summaries (when a folder or archive was named), then `path:line: severity rule message`
 * per finding (log text made plain: no terminal escapes), a line per file, a summary. A summary is
 * known only at the end, so the lines under it are held back meanwhile (TextSpool: bounded memory).
 */
export class TextWriter implements ResultWriter {
  private readonly body: { write(text: string): void | Promise<void> };
  private readonly spool: TextSpool | undefined;

  constructor(
    private readonly out: BufferedOutput,
    private readonly quiet: boolean,
    bundleSummaryFirst = false,
  ) {
    this.spool = bundleSummaryFirst ? new TextSpool() : undefined;
    this.body = this.spool ?? out;
  }

  file({ analysis: a }: FileOutcome): void | Promise<void> {
    if (!a) return;
    const lines = a.findings.map((f) => plainText(`${a.path}:${f.span.line + 1}: ${f.severity} ${f.rule} ${f.message}`));
    if (!this.quiet) lines.push(plainText(`${a.path}: ${a.format ?? 'unrecognised format'}, ${counted(a.lines, 'line')}, ${counted(a.findings.length, 'finding')}`));
    if (lines.length) return this.body.write(lines.join('\n') + '\n');
  }

  async correlated(result: CorrelationResult): Promise<void> {
    const items = crossFileFindings(result);
    if (!items.length) return;
    await this.body.write('across files:\n');
    for (const { path, finding: f } of items) {
      const lines = [plainText(`${path}:${f.span.line + 1}: ${f.severity} ${f.rule} ${f.message}`)];
      for (const r of f.related) if (r.path !== undefined) lines.push(plainText(`    see ${r.path}:${r.span.line + 1}: ${r.message}`));
      await this.body.write(lines.join('\n') + '\n');
    }
  }

  async end(t: Tally): Promise<void> {
    if (this.spool) {
      const summary = t.bundles.flatMap(bundleSummaryLines).map(plainText);
      if (summary.length) await this.out.write(summary.join('\n') + '\n');
      await this.spool.replay(this.out);
    }
    if (this.quiet) return;
    const bySeverity = SEVERITIES.map((s) => `${t.bySeverity[s]} ${t.bySeverity[s] === 1 && s !== 'information' ? s : PLURAL[s]}`).join(', ');
    const files = t.files === 1 ? '1 file' : `${t.files} files`;
    const notes = [t.unreadable ? `${t.unreadable} unreadable` : '', t.skipped ? `${t.skipped} skipped` : ''].filter(Boolean).join(', ');
    await this.out.write(`${t.findings} finding${t.findings === 1 ? '' : 's'} in ${files} (${bySeverity})${notes ? `; ${notes}` : ''}\n`);
  }

  async dispose(): Promise<void> {
    await this.spool?.dispose();
  }
}

/** `1 line`, `2 lines`. */
function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
