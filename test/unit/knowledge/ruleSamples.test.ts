// Every rule in knowledge/rules carries its own samples and counter-samples; this runs them all,
// so a support engineer who adds a rule gets it tested without writing code.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { analyzeText, builtInRules, FORMATS, RuleSet, runbookPath } from '../../../server/src/engine';

const formatIds = new Set(FORMATS.map((f) => f.id));

/** A sample's start as a test's name, on one line: a line break in a name cut the runner's report short (its results went missing). */
const titled = (sample: string) => sample.slice(0, 90).replace(/\r?\n/g, ' ⏎ ');

describe('built-in rule samples', () => {
  const rules = builtInRules();

  it('has rules', () => assert.ok(rules.length >= 3));

  for (const rule of rules) {
    describe(rule.id, () => {
      it('names known families', () => {
        for (const family of rule.families) assert.ok(family === '*' || formatIds.has(family), `unknown family ${family}`);
      });
      it('supersedes only rules that exist', () => {
        const ids = new Set(rules.map((r) => r.id));
        for (const id of rule.supersedes ?? []) assert.ok(ids.has(id), `supersedes unknown rule ${id}`);
      });
      it('has a prefilter that every sample contains', () => {
        const prefilters = Array.isArray(rule.prefilter) ? rule.prefilter : [rule.prefilter];
        for (const s of rule.samples)
          assert.ok(
            prefilters.some((p) => s.includes(p)),
            `sample lacks prefilter ${JSON.stringify(rule.prefilter)}: ${s}`,
          );
      });
      for (const sample of rule.samples) {
        it(`fires on: ${titled(sample)}`, () => {
          const only = new RuleSet([rule]);
          const family = rule.families.find((f) => f !== '*') ?? null;
          const { findings } = analyzeText('sample', sample + '\n', { rules: only, format: family });
          if (rule.correlator) {
            // a correlator sample is an excerpt: the rule fires somewhere in it
            assert.ok(findings.length >= 1, `expected a finding in:\n${sample}`);
          } else {
            assert.equal(findings.length, 1, `expected one finding on ${sample}`);
            assert.equal(findings[0].span.line, 0);
          }
          for (const f of findings) {
            assert.equal(f.rule, rule.id);
            assert.ok(!/\{[A-Za-z_$][\w$]*\}/.test(f.message), `unfilled placeholder in "${f.message}"`);
          }
        });
      }
      for (const counter of rule.counterSamples) {
        it(`stays silent on: ${titled(counter)}`, () => {
          const family = rule.families.find((f) => f !== '*') ?? null;
          const { findings } = analyzeText('sample', counter + '\n', { rules: new RuleSet([rule]), format: family });
          assert.deepEqual(findings, []);
        });
      }
      if (rule.runbook) {
        it('points at a runbook that exists', () => {
          assert.ok(fs.existsSync(runbookPath(rule.runbook!)), `missing runbook ${rule.runbook}`);
        });
      }
    });
  }
});
