// The findings of one file as the scan meets them: a plain rule's match decoded into its values
// (with the rule's enricher), a correlator's finding, repeats of one rule on one subject counted
// into one finding (rules/repeats.ts); at the end, in line order, with `after` relations and their
// messages filled in.
import type { CorrelatedFinding } from '../rules/correlators/correlator';
import { ENRICHERS } from '../rules/enrichers';
import type { RuleDefinition } from '../rules/ruleDefinition';
import type { RepeatSummary } from '../rules/repeats';
import { capRelated, describeRepeats, RepeatCounter } from '../rules/repeats';
import { fillTemplate } from '../rules/template';
import type { Finding, LogRecord, Severity } from '../types';
import type { TimedFinding } from './afterRelations';
import { relateAfter } from './afterRelations';

/** Distinct matched texts whose decoding is remembered (the memo starts over when full). */
const DECODED_MEMO = 512;
/** Longer matched texts are decoded every time (they are seldom repeated, and costly to keep). */
const MEMO_MATCH_CHARS = 512;

interface PendingFinding extends TimedFinding {
  def: RuleDefinition;
  vars: Record<string, string | undefined>;
  template?: string;
  /** Set on a finding that counts repeats: updated as more arrive, written into its message at the end. */
  repeats?: RepeatSummary;
}

/** A match's values for its rule's templates, as add() decodes them once per distinct matched text. */
interface Decoded {
  vars: Record<string, string | undefined>;
  severity: Severity;
  subject: string;
  /** The enricher's fix and runbook for this code (a status table's action), over the rule's. */
  fix?: string;
  runbook?: string;
  /** The enricher says the line is not what the rule is about (status 0): no finding. */
  drop?: true;
}

/** What the builder needs of the scanner. */
export interface FindingsContext {
  /** The record of a matched line, parsed once however many rules ask. */
  readRecord(line: string, lineNo: number): LogRecord | undefined;
  /** Any line's time, as the family's parse gives it (for the times of repeats; cheaper where the family can). */
  timeOf(line: string, lineNo?: number): number | undefined;
  /** A rule's enricher threw: warned once; the finding stays without the decoded values. */
  ruleFailed(def: RuleDefinition, e: unknown, lineNo?: number): void;
  severityOverrides?: Readonly<Record<string, Severity>>;
  /** false: every occurrence is its own finding. */
  aggregateRepeats: boolean;
  /** Occurrences of one rule on one subject reported apart before the rest are counted (0: one finding per subject). */
  repeatsApart?: number;
  /** Runbook values the file's path gives, under every finding's own. */
  fileValues: Readonly<Record<string, string>>;
}

export class FindingsBuilder {
  private readonly pending: PendingFinding[] = [];
  private readonly repeats: RepeatCounter;
  /** Matched text → its decoded values, per rule (and thread): a storm repeats a few distinct matches. */
  private readonly decoded = new Map<string, Decoded>();

  constructor(private readonly context: FindingsContext) {
    this.repeats = new RepeatCounter(context.repeatsApart);
  }

  /**
   * A plain rule's finding on a line (kept out of the scanner's onMatch, which runs on every matched
   * line). A repeat of an earlier finding (same rule, same subject) is only counted: its decoded
   * values come from a small memo by matched text, so that a storm of a million lines costs a count
   * and a parse each, not a million decodings and findings.
   */
  add(def: RuleDefinition, match: RegExpExecArray, line: string, lineNo: number): void {
    const { context } = this;
    const subjectTemplate = def.subject ?? def.message;
    const needsThread = subjectTemplate.includes('{thread}');
    const thread = needsThread ? context.readRecord(line, lineNo)?.thread : undefined;
    const key = `${def.id}\u0000${thread ?? ''}\u0000${match[0]}`;
    let decoded = this.decoded.get(key);
    if (!decoded) {
      decoded = this.decode(def, match, line, lineNo, thread);
      if (this.decoded.size >= DECODED_MEMO) this.decoded.clear();
      if (match[0].length <= MEMO_MATCH_CHARS) this.decoded.set(key, decoded);
    }
    if (decoded.drop) return;
    const span = { line: lineNo, start: match.index, end: match.index + match[0].length };
    let repeats: RepeatSummary | undefined;
    if (context.aggregateRepeats) {
      // the line's time, as its record gives it (so both scan paths agree), without the whole record where the family can
      const admitted = this.repeats.admit(def.id, decoded.subject, { span, lastLine: lineNo, endLine: lineNo, count: 1, time: context.timeOf(line, lineNo) });
      if (admitted === 'folded') return;
      if (admitted !== 'apart') repeats = admitted;
    }
    const record = context.readRecord(line, lineNo);
    const finding = this.newFinding(def, decoded.severity, span);
    finding.values = this.valuesOf(decoded.vars);
    if (decoded.fix) finding.fix = decoded.fix;
    if (decoded.runbook) finding.runbook = decoded.runbook;
    if (record?.thread !== undefined) finding.thread = record.thread;
    const p: PendingFinding = { finding, def, vars: { ...decoded.vars }, time: record?.time, thread: record?.thread, repeats };
    if (repeats) ((repeats.finding = p.finding), (repeats.firstTime = repeats.lastTime = p.time));
    this.pending.push(p);
  }

  /** A correlator's finding, kept apart or counted with the earlier ones of its rule and subject. */
  addCorrelated(def: RuleDefinition, f: CorrelatedFinding): void {
    const finding = this.newFinding(def, f.severity ?? def.severity, f.span);
    finding.endLine = finding.lastLine = f.endLine ?? f.span.line;
    finding.related = capRelated(f.related ?? []);
    finding.values = this.valuesOf(f.vars);
    if (f.thread !== undefined) finding.thread = f.thread;
    const p: PendingFinding = { finding, def, vars: f.vars, template: f.template, time: f.time, thread: f.thread };
    if (this.context.aggregateRepeats) {
      const template = def.subject ?? ((p.template && def.messages?.[p.template]) || def.message);
      const subject = fillTemplate(template, p.thread === undefined || 'thread' in p.vars ? p.vars : { ...p.vars, thread: p.thread });
      const admitted = this.repeats.admit(finding.rule, subject, { span: finding.span, lastLine: finding.lastLine, endLine: finding.endLine, count: finding.count, time: p.time });
      if (admitted === 'folded') return;
      if (admitted !== 'apart') ((p.repeats = admitted), (admitted.finding = finding));
    }
    this.pending.push(p);
  }

  /** The last repeats' times, read once per piece from their lines rather than for every repeat. */
  readonly readRepeatTimes = (): void => this.repeats.readTimes((line) => this.context.timeOf(line));

  /** The findings in line order, related (`after`) and with their messages. */
  finish(): Finding[] {
    this.readRepeatTimes();
    const pending = this.pending.sort((a, b) => a.finding.span.line - b.finding.span.line || a.finding.span.start - b.finding.span.start);
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i];
      const template = (p.template && p.def.messages?.[p.template]) || p.def.message;
      let message = fillTemplate(template, p.vars);
      if (p.def.after) message += relateAfter(pending, i, p.def.after);
      if (p.repeats) message += describeRepeats(p.finding, p.repeats, clockOf, this.repeats.apart);
      p.finding.message = message;
    }
    return pending.map((p) => p.finding);
  }

  /** A match's template values (with the enricher's), severity and subject. */
  private decode(def: RuleDefinition, match: RegExpExecArray, line: string, lineNo: number, thread: string | undefined): Decoded {
    let vars: Record<string, string | undefined> = { match: match[0], ...match.groups };
    let severity = def.severity;
    let fix: string | undefined;
    let runbook: string | undefined;
    if (def.enrich) {
      try {
        const extra = ENRICHERS[def.enrich](vars, line);
        if (extra.drop) return { vars, severity, subject: '', drop: true };
        vars = { ...vars, ...extra.vars };
        severity = extra.severity ?? severity;
        fix = extra.fix;
        runbook = extra.runbook;
      } catch (e) {
        this.context.ruleFailed(def, e, lineNo); // the finding stays, without the decoded values
      }
    }
    const subject = fillTemplate(def.subject ?? def.message, thread === undefined || 'thread' in vars ? vars : { ...vars, thread });
    return { vars, severity, subject, fix, runbook };
  }

  /** The finding's values for its runbook: the file's, then its own text variables (the whole match left out). */
  private valuesOf(vars: Record<string, string | undefined>): Record<string, string> {
    const values: Record<string, string> = { ...this.context.fileValues };
    for (const name in vars) {
      const value = vars[name];
      if (value !== undefined && name !== 'match') values[name] = value;
    }
    return values;
  }

  private newFinding(def: RuleDefinition, severity: Severity, span: Finding['span']): Finding {
    return {
      rule: def.id,
      severity: this.context.severityOverrides?.[def.id] ?? severity,
      span,
      endLine: span.line,
      count: 1,
      lastLine: span.line,
      message: '',
      fix: def.fix,
      related: [],
      href: def.sources.find((s) => s.url)?.url,
      runbook: def.runbook,
    };
  }
}

/** hh:mm:ss of a record time (the date is in the log next to it). */
function clockOf(t: number): string {
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? '?' : d.toISOString().slice(11, 19);
}
