import type { CorrelationResult, FileOutcome } from '../../engine';
import type { BufferedOutput } from '../../engine/io/bufferedOutput';
import type { ResultWriter, Tally } from './writer';
import { bundleJson, correlationJson, crossFileFindings, findingJson } from './writer';

/**
 * `{"files":[{"path","format","findings":[...]}], "correlations":[...], "bundles":[...], "summary":{...}}`, written
 * finding by finding as files are done: never one string for the run, whatever its size.
 */
export class JsonWriter implements ResultWriter {
  private first = true;
  constructor(private readonly out: BufferedOutput) {}

  async file({ analysis, unreadable }: FileOutcome): Promise<void> {
    const path = analysis?.path ?? unreadable!.path;
    const head = { path, format: analysis?.format ?? null, ...(unreadable ? { error: unreadable.reason } : {}), ...(unreadable?.skipped ? { skipped: true } : {}) };
    let text = `${this.first ? '{\n  "files": [\n' : ',\n'}    ${JSON.stringify(head).slice(0, -1)},"findings":[`;
    this.first = false;
    const findings = analysis?.findings ?? [];
    for (let i = 0; i < findings.length; i++) {
      text += `${i ? ',' : ''}\n      ${JSON.stringify(findingJson(findings[i]))}`;
      if (text.length >= 64 * 1024) {
        await this.out.write(text);
        text = '';
      }
    }
    await this.out.write(text + (findings.length ? '\n    ]}' : ']}'));
  }

  async correlated(result: CorrelationResult): Promise<void> {
    if (this.first) await this.out.write('{\n  "files": [');
    this.first = false;
    const items = crossFileFindings(result).map(({ path, finding }) => `\n    ${JSON.stringify(correlationJson(path, finding))}`);
    await this.out.write(`\n  ],\n  "correlations": [${items.join(',')}${items.length ? '\n  ' : ''}]`);
  }

  end(tally: Tally): void | Promise<void> {
    const bundles = tally.bundles.map((b) => `\n    ${JSON.stringify(bundleJson(b))}`);
    return this.out.write(`,\n  "bundles": [${bundles.join(',')}${bundles.length ? '\n  ' : ''}],\n  "summary": ${JSON.stringify(tally)}\n}\n`);
  }
}
