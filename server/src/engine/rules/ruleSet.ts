import { CORRELATORS } from './correlators';
import { ENRICHERS } from './enrichers';
import type { RuleDefinition } from './ruleDefinition';
import { RuleError } from './ruleDefinition';
import { SignatureMatcher } from './signatureMatcher';

/** The rules in force (built-in plus custom, minus disabled) and one matcher per family, built lazily. */
export class RuleSet {
  private readonly matchers = new Map<string, SignatureMatcher>();
  readonly byId: ReadonlyMap<string, RuleDefinition>;

  constructor(readonly rules: readonly RuleDefinition[]) {
    for (const r of rules) {
      if (r.correlator && !CORRELATORS[r.correlator]) throw new RuleError(`${r.id}: unknown correlator "${r.correlator}"`);
      if (r.enrich && !ENRICHERS[r.enrich]) throw new RuleError(`${r.id}: unknown enricher "${r.enrich}"`);
    }
    this.byId = new Map(rules.map((r) => [r.id, r]));
  }

  /** The matcher for a family; `null` (unrecognised file) gets only the rules for every family. */
  matcherFor(format: string | null): SignatureMatcher {
    const key = format ?? '';
    let m = this.matchers.get(key);
    if (!m) {
      m = new SignatureMatcher(this.rules.filter((r) => r.families.includes('*') || (format !== null && r.families.includes(format))));
      this.matchers.set(key, m);
    }
    return m;
  }

  without(disabled: Iterable<string>): RuleSet {
    const off = new Set(disabled);
    return off.size ? new RuleSet(this.rules.filter((r) => !off.has(r.id))) : this;
  }
}
