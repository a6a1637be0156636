#!/usr/bin/env node
// `logtriage analyze|decode`: the engine on the command line (contract in shared/DESIGN.md).
import * as path from 'path';
import type { Finding, Severity } from './engine';
import { analyzePaths, archiveKindOf, builtInRuleSet, bundleSummaryLines, decodeText, plainText, SEVERITIES, triageReport } from './engine';
import { runTimelineCommand, TIMELINE_USAGE, TimelineUsageError } from './engine/timeline/command';

const USAGE = `usage: logtriage analyze <file-or-folder>... [--json]
       logtriage decode "<text>" [--json]
       logtriage report <file-or-folder>...
       ${TIMELINE_USAGE}`;

class UsageError extends Error {}

interface FileResult {
  path: string;
  format: string | null;
  findings: Finding[];
  lines?: number;
  error?: string;
  warnings?: string[];
}

const PLURAL: Record<Severity, string> = { error: 'errors', warning: 'warnings', information: 'information', hint: 'hints' };

function summary(results: FileResult[]): string {
  const counts = new Map<Severity, number>(SEVERITIES.map((s) => [s, 0]));
  let total = 0;
  for (const r of results) for (const f of r.findings) (counts.set(f.severity, counts.get(f.severity)! + 1), total++);
  const bySeverity = SEVERITIES.map((s) => `${counts.get(s)} ${counts.get(s) === 1 && s !== 'information' ? s : PLURAL[s]}`).join(', ');
  const files = results.length === 1 ? '1 file' : `${results.length} files`;
  const failed = results.filter((r) => r.error).length;
  return `${total} finding${total === 1 ? '' : 's'} in ${files} (${bySeverity})${failed ? `; ${failed} unreadable` : ''}`;
}

async function analyze(args: string[], json: boolean): Promise<number> {
  if (args.length === 0) throw new UsageError('analyze needs at least one file or folder');
  const results: FileResult[] = [];
  const { bundles } = await analyzePaths(args, {}, {
    onFile({ analysis: a, unreadable }) {
      if (a) results.push({ path: a.path, format: a.format, findings: a.findings, lines: a.lines, warnings: a.warnings });
      if (unreadable) results.push({ path: unreadable.path, format: null, findings: [], error: unreadable.reason });
    },
  });
  for (const r of results) {
    if (r.error) process.stderr.write(`logtriage: ${plainText(`${r.path}: ${r.error}`)}\n`); // a file name may hold terminal escapes
    for (const w of r.warnings ?? []) process.stderr.write(`logtriage: ${plainText(`${r.path}: ${w}`)}\n`);
  }
  if (json) {
    const doc = {
      ...(bundles.length ? { bundles } : {}),
      files: results.map((r) => ({
        path: r.path,
        format: r.format,
        ...(r.error ? { error: r.error } : {}),
        findings: r.findings.map((f) => ({
          rule: f.rule,
          severity: f.severity,
          line: f.span.line + 1,
          endLine: f.endLine + 1,
          message: f.message,
          fix: f.fix,
        })),
      })),
    };
    process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  } else {
    const out: string[] = bundles.flatMap(bundleSummaryLines).map(plainText);
    for (const r of results) {
      for (const f of r.findings) out.push(plainText(`${r.path}:${f.span.line + 1}: ${f.severity} ${f.rule} ${f.message}`));
    }
    for (const r of results) {
      if (!r.error) out.push(plainText(`${r.path}: ${r.format ?? 'unrecognised format'}, ${r.lines} lines, ${r.findings.length} findings`));
    }
    out.push(summary(results));
    process.stdout.write(out.join('\n') + '\n');
  }
  return results.some((r) => r.error) ? 1 : 0;
}

async function report(args: string[]): Promise<number> {
  if (args.length === 0) throw new UsageError('report needs at least one file or folder');
  const { files, unreadable, bundles } = await analyzePaths(args);
  const root = args.length === 1 && !files.some((f) => f.path === args[0]) && !(await archiveKindOf(args[0])) ? args[0] : path.dirname(args[0]);
  process.stdout.write(triageReport({ root, files, unreadable, bundles, rules: builtInRuleSet(), now: new Date() }) + '\n');
  for (const u of unreadable) process.stderr.write(`logtriage: ${plainText(`${u.path}: ${u.reason}`)}\n`);
  return unreadable.length ? 1 : 0;
}

function decode(args: string[], json: boolean): number {
  if (args.length !== 1) throw new UsageError('decode needs exactly one quoted text');
  const decodings = decodeText(args[0]);
  if (json) {
    const doc = decodings.map((d) => ({ kind: d.kind, text: d.text, summary: d.summary, details: d.details }));
    process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  } else if (decodings.length === 0) {
    process.stdout.write('no known codes found\n');
  } else {
    const out: string[] = [];
    for (const d of decodings) {
      out.push(`${d.text}  [${d.kind}]  ${d.summary}`);
      for (const line of d.details) out.push(`    ${line}`);
    }
    process.stdout.write(out.join('\n') + '\n');
  }
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const rest = argv.filter((a) => a !== '--json');
  const [command, ...args] = rest;
  try {
    if (command === '--help' || command === '-h') {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    if (command === 'timeline') return await runTimelineCommand(args, json, process.stdout, process.stderr); // takes its own options
    const unknown = args.find((a) => a.startsWith('--'));
    if (unknown) throw new UsageError(`unknown option ${unknown}`);
    if (command === 'analyze') return await analyze(args, json);
    if (command === 'decode') return decode(args, json);
    if (command === 'report') return await report(args);
    throw new UsageError(command ? `unknown command ${command}` : 'no command given');
  } catch (e) {
    if (e instanceof UsageError || e instanceof TimelineUsageError) {
      process.stderr.write(`logtriage: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`logtriage: ${(e as Error).message.split('\n')[0]}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
