// Regular-expression safety: every pattern the engine runs (rule patterns, format record and parse
// regexes, decoder, link and template regexes, the combined matchers) is checked statically for
// nested quantifiers and timed on long adversarial lines; user patterns get the same checks when
// `.logtriage/rules.json` is loaded, and custom rules never see lines over 64 KiB.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeText, FORMATS, findLinks, RuleError, RuleSet, validateRule } from '../../../../server/src/engine';
import { adversarialInputs, CUSTOM_RULE_MAX_LINE, nestedQuantifierProblem, overlappingLoopsProblem, regexSafetyProblem, timeRegex } from '../../../../server/src/engine/rules/regexSafety';
import { MAX_MATCHED_LINE } from '../../../../server/src/engine/rules/signatureMatcher';
import { loadRules } from '../../../../server/src/features/customRules';
import { repoRoot } from '../../../helpers/paths';
import { allBuiltInPatterns, fixtureLines } from '../../../hostile/builtInPatterns';

/** One adversarial line of 50 000 characters may take this long (a linear pattern takes about a millisecond). */
const BUDGET_MS = 60;

describe('built-in regular expressions', () => {
  const patterns = allBuiltInPatterns();
  const lines = fixtureLines(2);

  it('are all found: rule patterns, every format regex, decoders, links, combined matchers', () => {
    const sources = new Set(patterns.map((p) => p.re.source));
    for (const f of FORMATS) assert.ok(sources.has(f.recordStart.source), `${f.id} recordStart not collected`);
    const where = patterns.map((p) => p.where).join('\n');
    for (const file of ['decoders/scsiSense.ts', 'decoders/numbers.ts', 'decoders/netbackupStatus.ts', 'links.ts', 'markdown.ts', 'formats/vnxServerLog.ts']) {
      assert.ok(where.includes(file), `no regex collected from ${file}`);
    }
    assert.ok(where.includes('rule vnx/ckpt-wait'));
    assert.ok(where.includes('SignatureMatcher.buildRegExps'), 'the combined matchers were not collected');
    assert.ok(patterns.length > 150, `only ${patterns.length} patterns`);
  });

  it('have no repeated group holding an unbounded quantifier', () => {
    const nested = patterns.map((p) => [p.where, nestedQuantifierProblem(p.re.source, p.re.flags)]).filter(([, problem]) => problem);
    assert.deepEqual(nested, []);
  });

  it(`each stay under ${BUDGET_MS} ms on every adversarial line of 50 000 characters`, () => {
    const slow: string[] = [];
    for (const p of patterns) {
      const probe = new RegExp(p.re.source, p.re.flags.replace(/[gy]/g, ''));
      const samples = p.samples.length ? p.samples : lines.filter((l) => probe.test(l)).slice(0, 2);
      const inputs = adversarialInputs(p.re.source, { samples, length: 50_000, maxAlphabet: 12, pairAlphabet: 5, maxBoundaries: 6 });
      const r = timeRegex(p.re, inputs, 3000);
      if (r.timedOut || r.worstMs > BUDGET_MS) {
        slow.push(`${p.where} /${p.re.source.slice(0, 80)}/: ${r.timedOut ? 'timed out' : `${r.worstMs.toFixed(0)} ms`} on ${r.worstInput >= 0 ? JSON.stringify(inputs[r.worstInput].slice(0, 40)) : '?'}`);
      }
    }
    assert.deepEqual(slow, []);
  });

  it('links: a path followed by a long run of dots is trimmed in linear time (was quadratic)', () => {
    const line = `/a/${'.'.repeat(100_000)}a`;
    const started = performance.now();
    const links = findLinks(line);
    assert.ok(performance.now() - started < 200, `${Math.round(performance.now() - started)} ms`);
    assert.equal(links.length, 1);
  });

  it(`rules see the first ${MAX_MATCHED_LINE / 1024} KiB of a 10 MB line of near misses, quickly`, () => {
    // many starts of the SCSI rules' patterns, none complete: each would rescan the rest of the line
    const nearMiss = 'Cmd(0x41) 0x28 to dev "naa.6" on path "vmhba2:C0:T0:L1" Failed: H:0x0 D:0x8 P:0x0 ';
    const line = nearMiss.repeat(Math.ceil((10 * 1024 * 1024) / nearMiss.length));
    const started = performance.now();
    const a = analyzeText('/b/vmkernel.log', `${line}\n`);
    assert.ok(performance.now() - started < 10_000, `${Math.round(performance.now() - started)} ms`);
    assert.match(a.warnings.join('\n'), /a line is longer than 16 KiB characters; rules were matched on its first 16 KiB only/);
  });
});

describe('the safety check itself', () => {
  it('rejects nested quantifiers statically', () => {
    for (const bad of ['(a+)+$', '(?:\\w+\\s?)*x', '(x*){2,}', '((ab)*c)+', '^(\\d+|x)*$', '([^,]+\\s)+;']) {
      assert.match(nestedQuantifierProblem(bad) ?? '', /^nested quantifier/, bad);
    }
  });

  it('sees nested quantifiers behind escaped or classed parentheses and brackets', () => {
    for (const bad of ['\\((a+)+\\)', '[(](?:\\w+\\s?)*x', '\\[(x*){2,}\\]', '[)\\]]((ab)*c)+', '(?<n>\\(\\d+|x)*$']) {
      assert.match(nestedQuantifierProblem(bad) ?? '', /^nested quantifier/, bad);
    }
  });

  it('sees overlapping loops past escapes, classes and look-arounds', () => {
    for (const bad of ['\\(.*\\d.*x', '[)]\\d+(?=y)\\d+x', '\\\\\\w+_\\w*$']) {
      assert.match(overlappingLoopsProblem(bad) ?? '', /^overlapping loops/, bad);
    }
    for (const ok of ['\\(\\d+\\)\\d+', '[^:]*:\\d+', 'a+(?!b)b+']) assert.equal(overlappingLoopsProblem(ok), undefined, ok);
  });

  it('accepts repeated groups whose iterations are delimited by a character their loops cannot match', () => {
    for (const ok of ['(?:,\\d+)*', '(?: +-\\w+)*', '(?<![\\w/.])\\/(?:[\\w.@+-]+\\/)+[\\w.@+-]+', '(?:0x[0-9a-f]{2} ){4,}', '^(?:\\[\\d+\\] )+x']) {
      assert.equal(nestedQuantifierProblem(ok), undefined, ok);
    }
  });

  it('catches by timing what the static check cannot see: overlapping loops and alternations', () => {
    for (const bad of ['^.*a.*b.*c$', '\\d+\\d+x', '(\\w|\\d)+$', '^(a|aa)+$']) {
      const problem = regexSafetyProblem(bad);
      assert.match(problem ?? '', /backtracks/, bad);
    }
  });

  it('accepts the patterns rules are made of', () => {
    for (const ok of ['Failed to open (?<file>\\S+): (?<why>[^\\n]+)$', 'status: (?<code>\\d{1,4})\\b', '^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} \\[\\d+\\] <(?<level>\\d)> bpbrm', 'H:0x(?<host>[0-9a-f]+) D:0x(?<device>[0-9a-f]+)']) {
      assert.equal(regexSafetyProblem(ok), undefined, ok);
    }
  });
});

const customRule = (pattern: string, extra: object = {}) => ({
  id: 'site/slow-disk',
  title: 'Slow disk',
  families: ['*'],
  severity: 'warning',
  prefilter: 'disk',
  pattern,
  message: 'slow disk {match}',
  explanation: 'x',
  fix: 'y',
  sources: [{ title: 'our wiki' }],
  samples: ['disk slow 12'],
  counterSamples: [],
  ...extra,
});

describe('custom rules (.logtriage/rules.json)', () => {
  it('an unsafe pattern is rejected with a message that says why and what to change', () => {
    assert.throws(
      () => validateRule(customRule('disk(\\w+\\s?)+ slow'), 'rules.json rule #1', { custom: true }),
      (e: unknown) => e instanceof RuleError && /^rules\.json rule #1 \(site\/slow-disk\): "pattern" "disk\(\\\\w\+\\\\s\?\)\+ slow" is unsafe: nested quantifier: .*rewrite it without a repeated group/.test(e.message),
    );
    assert.throws(() => validateRule(customRule('disk.*s.*l.*o.*w.*$'), 'rules.json rule #1', { custom: true }), /is unsafe: (?:backtracks|overlapping loops)/);
  });

  it('a safe pattern is accepted and capped at 64 KiB lines; built-in rules are not capped', () => {
    const r = validateRule(customRule('disk slow (?<ms>\\d+)'), 'rules.json rule #1', { custom: true });
    assert.equal(r.maxLineLength, CUSTOM_RULE_MAX_LINE);
    assert.equal(validateRule(customRule('disk slow (?<ms>\\d+)'), 'rules/x.json rule #1').maxLineLength, undefined);
  });

  it('a custom rule does not match a line longer than 64 KiB, matches a short one, and line numbers stay right', () => {
    const rule = validateRule(customRule('disk slow (?<ms>\\d+)'), 'rules.json rule #1', { custom: true });
    const rules = new RuleSet([rule]);
    const long = `disk slow 1 ${'x'.repeat(CUSTOM_RULE_MAX_LINE)}`;
    const text = ['disk slow 5', long, 'nothing', 'disk slow 7\r', ''].join('\n');
    const a = analyzeText('/b/x.log', text, { rules });
    assert.deepEqual(
      a.findings.map((f) => [f.span.line, f.message]),
      [
        [0, 'slow disk disk slow 5'],
        [3, 'slow disk disk slow 7'],
      ],
    );
  });

  it('mixed with built-in rules: the same built-in findings as without the custom rule', () => {
    const text = fs.readFileSync(path.join(repoRoot, 'examples', 'vnx', 'server_log'), 'utf8');
    const builtIn = analyzeText('/b/server_log', text);
    const rule = validateRule(customRule('NDMP: (?<n>\\d): Session', { prefilter: 'Session', samples: ['NDMP: 4: Session 570'] }), 'r', { custom: true });
    const mixed = analyzeText('/b/server_log', text, { rules: new RuleSet([...new RuleSet([]).rules, ...builtInRulesOf(), rule]) });
    const key = (f: { rule: string; span: { line: number; start: number } }) => `${f.rule}@${f.span.line}:${f.span.start}`;
    assert.deepEqual(mixed.findings.filter((f) => f.rule !== 'site/slow-disk').map(key), builtIn.findings.map(key));
    assert.ok(mixed.findings.some((f) => f.rule === 'site/slow-disk'));
  });

  it('loadRules reports an unsafe custom pattern on its line and keeps the built-in rules; untrusted folders are ignored', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-rules-'));
    fs.mkdirSync(path.join(folder, '.logtriage'));
    fs.writeFileSync(path.join(folder, '.logtriage', 'rules.json'), JSON.stringify({ rules: [customRule('(a+)+$', { prefilter: 'a', samples: ['aaa'] })] }, null, 2));
    const trusted = loadRules([folder], true);
    assert.equal(trusted.custom.length, 0);
    assert.equal(trusted.problems.length, 1);
    assert.match(trusted.problems[0].message, /site\/slow-disk.*is unsafe: nested quantifier/);
    assert.equal(trusted.problems[0].line, 3);
    assert.ok(trusted.ruleSet.rules.length > 10);
    const untrusted = loadRules([folder], false);
    assert.deepEqual([untrusted.custom.length, untrusted.problems.length], [0, 0]);
    fs.rmSync(folder, { recursive: true, force: true });
  });
});

function builtInRulesOf() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../../../server/src/engine') as typeof import('../../../../server/src/engine')).builtInRules();
}
