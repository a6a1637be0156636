import type { Severity, Source } from '../types';
import { SEVERITIES } from '../types';
import { CUSTOM_RULE_MAX_LINE, regexSafetyProblem } from './regexSafety';

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
  /** A literal every matching line contains (or one of several): a cheap guard before the pattern runs. */
  prefilter: string | string[];
  /**
   * JavaScript regular expression source, or several alternatives (the first that matches a line
   * wins); named groups feed the message template and may repeat across alternatives.
   */
  pattern: string | string[];
  /**
   * A multi-line rule: the name of the correlator module (rules/correlators) that watches the
   * stream instead of one line. Its `pattern` and `prefilter` are the lines it needs to see.
   */
  correlator?: string;
  /** Tunables of a correlator (thresholds, windows); settings can override them. */
  parameters?: Record<string, number>;
  /** Adds decoded values (and possibly the severity) to a finding, e.g. "scsi-sense". */
  enrich?: string;
  /**
   * Rule ids that stay silent on a line where this rule fires: the more specific finding wins
   * (a PDL rule over the generic check-condition rule on the same line).
   */
  supersedes?: string[];
  /**
   * Template over the named groups naming what a finding is about (the device, thread, VDI;
   * `{thread}` is the line's thread): repeats of the rule on one subject are one problem, counted in
   * one finding after the first few (rules/repeats.ts). The message when absent.
   */
  subject?: string;
  /** Template: {group} is replaced by that named group of the match. */
  message: string;
  /** Alternative templates a correlator can choose by name. */
  messages?: Record<string, string>;
  explanation: string;
  fix: string;
  runbook?: string;
  sources: Source[];
  /**
   * Log excerpts (one line, or several for a correlator) the rule must fire on, and must not
   * fire on; the test suite runs them all.
   */
  samples: string[];
  counterSamples: string[];
  /** Relates the finding to earlier findings of other rules in the same file: cause and effect. */
  after?: {
    rules: string[];
    /** Related-information text on the earlier finding. */
    label: string;
    /** Earlier findings further back than this are not related. */
    withinSeconds: number;
    /** Only earlier findings on the same thread/process. */
    sameThread?: boolean;
    /** Relate every earlier match in the window, not only the closest. */
    all?: boolean;
    /** Appended to the message when a relation is found: {elapsed}, {line} (the closest), {count}. */
    message?: string;
  };
  /**
   * Lines longer than this are not matched by the rule (custom rules: CUSTOM_RULE_MAX_LINE), and the
   * rule's pattern is never run over a whole piece of the log, only over the short lines that hold its prefilter.
   */
  maxLineLength?: number;
}

export interface ValidateOptions {
  /**
   * A rule from a workspace's `.logtriage/rules.json`: its patterns must pass the backtracking
   * checks of rules/regexSafety and it only sees lines up to CUSTOM_RULE_MAX_LINE characters.
   */
  custom?: boolean;
  /** parseRuleFile: only the file's shape (JSON with a "rules" array); its rules are left unchecked. */
  shapeOnly?: boolean;
}

export class RuleError extends Error {}

const ID = /^[a-z0-9-]+\/[a-z0-9-]+$/;

/** Checks one parsed JSON value against the rule shape; throws RuleError naming the problem. */
export function validateRule(value: unknown, where: string, options: ValidateOptions = {}): RuleDefinition {
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
  for (const k of ['title', 'message', 'explanation', 'fix']) str(k);
  const patterns = Array.isArray(r.pattern) ? r.pattern : [r.pattern];
  if (patterns.length === 0 || patterns.some((p) => typeof p !== 'string' || p === '')) fail('"pattern" must be a non-empty string or array of strings');
  if (Array.isArray(r.prefilter)) {
    if (r.prefilter.length === 0 || r.prefilter.some((p) => typeof p !== 'string' || p === '')) fail('"prefilter" must hold non-empty strings');
  } else str('prefilter');
  if (r.messages !== undefined && (typeof r.messages !== 'object' || r.messages === null || Object.values(r.messages).some((m) => typeof m !== 'string'))) {
    fail('"messages" must map names to templates');
  }
  str('runbook', true);
  str('subject', true);
  str('correlator', true);
  str('enrich', true);
  if (r.supersedes !== undefined) {
    strArray('supersedes', true);
    if ((r.supersedes as string[]).some((id) => !ID.test(id) || id === r.id)) fail('"supersedes" must name other rules by id');
  }
  if (r.parameters !== undefined) {
    const p = r.parameters as Record<string, unknown>;
    if (typeof p !== 'object' || p === null || Object.values(p).some((v) => typeof v !== 'number')) {
      fail('"parameters" must map names to numbers');
    }
  }
  strArray('families', true);
  strArray('samples', true);
  strArray('counterSamples', false);
  if (!SEVERITIES.includes(r.severity as Severity)) fail(`"severity" must be one of ${SEVERITIES.join(', ')}`);
  if (!Array.isArray(r.sources) || r.sources.length === 0) fail('"sources" must name at least one source');
  for (const s of r.sources as unknown[]) {
    const src = s as Record<string, unknown>;
    if (typeof src !== 'object' || src === null || typeof src.title !== 'string') fail('each source needs a "title"');
    // no space, quote or angle bracket: the report writes it as an <autolink> it must not break out of
    if (src.url !== undefined && (typeof src.url !== 'string' || !/^https:\/\/[^\s<>"'`\\]+$/.test(src.url))) {
      fail('a source "url" must be an https URL without spaces, quotes or angle brackets');
    }
  }
  for (const source of patterns as string[]) {
    let re: RegExp;
    try {
      re = new RegExp(source);
    } catch (e) {
      return fail(`"pattern" is not a valid regular expression: ${(e as Error).message}`);
    }
    if (re.test('')) fail('"pattern" must not match an empty line');
    if (options.custom) {
      const problem = regexSafetyProblem(
        source,
        '',
        (r.samples as string[]).flatMap((s) => s.split('\n')),
      );
      if (problem) fail(`"pattern" ${JSON.stringify(source.length > 80 ? source.slice(0, 77) + '...' : source)} is unsafe: ${problem}`);
    }
  }
  if (r.after !== undefined) {
    const a = r.after as Record<string, unknown>;
    if (typeof a !== 'object' || a === null || !Array.isArray(a.rules) || a.rules.length === 0 || typeof a.label !== 'string') {
      fail('"after" needs "rules" (rule ids) and "label"');
    }
    if (typeof a.withinSeconds !== 'number' || !(a.withinSeconds > 0)) fail('"after.withinSeconds" must be a positive number');
  }
  if (options.custom) r.maxLineLength = CUSTOM_RULE_MAX_LINE;
  else if (r.maxLineLength !== undefined && !(typeof r.maxLineLength === 'number' && r.maxLineLength > 0)) fail('"maxLineLength" must be a positive number');
  return r as unknown as RuleDefinition;
}
