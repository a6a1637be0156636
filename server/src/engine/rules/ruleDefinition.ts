import type { Severity, Source } from '../types';
import { SEVERITIES } from '../types';

/**
 * A single-line signature rule as written in knowledge/rules/*.json.
 * The schema for editors is knowledge/rule.schema.json; `validateRule` is the engine's own check.
 */
export interface RuleDefinition {
  id: string;
  title: string;
  /** Format ids the rule applies to; "*" for every file, recognised or not. */
  families: string[];
  severity: Severity;
  /** A literal every matching line contains: a cheap guard before the pattern runs. */
  prefilter: string;
  /** JavaScript regular expression source; named groups feed the message template. */
  pattern: string;
  /** Template: {group} is replaced by that named group of the match. */
  message: string;
  explanation: string;
  fix: string;
  runbook?: string;
  sources: Source[];
  /** Lines the rule must fire on and must not fire on; the test suite runs them all. */
  samples: string[];
  counterSamples: string[];
  /** Relates the finding to the closest earlier finding of another rule in the same file. */
  after?: {
    rule: string;
    label: string;
    /** Earlier findings further back than this are not related. */
    withinSeconds: number;
  };
}

export class RuleError extends Error {}

const ID = /^[a-z0-9-]+\/[a-z0-9-]+$/;

/** Checks one parsed JSON value against the rule shape; throws RuleError naming the problem. */
export function validateRule(value: unknown, where: string): RuleDefinition {
  const fail = (why: string): never => {
    throw new RuleError(`${where}: ${why}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('a rule must be an object');
  const r = value as Record<string, unknown>;
  const str = (k: string, optional = false) => {
    const v = r[k];
    if (v === undefined && optional) return;
    if (typeof v !== 'string' || v.trim() === '') fail(`"${k}" must be a non-empty string`);
  };
  const strArray = (k: string, nonEmpty: boolean) => {
    const v = r[k];
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) fail(`"${k}" must be an array of strings`);
    if (nonEmpty && (v as unknown[]).length === 0) fail(`"${k}" must not be empty`);
  };
  str('id');
  if (!ID.test(r.id as string)) fail(`"id" must look like family/short-name, got ${JSON.stringify(r.id)}`);
  where = `${where} (${r.id})`;
  for (const k of ['title', 'prefilter', 'pattern', 'message', 'explanation', 'fix']) str(k);
  str('runbook', true);
  strArray('families', true);
  strArray('samples', true);
  strArray('counterSamples', false);
  if (!SEVERITIES.includes(r.severity as Severity)) fail(`"severity" must be one of ${SEVERITIES.join(', ')}`);
  if (!Array.isArray(r.sources) || r.sources.length === 0) fail('"sources" must name at least one source');
  for (const s of r.sources as unknown[]) {
    const src = s as Record<string, unknown>;
    if (typeof src !== 'object' || src === null || typeof src.title !== 'string') fail('each source needs a "title"');
    if (src.url !== undefined && (typeof src.url !== 'string' || !/^https:\/\//.test(src.url))) {
      fail('a source "url" must be an https URL');
    }
  }
  let re: RegExp;
  try {
    re = new RegExp(r.pattern as string);
  } catch (e) {
    return fail(`"pattern" is not a valid regular expression: ${(e as Error).message}`);
  }
  if (re.test('')) fail('"pattern" must not match an empty line');
  if (r.after !== undefined) {
    const a = r.after as Record<string, unknown>;
    if (typeof a !== 'object' || a === null || typeof a.rule !== 'string' || typeof a.label !== 'string') {
      fail('"after" needs "rule" and "label"');
    }
    if (typeof a.withinSeconds !== 'number' || !(a.withinSeconds > 0)) fail('"after.withinSeconds" must be a positive number');
  }
  return r as unknown as RuleDefinition;
}
