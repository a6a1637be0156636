import type { RuleDefinition } from '../ruleDefinition';
import type { LineSpan, LogRecord, RelatedEvidence, Severity } from '../../types';

/** A line the correlator's pattern matched, with its record when the family could parse it. */
export interface WatchedLine {
  text: string;
  line: number;
  match: RegExpExecArray;
  record?: LogRecord;
}

/** What a correlator reports; the engine turns it into a finding of the correlator's rule. */
export interface CorrelatedFinding {
  span: LineSpan;
  endLine?: number;
  /** Values for the rule's message template. */
  vars: Record<string, string>;
  related?: RelatedEvidence[];
  severity?: Severity;
  /** Key of the rule's `messages` template to use instead of `message`. */
  template?: string;
  time?: number;
  thread?: string;
}

/** One correlator's state while one file is scanned. State must stay bounded whatever the file size. */
export interface CorrelatorRun {
  see(line: WatchedLine): void;
  /** End of file: report what is still open. */
  finish(): void;
}

/**
 * A multi-line rule (gaps, storms, chains, overruns). Its rule entry in knowledge/rules gives the
 * lines it watches (`pattern`), its message, fix and `parameters`; the module holds only the logic.
 */
export interface Correlator {
  name: string;
  start(rule: RuleDefinition, parameters: Readonly<Record<string, number>>, emit: (f: CorrelatedFinding) => void): CorrelatorRun;
}

/**
 * Keeps at most `limit` keys, forgetting the least recently set: bounded per-thread state. An entry
 * forgotten this way goes to `onEvict` first, so that what it held (a storm, an open run) can still
 * be reported: eviction must never lose a finding.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(
    private readonly limit = 4096,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {
    super();
  }
  /**
   * Walks the keys in the order they were set, kept between evictions: every key behind it was
   * evicted, so its next key is the oldest. A fresh keys() per eviction would step again over the
   * holes that the deleted keys leave at the front of the table (quadratic on a full map).
   */
  private oldest: IterableIterator<K> | undefined;

  override set(key: K, value: V): this {
    if (this.has(key)) this.delete(key);
    else if (this.size >= this.limit) this.evictOldest();
    return super.set(key, value);
  }

  private evictOldest(): void {
    let next = (this.oldest ??= this.keys()).next();
    if (next.done) next = (this.oldest = this.keys()).next(); // an empty map (limit 0) ends an iterator for good
    if (next.done) return;
    const value = this.get(next.value) as V;
    this.delete(next.value);
    this.onEvict?.(next.value, value);
  }

  override clear(): void {
    this.oldest = undefined;
    super.clear();
  }
}

/** Seconds between two record times; time-only logs that cross midnight wrap forward. */
export function secondsBetween(earlier: number | undefined, later: number | undefined): number | undefined {
  if (earlier === undefined || later === undefined) return undefined;
  let d = (later - earlier) / 1000;
  if (d < -43200 && d > -86400) d += 86400;
  return d;
}
