// The analyzer end to end: the built command line, `logtriage analyze --json <file>`, in a child
// process of its own (start-up, rule loading, reading, gunzip, matching and the JSON report all count).
import * as fs from 'fs';
import type { Run } from './measure';
import { runMeasured } from './measure';

export interface AnalyzerRun extends Run {
  format: string | null;
  /** 0-based lines, as the generator's manifest counts them. */
  findings: { rule: string; line: number }[];
  error?: string;
}

export function runAnalyzer(cli: string, file: string, outFile: string): AnalyzerRun {
  const run = runMeasured(process.execPath, [cli, 'analyze', '--json', file], outFile);
  if (run.status !== 0) return { ...run, format: null, findings: [], error: run.stderr.trim().split('\n')[0] || `exit ${run.status}` };
  const doc = JSON.parse(fs.readFileSync(outFile, 'utf8')) as { files: { format: string | null; error?: string; findings: { rule: string; line: number }[] }[] };
  const f = doc.files[0];
  return { ...run, format: f?.format ?? null, error: f?.error, findings: (f?.findings ?? []).map((x) => ({ rule: x.rule, line: x.line - 1 })) };
}
