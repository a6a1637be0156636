// What the fuzzing runs: each target is an entry point of the engine or the server fed hostile
// input, with the properties it must keep (no exception; ranges inside the line; the same findings
// however the text is cut into pieces; hovers and reports that stay inert markdown).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FileAnalysis, Finding, LogFormat, LogRecord } from '../../server/src/engine';
import { analyzeText, builtInRuleSet, decodeLine, detectFormat, FORMATS, LogScanner, triageReport } from '../../server/src/engine';
import { hoverAt } from '../../server/src/features/hover';
import type { InertOptions } from '../hostile/inertMarkdown';
import { assertInertMarkdown, HOVER_ALLOWANCES, knownSourceUrls } from '../hostile/inertMarkdown';
import { anyFile, anyLine, anyText, piecesOf } from './inputs';

export interface FuzzTarget<T = unknown> {
  name: string;
  arbitrary: fc.Arbitrary<T>;
  /** Throws (an assertion) when a property does not hold. */
  check(input: T): void;
  /** The same properties on one very long line (the fuzz script feeds 10 MB lines). */
  bigCheck?(line: string): void;
}

/** `big` turns one long line into the target's input (typed loosely: tuples from literals widen). */
function target<T>(name: string, arbitrary: fc.Arbitrary<T>, check: (input: T) => void, big?: (line: string) => unknown): FuzzTarget {
  return { name, arbitrary, check, ...(big ? { bigCheck: (line: string) => check(big(line) as T) } : {}) } as FuzzTarget;
}

function assertRange(line: string, range: [number, number] | undefined, what: string): void {
  if (!range) return;
  assert.ok(Number.isInteger(range[0]) && Number.isInteger(range[1]) && 0 <= range[0] && range[0] <= range[1] && range[1] <= line.length, `${what} ${JSON.stringify(range)} outside the line of ${line.length}`);
}

function assertRecord(line: string, r: LogRecord | undefined): void {
  if (!r) return;
  assert.ok(r.time === undefined || Number.isFinite(r.time), `time ${r.time}`);
  for (const k of ['timeRange', 'threadRange', 'levelRange', 'componentRange', 'messageRange'] as const) assertRange(line, r[k], k);
  assert.ok(r.level === undefined || ['error', 'warning', 'info', 'debug'].includes(r.level), `level ${r.level}`);
}

function assertFindings(findings: readonly Finding[], lines: number): void {
  for (const f of findings) {
    assert.ok(f.span.line >= 0 && f.span.line < Math.max(lines, 1), `finding ${f.rule} on line ${f.span.line} of ${lines}`);
    assert.ok(0 <= f.span.start && f.span.start <= f.span.end, `finding ${f.rule} span ${f.span.start}-${f.span.end}`);
    assert.ok(f.endLine >= f.span.line, `finding ${f.rule} ends before it starts`);
    assert.equal(typeof f.message, 'string');
    assert.doesNotMatch(f.message, /[\u0000-\u0008\u000b-\u001f\u202a-\u202e\u2066-\u2069]/, `finding ${f.rule}: control or bidi character in the message`);
  }
}

/** Every rule error or correlator failure shows up as a warning: on fuzzed input there must be none. */
function assertNoRuleFailed(a: FileAnalysis): void {
  const failures = a.warnings.filter((w) => /failed|could not parse/.test(w));
  assert.deepEqual(failures, [], 'a rule, correlator or parser threw');
}

const context = fc.record({ year: fc.option(fc.integer({ min: -300000, max: 300000 }), { nil: undefined }), day: fc.option(fc.integer(), { nil: undefined }) });

function formatTarget(format: LogFormat): FuzzTarget {
  return target(
    `parse:${format.id}`,
    fc.tuple(anyLine(), context, fc.string({ maxLength: 40 })),
    ([line, ctx, name]) => {
      format.recordStart.test(line);
      format.continuation?.test(line);
      for (const re of format.fileNames) re.test(name);
      format.contextFromName?.(name);
      assertRecord(line, format.parse(line, ctx));
      assertRecord(line, format.parse(line));
    },
    (line) => [line, {}, 'x.log'],
  );
}

function decodeTarget(format: LogFormat | undefined): FuzzTarget {
  return target(
    `decodeLine:${format?.id ?? 'guessed'}`,
    anyLine(),
    (line) => {
      const out = decodeLine(line, format, (kind, e) => assert.fail(`decoder ${kind} threw: ${(e as Error)?.stack ?? e}`));
      for (const d of out) {
        assert.ok(0 <= d.start && d.start < d.end && d.end <= line.length, `${d.kind} span ${d.start}-${d.end} in a line of ${line.length}`);
        assert.equal(d.text, line.slice(d.start, d.end), `${d.kind} text is not the span`);
        assert.equal(typeof d.summary, 'string');
        assert.ok(d.details.every((x) => typeof x === 'string'));
      }
    },
    (line) => line,
  );
}

const formatChoice = fc.constantFrom<string | null | undefined>(undefined, null, ...FORMATS.map((f) => f.id));

export function allTargets(): FuzzTarget[] {
  const rules = builtInRuleSet();
  return [
    ...FORMATS.map(formatTarget),
    target(
      'detectFormat',
      anyFile(),
      ({ name, text }) => {
        const d = detectFormat(name, text.slice(0, 64 * 1024));
        if (d) {
          assert.ok(FORMATS.includes(d.format));
          assert.ok(d.score >= 0 && d.score <= 1, `score ${d.score}`);
        }
      },
      (line) => ({ name: 'x.log', text: line }),
    ),
    ...[undefined, ...FORMATS].map(decodeTarget),
    target(
      'analyzeText',
      fc.tuple(anyFile(), formatChoice),
      ([{ name, text }, format]) => {
        const a = analyzeText(`/bundle/${name}`, text, { format });
        assertFindings(a.findings, a.lines);
        assertNoRuleFailed(a);
      },
      (line) => [{ name: 'vmkernel.log', text: `${line}\n${line.slice(0, 200)}\n` }, undefined],
    ),
    target(
      'LogScanner pieces',
      fc.tuple(anyFile(), fc.array(fc.nat(), { maxLength: 12 })),
      ([{ name, text }, cuts]) => {
        const whole = analyzeText(`/bundle/${name}`, text);
        const format = FORMATS.find((f) => f.id === whole.format);
        const scanner = new LogScanner(format, {}, `/bundle/${name}`);
        for (const piece of piecesOf(text, cuts)) scanner.push(piece);
        const pieces = scanner.end();
        assert.equal(pieces.lines, whole.lines, 'line count depends on where the text was cut');
        const key = (f: Finding) => `${f.rule}@${f.span.line}:${f.span.start}-${f.span.end} ${f.message}`;
        assert.deepEqual(pieces.findings.map(key), whole.findings.map(key), 'findings depend on where the text was cut');
        assert.deepEqual(
          scanner.warnings.filter((w) => /failed|could not parse/.test(w)),
          [],
          'a rule, correlator or parser threw',
        );
      },
      (line) => [{ name: 'x.log', text: `${line}\r\n${line}` }, [1 << 20, 3 << 20, 7 << 20, 12 << 20, 15 << 20]],
    ),
    target(
      'hoverAt',
      fc.tuple(anyText(8), fc.nat(), fc.nat(), formatChoice),
      ([text, lineSeed, charSeed, formatId]) => {
        const a = analyzeText('/bundle/x.log', text, { format: formatId });
        const docLines = text.split(/\r?\n|\r/);
        const lineNo = lineSeed % docLines.length;
        const line = docLines[lineNo];
        const format = FORMATS.find((f) => f.id === a.format);
        // a finding under the cursor when there is one, else anywhere on the line
        const onLine = a.findings.find((f) => f.span.line === lineNo);
        const character = onLine && charSeed % 2 ? onLine.span.start : charSeed % (line.length + 1);
        const hover = hoverAt(line, { line: lineNo, character }, format, a.findings, rules, (kind, e) => assert.fail(`decoder ${kind} threw: ${e}`));
        if (!hover) return;
        const value = (hover.contents as { value: string }).value;
        assertInertMarkdown(value, HOVER_ALLOWANCES, 'hover');
        assert.ok(hover.range!.start.character <= hover.range!.end.character);
      },
      (line) => [line, 0, 7, undefined],
    ),
    target(
      'triageReport',
      fc.array(fc.tuple(anyFile(), fc.string({ maxLength: 30 })), { minLength: 1, maxLength: 3 }),
      (files) => {
        const analyses = files.map(([{ name, text }], i) => analyzeText(`/bundle/d${i}/${name}`, text));
        const unreadable = files.map(([{ name }, reason], i) => ({ path: `/bundle/u${i}/${name}`, reason }));
        const md = triageReport({ root: '/bundle', files: analyses, unreadable, rules, now: new Date(0) });
        assertInertMarkdown(md, REPORT_ALLOWANCES, 'report');
      },
      (line) => [[{ name: 'server_log', text: line }, line.slice(0, 100)]],
    ),
  ];
}

/**
 * What the report itself links and quotes: file: links into the analysed folder, public sources;
 * log text in code spans and resolution commands in fences, which are inert. Read with bare
 * addresses linked, as a case tool or VS Code's preview would.
 */
export const REPORT_ALLOWANCES: InertOptions = {
  allowLink: (href: string) => href.startsWith('file:///bundle/') || knownSourceUrls().has(href),
  allowCodeSpan: () => true,
  allowFence: () => true,
  linkify: true,
};
