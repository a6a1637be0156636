import type { CorrelationResult, FileOutcome, Severity } from '../../engine';
import { plainText, SEVERITIES } from '../../engine';
import type { BufferedOutput } from '../../engine/io/bufferedOutput';
import type { ResultWriter, Tally } from './writer';
import { crossFileFindings } from './writer';

const PLURAL: Record<Severity, string> = { error: 'errors', warning: 'warnings', information: 'information', hint: 'hints' };

/** `path:line: severity rule message` per finding (log text made plain: no terminal escapes), a line per file, a summary. */
export class TextWriter implements ResultWriter {
  constructor(
    private readonly out: BufferedOutput,
    private readonly quiet: boolean,
  ) {}

  file({ analysis: a }: FileOutcome): void | Promise<void> {
    if (!a) return;
    const lines = a.findings.map((f) => plainText(`${a.path}:${f.span.line + 1}: ${f.severity} ${f.rule} ${f.message}`));
    if (!this.quiet) lines.push(plainText(`${a.path}: ${a.format ?? 'unrecognised format'}, ${a.lines} lines, ${a.findings.length} findings`));
    if (lines.length) return this.out.write(lines.join('\n') + '\n');
  }

  async correlated(result: CorrelationResult): Promise<void> {
    const items = crossFileFindings(result);
    if (!items.length) return;
    await this.out.write('across files:\n');
    for (const { path, finding: f } of items) {
      const lines = [plainText(`${path}:${f.span.line + 1}: ${f.severity} ${f.rule} ${f.message}`)];
      for (const r of f.related) if (r.path !== undefined) lines.push(plainText(`    see ${r.path}:${r.span.line + 1}: ${r.message}`));
      await this.out.write(lines.join('\n') + '\n');
    }
  }

  end(t: Tally): void | Promise<void> {
    if (this.quiet) return;
    const bySeverity = SEVERITIES.map((s) => `${t.bySeverity[s]} ${t.bySeverity[s] === 1 && s !== 'information' ? s : PLURAL[s]}`).join(', ');
    const files = t.files === 1 ? '1 file' : `${t.files} files`;
    const notes = [t.unreadable ? `${t.unreadable} unreadable` : '', t.skipped ? `${t.skipped} skipped` : ''].filter(Boolean).join(', ');
    return this.out.write(`${t.findings} finding${t.findings === 1 ? '' : 's'} in ${files} (${bySeverity})${notes ? `; ${notes}` : ''}\n`);
  }
}
