// Resilience: an exception inside one rule's enricher or correlator, one decoder or one family's
// parser is caught, named (rule id, decoder kind) and the rest of the results are still there.
// The throwing parts are injected into the engine's registries for the length of each test.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Decoder } from '../../server/src/engine/decoders/decoder';
import type { Correlator } from '../../server/src/engine/rules/correlators/correlator';
import type { LogFormat, RuleDefinition } from '../../server/src/engine';
import { analyzePaths, analyzeText, builtInRules, builtInRuleSet, decodeLine, DECODERS, formatById, LogScanner, RuleSet } from '../../server/src/engine';
import { CORRELATORS } from '../../server/src/engine/rules/correlators';
import { ENRICHERS } from '../../server/src/engine/rules/enrichers';
import { hoverAt } from '../../server/src/features/hover';
import { repoRoot } from '../helpers/paths';

const SERVER_LOG = fs.readFileSync(path.join(repoRoot, 'examples', 'vnx', 'server_log'), 'utf8');

function rule(extra: Partial<RuleDefinition>): RuleDefinition {
  return {
    id: 'test/broken',
    title: 'Broken',
    families: ['*'],
    severity: 'warning',
    prefilter: 'NDMP',
    pattern: 'NDMP: (?<level>\\d)',
    message: 'NDMP level {level} {extra}',
    explanation: 'x',
    fix: 'y',
    sources: [{ title: 'test' }],
    samples: ['NDMP: 3'],
    counterSamples: [],
    ...extra,
  };
}

function withEntry<T extends object>(registry: T, key: string, value: unknown, body: () => void | Promise<void>) {
  const r = registry as Record<string, unknown>;
  r[key] = value;
  const done = () => delete r[key];
  try {
    const out = body();
    if (out instanceof Promise) return out.finally(done);
    done();
  } catch (e) {
    done();
    throw e;
  }
}

const builtIn = analyzeText('/b/server_log', SERVER_LOG);

describe('a rule that throws', () => {
  for (const where of ['see', 'finish', 'start'] as const) {
    it(`correlator throwing in ${where}: one warning with the rule id; the other findings are all there`, () => {
      const boom: Correlator = {
        name: 'boom',
        start(_rule, _parameters, emit) {
          if (where === 'start') throw new Error('kaboom');
          return {
            see(line) {
              emit({ span: { line: line.line, start: 0, end: 1 }, vars: {} });
              if (where === 'see') throw new Error('kaboom');
            },
            finish() {
              if (where === 'finish') throw new Error('kaboom');
            },
          };
        },
      };
      withEntry(CORRELATORS, 'boom', boom, () => {
        const rules = new RuleSet([...builtInRules(), rule({ correlator: 'boom' })]);
        // every occurrence, not repeats counted in one finding: the test counts what the correlator emitted
        const a = analyzeText('/b/server_log', SERVER_LOG, { rules, aggregateRepeats: false });
        const at = where === 'see' ? ' on line 1' : '';
        assert.deepEqual(a.warnings, [`rule test/broken: its correlator "boom" failed${at} (kaboom); the other rules' results are complete`]);
        const others = a.findings.filter((f) => f.rule !== 'test/broken');
        assert.deepEqual(
          others.map((f) => [f.rule, f.span.line, f.message]),
          builtIn.findings.map((f) => [f.rule, f.span.line, f.message]),
        );
        // what it emitted before it threw is kept; after that it is stopped
        assert.equal(
          a.findings.filter((f) => f.rule === 'test/broken').reduce((n, f) => n + f.count, 0),
          where === 'start' ? 0 : where === 'see' ? 1 : SERVER_LOG.split('\n').filter((l) => l.includes('NDMP: ')).length,
        );
      });
    });
  }

  it('enricher throwing: the finding stays (without the decoded values), one warning names the rule', () => {
    withEntry(
      ENRICHERS,
      'boom',
      () => {
        throw new TypeError('cannot read properties of undefined');
      },
      () => {
        const rules = new RuleSet([...builtInRules(), rule({ enrich: 'boom' })]);
        const a = analyzeText('/b/server_log', SERVER_LOG, { rules });
        assert.deepEqual(a.warnings, [`rule test/broken: its enricher "boom" failed on line 1 (cannot read properties of undefined); the other rules' results are complete`]);
        const broken = a.findings.filter((f) => f.rule === 'test/broken');
        assert.ok(broken.length > 5);
        assert.equal(broken[0].message, 'NDMP level 6 {extra}');
        assert.equal(a.findings.length - broken.length, builtIn.findings.length);
      },
    );
  });

  it("a family's parser throwing: one warning, findings still reported", () => {
    const vnx = formatById('vnx-server-log')!;
    const broken: LogFormat = {
      ...vnx,
      parse: () => {
        throw new RangeError('bad date');
      },
    };
    const scanner = new LogScanner(broken, {}, '/b/server_log');
    scanner.push(SERVER_LOG);
    const { findings } = scanner.end();
    assert.equal(findings.length, builtIn.findings.length);
    assert.deepEqual(scanner.warnings, ['format vnx-server-log: could not parse a line (bad date); its findings lack times and threads']);
  });
});

describe('a decoder that throws', () => {
  const line = '2015-05-05 12:40:10: 150595633163: NDMP: 3: Thread ndmp570 fails at SendStream, status=92.';
  const boom: Decoder = {
    kind: 'boom',
    decode() {
      throw new Error('decoder bug');
    },
  };

  it('decodeLine names it and returns the other decodings', () => {
    const normal = decodeLine(line);
    (DECODERS as Decoder[]).unshift(boom);
    try {
      const errors: string[] = [];
      const out = decodeLine(line, undefined, (kind, e) => errors.push(`${kind}: ${(e as Error).message}`));
      assert.deepEqual(errors, ['boom: decoder bug']);
      assert.deepEqual(out, normal);
      assert.ok(out.length > 0);
    } finally {
      (DECODERS as Decoder[]).shift();
    }
  });

  it('the hover still shows the other codes, and the error reaches the logger', () => {
    (DECODERS as Decoder[]).unshift(boom);
    try {
      const logged: string[] = [];
      const format = formatById('vnx-server-log');
      const at = line.indexOf(': 3:') + 2;
      const hover = hoverAt(line, { line: 0, character: at }, format, [], builtInRuleSet(), (kind) => logged.push(kind));
      assert.ok(hover, 'no hover');
      assert.match((hover.contents as { value: string }).value, /syslog level 3/i);
      assert.ok(logged.includes('boom'));
    } finally {
      (DECODERS as Decoder[]).shift();
    }
  });
});

describe('a folder with one file that breaks the analysis', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logtriage-resilience-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists that file with the error and analyzes the others', async () => {
    fs.writeFileSync(path.join(dir, 'a_server_log'), SERVER_LOG);
    fs.writeFileSync(path.join(dir, 'b.log'), 'Mar 1 08:53:36 host vmkernel: 2:16:49:12.573 cpu3:4099)x\n');
    fs.writeFileSync(path.join(dir, 'c_server_log'), SERVER_LOG);
    const real = builtInRuleSet();
    // a rule set that fails for one family only, as a bug in one place would
    const rules = Object.create(real, {
      matcherFor: {
        value: (format: string | null) => {
          if (format === 'esx-vmkernel-log') throw new Error('matcher bug');
          return real.matcherFor(format);
        },
      },
    }) as RuleSet;
    const r = await analyzePaths([dir], { rules });
    assert.deepEqual(r.unreadable, [{ path: path.join(dir, 'b.log'), reason: 'analysis failed (matcher bug)' }]);
    assert.deepEqual(
      r.files.map((f) => [path.basename(f.path), f.findings.length]),
      [
        ['a_server_log', 8],
        ['c_server_log', 8],
      ],
    );
  });
});
