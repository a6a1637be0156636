// Speed of every family grammar through vscode-textmate + vscode-oniguruma, as VS Code runs them.
// Reported, never asserted (speed is proven by `npm run bench`): what is asserted is that every line
// finishes within the test's time limit, which a rule that backtracks catastrophically would not, and
// that lines from 20,000 characters on are the one long-line token.
// LOGTRIAGE_10MB=1 adds a 10 MB line per family: about 45 ms per MB here, the same as a one-rule
// grammar takes, which is vscode-textmate handing the line to Oniguruma (it is never coloured).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { INITIAL } from 'vscode-textmate';
import { LONG_LINE_SCOPE, NEAR_LIMIT } from '../helpers/grammarSpeed';
import { formatById } from '../../server/src/engine';
import { fixtureLines, fixturesOf, recordPrefix } from '../helpers/familyFixtures';
import { repoRoot } from '../helpers/paths';
import { loadGrammar } from '../helpers/textmate';

const MB = 1 << 20;

interface Family {
  scope: string;
  /** The lines of the family's fixtures. */
  sample: string[];
  /** A record's start, to put long messages behind. */
  prefix: string;
}

/** Every family grammar package.json contributes, with its fixtures' lines and their record prefix. */
const FAMILIES: Family[] = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { grammars: { language?: string; scopeName: string }[] } }).contributes.grammars
  .filter((g) => g.language && formatById(g.language))
  .map((g) => ({
    scope: g.scopeName,
    sample: fixturesOf(g.language!)
      .flatMap(fixtureLines)
      .filter((l) => l),
    prefix: recordPrefix(g.language!),
  }));

/** Message text of several shapes: tokens everywhere, digits, separators, hex, quotes, slashes, spaces, key=value, one long word. */
const SHAPES: Record<string, string> = {
  mixed: 'Cmd 0x2a to dev "naa.600601601234abcd" failed H:0x0 D:0x2 P:0x0 Valid sense data: 0x6 0x29 0x0. path=/vmfs/volumes/5a1b/vm.vmx ip 192.168.10.24:902 status=25 \'q\' 7b10ea29-ab0c-af14-a116-ae293560f404 ',
  digits: '12 3456 ',
  colons: 'a:b::',
  hex: '0x1f deadbeef 0X ',
  quotes: '"a \'b ',
  slashes: '/a/b//',
  spaces: ' ',
  'key=value': 'a=b=c ',
  'dotted numbers': '10.0.0.1.',
  word: 'x',
};

function line(prefix: string, unit: string, size: number): string {
  return prefix + unit.repeat(Math.ceil((size - prefix.length) / unit.length)).slice(0, size - prefix.length);
}

/** Milliseconds for one line, best of `runs` (each run a fresh string, as the editor hands over). */
function lineMs(grammar: IGrammar, text: string, runs: number): { ms: number; scopes: string[] } {
  let ms = Infinity;
  let scopes: string[] = [];
  for (let i = 0; i < runs; i++) {
    const fresh = (i % 2 ? ' ' : '') + text.slice(i % 2);
    const t0 = performance.now();
    const r = grammar.tokenizeLine(fresh, INITIAL);
    ms = Math.min(ms, performance.now() - t0);
    scopes = r.tokens.at(-1)!.scopes;
  }
  return { ms, scopes };
}

describe('grammar speed', () => {
  for (const f of FAMILIES) {
    it(`${f.scope}: lines per second, and lines of 19 KB and 1 MB`, { timeout: 120_000 }, async (t) => {
      const grammar = await loadGrammar(f.scope);
      const sample = f.sample;
      const lines = Array.from({ length: Math.ceil(5000 / sample.length) }, () => sample).flat();
      // warm up: scanners compiled, JIT settled, as in an editor that has been open a while
      for (let r = 0; r < 2; r++) {
        let stack = INITIAL;
        for (const l of lines) stack = grammar.tokenizeLine(l, stack).ruleStack;
      }
      let best = 0;
      for (let r = 0; r < 2; r++) {
        let stack = INITIAL;
        const t0 = performance.now();
        for (const l of lines) stack = grammar.tokenizeLine(l, stack).ruleStack;
        best = Math.max(best, lines.length / ((performance.now() - t0) / 1000));
      }
      t.diagnostic(`${f.scope}: ${Math.round(best)} lines/s over ${lines.length} lines`);

      const report: string[] = [];
      for (const [name, unit] of Object.entries(SHAPES)) {
        for (const prefix of [f.prefix, '']) {
          lineMs(grammar, line(prefix, unit, 300), 10);
          const near = lineMs(grammar, line(prefix, unit, NEAR_LIMIT), 2);
          const long = lineMs(grammar, line(prefix, unit, MB), 1);
          assert.ok(!near.scopes.includes(LONG_LINE_SCOPE), `19 KB ${name} is still coloured`);
          assert.ok(long.scopes.includes(LONG_LINE_SCOPE));
          report.push(`${prefix ? '' : 'bare '}${name} ${near.ms.toFixed(0)}/${long.ms.toFixed(0)}`);
        }
      }
      t.diagnostic(`${f.scope} ms for 19 KB/1 MB lines: ${report.join(', ')}`);
    });
  }

  it('10 MB lines', { skip: !process.env.LOGTRIAGE_10MB, timeout: 600_000 }, async (t) => {
    for (const f of FAMILIES) {
      const grammar = await loadGrammar(f.scope);
      lineMs(grammar, line(f.prefix, SHAPES.mixed, 300), 10);
      const { ms, scopes } = lineMs(grammar, line(f.prefix, SHAPES.mixed, 10 * MB), 2);
      assert.ok(scopes.includes(LONG_LINE_SCOPE));
      t.diagnostic(`${f.scope} 10 MB: ${ms.toFixed(0)} ms`);
    }
  });
});
