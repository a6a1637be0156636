// SARIF 2.1.0 (OASIS), as code-scanning services and the SARIF viewers read it. Results are written
// as files are done; the few findings cross-file correlation may extend wait for it.
import * as path from 'path';
import { pathToFileURL } from 'url';
import type * as Sarif from 'sarif';
import type { CorrelationResult, FileAnalysis, FileOutcome, Finding, LineSpan, RuleDefinition, Severity } from '../../engine';
import { correlationMayUse } from '../../engine';
import type { BufferedOutput } from '../../engine/io/bufferedOutput';
import type { ResultWriter, Tally } from './writer';
import { bundleJson } from './writer';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const BASE = 'SRCROOT';

/** A relative path stays relative to SRCROOT (the working folder); an absolute one is a file: URI. */
export function artifactLocation(file: string): Sarif.ArtifactLocation {
  if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: relativeUri(file), uriBaseId: BASE };
}

function relativeUri(file: string): string {
  return file.split(path.sep).map(encodeURIComponent).join('/');
}

const ARCHIVE_NAME = /\.(?:tar|tgz|tar\.gz|tbz2?|tar\.bz2|txz|tar\.xz|zip)$/i;

/** `bundle.tgz!/var/log/vmkernel.log` (nested: `a.tgz!/b.zip!/c`) → the archive and the members, outermost first. */
export function archiveParts(file: string): string[] | undefined {
  const parts = file.split('!/');
  if (parts.length < 2 || !parts.slice(0, -1).every((p) => ARCHIVE_NAME.test(p))) return undefined;
  return parts;
}

function region(span: LineSpan, endLine: number): Sarif.Region {
  // SARIF lines and columns are 1-based, endColumn exclusive; a multi-line finding ends with its last line
  if (endLine > span.line) return { startLine: span.line + 1, startColumn: span.start + 1, endLine: endLine + 1 };
  return { startLine: span.line + 1, startColumn: span.start + 1, endLine: span.line + 1, endColumn: Math.max(span.end, span.start + 1) + 1 };
}

export function sarifRule(def: RuleDefinition, source: string | undefined): Sarif.ReportingDescriptor {
  const url = def.sources.find((s) => s.url)?.url;
  return {
    id: def.id,
    name: def.title,
    shortDescription: { text: def.title },
    fullDescription: { text: def.explanation },
    help: { text: def.fix },
    ...(url ? { helpUri: url } : {}),
    defaultConfiguration: { level: LEVEL[def.severity] },
    properties: { families: def.families, ...(source ? { source } : {}) },
  };
}

export class SarifWriter implements ResultWriter {
  private first = true;
  private readonly ruleIndex: Map<string, number>;
  private readonly notifications: Sarif.Notification[] = [];
  /** Archives and their members, as SARIF nests them (parentIndex); a member's URI is relative to its archive. */
  private readonly artifacts: Sarif.Artifact[] = [];
  private readonly artifactIndex = new Map<string, number>();

  constructor(
    private readonly out: BufferedOutput,
    private readonly rules: readonly RuleDefinition[],
    private readonly sourceOf: ReadonlyMap<string, string>,
    private readonly version: string,
  ) {
    this.ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  }

  private head(): string {
    const driver: Sarif.ToolComponent = {
      name: 'logtriage',
      version: this.version,
      rules: this.rules.map((r) => sarifRule(r, this.sourceOf.get(r.id))),
    };
    const base = pathToFileURL(process.cwd() + path.sep).href;
    const run = JSON.stringify({ tool: { driver }, originalUriBaseIds: { [BASE]: { uri: base } } }, null, 2).replace(/\n/g, '\n    ');
    return `{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n  "version": "2.1.0",\n  "runs": [\n    ${run.slice(0, run.lastIndexOf('\n'))},\n      "results": [`;
  }

  /** Where a file is: a plain path as artifactLocation() says; an archive member as a nested artifact. */
  private location(file: string): Sarif.ArtifactLocation {
    const parts = archiveParts(file);
    if (!parts) return artifactLocation(file);
    let index = -1;
    for (let i = 0; i < parts.length; i++) {
      const key = parts.slice(0, i + 1).join('!/');
      let at = this.artifactIndex.get(key);
      if (at === undefined) {
        at = this.artifacts.length;
        this.artifacts.push(i === 0 ? { location: artifactLocation(parts[0]) } : { location: { uri: relativeUri(parts[i]) }, parentIndex: index });
        this.artifactIndex.set(key, at);
      }
      index = at;
    }
    return { uri: relativeUri(parts[parts.length - 1]), index };
  }

  private result(file: string, f: Finding): Sarif.Result {
    return {
      ruleId: f.rule,
      ...(this.ruleIndex.has(f.rule) ? { ruleIndex: this.ruleIndex.get(f.rule) } : {}),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: this.location(file), region: region(f.span, f.endLine) } }],
      ...(f.related.length
        ? {
            relatedLocations: f.related.map((r, i) => ({
              id: i + 1,
              message: { text: r.message },
              physicalLocation: { artifactLocation: this.location(r.path ?? file), region: region(r.span, r.span.line) },
            })),
          }
        : {}),
    };
  }

  private async results(file: string, findings: readonly Finding[]): Promise<void> {
    for (const f of findings) {
      await this.out.write(`${this.first ? this.head() : ','}\n        ${JSON.stringify(this.result(file, f))}`);
      this.first = false;
    }
  }

  file({ analysis: a, unreadable: u }: FileOutcome): Promise<void> | void {
    if (u) {
      this.notifications.push({ level: u.skipped ? 'note' : 'error', message: { text: `${u.path}: ${u.reason}` }, locations: [{ physicalLocation: { artifactLocation: this.location(u.path) } }] });
      return;
    }
    // the findings correlation may extend are written after it, with their evidence in other files
    if (a)
      return this.results(
        a.path,
        a.findings.filter((f) => !correlationMayUse(a.format, f)),
      );
  }

  async correlated(_result: CorrelationResult, kept: readonly FileAnalysis[]): Promise<void> {
    for (const a of kept) await this.results(a.path, a.findings);
  }

  async end(tally: Tally): Promise<void> {
    if (this.first) await this.out.write(this.head());
    const invocation: Sarif.Invocation = { executionSuccessful: tally.unreadable === 0, toolExecutionNotifications: this.notifications };
    const artifacts = this.artifacts.length ? `,\n      "artifacts": ${JSON.stringify(this.artifacts)}` : '';
    // the bundle summaries (layout, product, hosts, time range, counts) belong to the run as a whole
    const properties = tally.bundles.length ? `,\n      "properties": ${JSON.stringify({ bundles: tally.bundles.map(bundleJson) })}` : '';
    await this.out.write(`\n      ]${artifacts},\n      "invocations": [${JSON.stringify(invocation)}]${properties}\n    }\n  ]\n}\n`);
  }
}
