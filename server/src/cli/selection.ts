// Which rules run and which findings are reported: rule packs (--rules), --only, --disable,
// --min-severity, and the family forced on unrecognised files (--family).
import * as fs from 'fs';
import type { AnalyzeOptions, FileAnalysis, Finding, RuleDefinition, Severity } from '../engine';
import { builtInRules, FORMATS, formatById, loadRulePacks, plainText, RuleSet, SEVERITIES, setRunbookFolders } from '../engine';
import type { ParsedCommand } from './args';
import { idList, severityOption, UsageError } from './args';

/** What a worker thread needs to rebuild the same selection (plain data, cloned to it). */
export interface SelectionSpec {
  packs: string[];
  only?: string[];
  disable?: string[];
  minSeverity?: Severity;
  family?: string;
  /** Every occurrence of a repeated finding (--all), not one finding with a count. */
  all?: boolean;
}

export interface Selection {
  spec: SelectionSpec;
  rules: RuleSet;
  definitions: RuleDefinition[];
  /** Rule id → where it comes from: "built-in" or the pack file. */
  sourceOf: Map<string, string>;
  /** One line per broken pack or rule, for stderr. */
  problems: string[];
  options: AnalyzeOptions;
  keeps(finding: Finding): boolean;
}

export function selectionSpec(values: ParsedCommand['values'], command: string): SelectionSpec {
  const family = values.family as string | undefined;
  if (family !== undefined && !formatById(family)) throw new UsageError(`--family ${family}: expected one of ${FORMATS.map((f) => f.id).join(', ')}`, command);
  const packs = (values.rules as string[] | undefined) ?? [];
  const missing = packs.find((p) => !fs.existsSync(p));
  if (missing !== undefined) throw new UsageError(`--rules ${missing}: no such file or folder`, command);
  return {
    packs,
    only: idList(values.only),
    disable: idList(values.disable),
    minSeverity: severityOption(values['min-severity'], 'min-severity', command),
    family,
    ...(values.all === true ? { all: true } : {}),
  };
}

/** The rules and the finding filter of a spec; an id in --only or --disable that no rule has is a usage error. */
export function buildSelection(spec: SelectionSpec, command = ''): Selection {
  const builtIn = builtInRules();
  const sourceOf = new Map(builtIn.map((r) => [r.id, 'built-in']));
  const pack = loadRulePacks(spec.packs, new Set(sourceOf.keys()));
  setRunbookFolders(pack.runbookFolders);
  for (const [id, file] of pack.sourceOf) sourceOf.set(id, file);
  const definitions = [...builtIn, ...pack.rules];
  for (const id of [...(spec.only ?? []), ...(spec.disable ?? [])]) {
    if (!sourceOf.has(id)) throw new UsageError(`no rule ${id} (logtriage rules lists them)`, command);
  }
  const only = spec.only && new Set(spec.only);
  const disabled = new Set(spec.disable ?? []);
  const worst = spec.minSeverity ? SEVERITIES.indexOf(spec.minSeverity) : SEVERITIES.length - 1;
  const rules = new RuleSet(definitions);
  return {
    spec,
    rules,
    definitions,
    sourceOf,
    problems: pack.problems.map((p) => plainText(`${p.message} (line ${p.line + 1})`)),
    options: { rules, ...(spec.family ? { fallbackFormat: spec.family } : {}), ...(spec.all ? { aggregateRepeats: false } : {}) },
    keeps: (f) => (!only || only.has(f.rule)) && !disabled.has(f.rule) && SEVERITIES.indexOf(f.severity) <= worst,
  };
}

/** The analysis with only the selected findings. */
export function selectFindings(analysis: FileAnalysis, selection: Selection): FileAnalysis {
  const findings = analysis.findings.filter(selection.keeps);
  return findings.length === analysis.findings.length ? analysis : { ...analysis, findings };
}
