// A log that repeats one problem a million times needs one finding with a count, not a million
// findings: the Problems panel, the JSON output and the memory of whoever keeps them would drown.
// Repeats of one rule on one subject (the rule's `subject` template, else its message) are kept in
// full for the first few, then folded into one finding that counts the rest, with a few examples.
import type { Finding, LineSpan, RelatedEvidence } from '../types';

/** Occurrences of one rule on one subject reported in full before the rest are counted in one finding. */
export const FULL_REPEATS = 3;
/** Distinct subjects kept apart per rule; past this, the rule's further subjects share one count. */
export const MAX_SUBJECTS_PER_RULE = 1000;
/** Related evidence kept per finding: the nearest ones, then one entry that counts the rest. */
export const MAX_RELATED = 10;
/** Examples an aggregated finding lists besides its own line: the next ones, then the last. */
const EXAMPLES = 3;
/** How an example of an aggregated finding's repeats begins its message ("repeat at line N"). */
export const REPEAT_EXAMPLE = 'repeat at line';
/** Characters of a subject used to tell subjects apart (a message can hold a whole log line). */
const SUBJECT_CHARS = 200;
/** The subject of the repeats past MAX_SUBJECTS_PER_RULE. */
const OTHER_SUBJECTS = '\u0000other subjects';

/**
 * Adds evidence to a related list of at most MAX_RELATED entries plus one that counts the rest
 * ("and N more"). The list must be built through this function alone for the count to hold.
 */
export function addRelated(related: RelatedEvidence[], evidence: RelatedEvidence, cap = MAX_RELATED): void {
  if (related.length < cap) {
    related.push(evidence);
    return;
  }
  const last = related[related.length - 1];
  if (related.length === cap || last.more === undefined) {
    related.push({ span: evidence.span, path: evidence.path, message: `and 1 more: ${evidence.message}`, more: 1 });
    return;
  }
  last.more++;
  last.message = `and ${last.more} more like the above`;
}

/** `addRelated` over a list: what a correlator or a relation between files should use. */
export function capRelated(evidence: readonly RelatedEvidence[], cap = MAX_RELATED): RelatedEvidence[] {
  const out: RelatedEvidence[] = [];
  for (const e of evidence) addRelated(out, e, cap);
  return out;
}

/** One occurrence as the counter needs it: where it is, and its time (or its line, to read the time from later). */
export interface Occurrence {
  span: LineSpan;
  lastLine: number;
  endLine: number;
  count: number;
  time?: number;
  /** The occurrence's line, when its time was not read (it is read for the last one only). */
  text?: string;
}

/** A finding that stands for repeats: what the scanner keeps to update it as more arrive. */
export interface RepeatSummary {
  subject: string;
  /** The aggregated finding, once the scanner made it. */
  finding?: Finding;
  firstTime?: number;
  lastTime?: number;
  /** The last occurrence's line when its time is still to be read. */
  lastText?: string;
  examples: RelatedEvidence[];
  last?: RelatedEvidence;
}

interface SubjectCount {
  seen: number;
  aggregate?: RepeatSummary;
}

/**
 * Counts findings per rule and subject. `admit` says what to do with a new one: keep it apart (the
 * first FULL_REPEATS of a subject), start an aggregate with it (the caller makes the finding and
 * sets `finding` on the summary), or fold it into the aggregate, which costs no finding at all.
 */
export class RepeatCounter {
  /** `apart`: occurrences of a subject kept apart before the rest are counted (0: one finding per subject). */
  constructor(readonly apart = FULL_REPEATS) {}

  private readonly byRule = new Map<string, Map<string, SubjectCount>>();
  /** Aggregates whose last occurrence's time is still to be read from its line. */
  private readonly unread = new Set<RepeatSummary>();

  /**
   * Reads the times left to read (the caller's parse), and lets go of the lines: a line is a slice
   * of a piece of the log, and holding it would hold the whole piece.
   */
  readTimes(timeOf: (line: string) => number | undefined): void {
    for (const summary of this.unread) {
      if (summary.lastText !== undefined) summary.lastTime = timeOf(summary.lastText) ?? summary.lastTime;
      summary.lastText = undefined;
    }
    this.unread.clear();
  }

  admit(rule: string, subject: string, o: Occurrence): RepeatSummary | 'apart' | 'folded' {
    let subjects = this.byRule.get(rule);
    if (!subjects) this.byRule.set(rule, (subjects = new Map()));
    let key = subject.length > SUBJECT_CHARS ? subject.slice(0, SUBJECT_CHARS) : subject;
    let count = subjects.get(key);
    if (!count) {
      if (subjects.size >= MAX_SUBJECTS_PER_RULE) key = OTHER_SUBJECTS;
      count = subjects.get(key);
      if (!count) subjects.set(key, (count = { seen: 0 }));
    }
    count.seen++;
    if (count.seen <= this.apart) return 'apart';
    if (!count.aggregate?.finding) {
      count.aggregate = { subject: key === OTHER_SUBJECTS ? 'other subjects' : key, firstTime: o.time, lastTime: o.time, examples: [] };
      return count.aggregate;
    }
    fold(count.aggregate.finding, count.aggregate, o);
    if (count.aggregate.lastText !== undefined) this.unread.add(count.aggregate);
    return 'folded';
  }
}

function fold(into: Finding, summary: RepeatSummary, o: Occurrence): void {
  into.count += o.count;
  const example: RelatedEvidence = { span: o.span, message: `${REPEAT_EXAMPLE} ${o.span.line + 1}` };
  if (o.lastLine > into.lastLine) {
    into.lastLine = o.lastLine;
    into.endLine = Math.max(into.endLine, o.endLine);
    if (o.time !== undefined) ((summary.lastTime = o.time), (summary.lastText = undefined));
    else if (o.text !== undefined) summary.lastText = o.text;
    if (summary.examples.length < EXAMPLES - 1) summary.examples.push(example);
    else summary.last = example;
  } else if (summary.examples.length < EXAMPLES - 1) summary.examples.push(example);
  if (o.time !== undefined && (summary.firstTime === undefined || o.time < summary.firstTime)) summary.firstTime = o.time;
}

/** The words added to an aggregated finding's message, and its examples as related evidence. */
export function describeRepeats(finding: Finding, summary: RepeatSummary, clock: (t: number) => string, apart = FULL_REPEATS): string {
  // a subject seen once (possible when none are kept apart) is a plain finding
  if (finding.count <= 1 && apart === 0) return '';
  const examples = summary.last ? [...summary.examples, summary.last] : summary.examples;
  for (const e of examples) addRelated(finding.related, { span: e.span, message: e.message }, MAX_RELATED + EXAMPLES);
  finding.firstTime = summary.firstTime;
  finding.lastTime = summary.lastTime;
  const times = summary.firstTime !== undefined && summary.lastTime !== undefined && summary.lastTime !== summary.firstTime ? `, ${clock(summary.firstTime)} to ${clock(summary.lastTime)}` : '';
  const after = apart ? `, after the first ${apart} reported apart` : '';
  if (finding.count === 1) return ` [once more, at line ${finding.span.line + 1}${after}]`;
  return ` [repeated ${finding.count} times from line ${finding.span.line + 1} to line ${finding.lastLine + 1}${times}${after}]`;
}
