// `after` relations between the findings of one file: a finding whose rule names earlier rules
// (`after.rules`, within `after.withinSeconds`, on the same thread if asked) gets their findings as
// related evidence, and its message says how long after the closest one it came.
import type { RuleDefinition } from '../rules/ruleDefinition';
import { addRelated } from '../rules/repeats';
import { fillTemplate } from '../rules/template';
import { formatDuration } from '../timeline/duration';
import type { Finding } from '../types';

/** Earlier findings an `after` relation looks through at most per finding (the relation's own window is usually shorter). */
export const MAX_CAUSE_WALK = 5000;

export type AfterRelation = NonNullable<RuleDefinition['after']>;

/** What a relation reads of a finding: the finding, and the time and thread of its line. */
export interface TimedFinding {
  finding: Finding;
  time?: number;
  thread?: string;
}

/**
 * Relates findings[index] to its causes (findings in line order): adds them to its related
 * information, and gives the text its message gains ('' when there are none).
 */
export function relateAfter(findings: readonly TimedFinding[], index: number, after: AfterRelation): string {
  const p = findings[index];
  const causes = causesOf(findings, index, after);
  if (!causes.length) return '';
  const closest = causes[0];
  for (const c of causes) addRelated(p.finding.related, { span: c.finding.span, message: after.label });
  if (!after.message) return '';
  const waited = p.time !== undefined && closest.time !== undefined ? p.time - closest.time : undefined;
  return fillTemplate(after.message, {
    elapsed: waited !== undefined ? formatDuration(waited) : 'some time',
    line: String(nearestLine(closest.finding, p.finding.span.line) + 1),
    count: String(causes.length),
  });
}

/**
 * Earlier findings of the `after` rules in the window, closest first; at most MAX_CAUSE_WALK
 * findings back (a log whose times repeat never leaves the window).
 */
export function causesOf<T extends TimedFinding>(findings: readonly T[], index: number, after: AfterRelation): T[] {
  const p = findings[index];
  const found: T[] = [];
  for (let j = index - 1; j >= 0 && index - j <= MAX_CAUSE_WALK; j--) {
    const q = findings[j];
    if (q.time !== undefined && p.time !== undefined && p.time - q.time > after.withinSeconds * 1000) break;
    if (!after.rules.includes(q.finding.rule)) continue;
    if (after.sameThread && q.thread !== p.thread) continue;
    found.push(q);
    if (!after.all) break;
  }
  return found;
}

/**
 * The line of an earlier finding nearest to a later one: a finding that stands for several lines (a
 * storm of refusals from line 16 to 24) is closest at its last line before the later one, not its first.
 */
function nearestLine(earlier: Finding, before: number): number {
  const last = Math.max(earlier.endLine, earlier.lastLine);
  return last < before ? last : earlier.span.line;
}
