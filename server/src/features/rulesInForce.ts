// The rules the server analyses with: the built-in ones, and the workspace's custom rules and rule
// packs once they are checked. Checking thousands of custom rules takes a while (customRules.ts), in
// a worker thread (rulesCheck.ts): until it is done the rules in force before stay (the built-in
// ones at start), and once it is, the owner is told so that every open document is analysed again.
import type { LoadedRules } from './customRules';
import { inForce, loadRules, loadRulesAsync } from './customRules';
import type { RulesCheck } from './rulesCheck';
import { checkRulesInWorker } from './rulesCheck';
import { compileInTurns } from '../engine/rules/signatureMatcher';

/** Longest a document's analysis waits for custom rules being checked before it runs without them. */
export const RULES_WAIT_MS = 2000;

export interface RulesSource {
  folders(): readonly string[];
  trusted(): boolean;
  packs(): readonly string[];
}

export interface RulesListener {
  /** New rules are in force: their problems (broken rules files) to publish, and whether custom rules came or went. */
  loaded(rules: LoadedRules, customChanged: boolean): void;
  failed(e: unknown): void;
}

export class RulesInForce {
  private rules: LoadedRules | undefined;
  /** The check under way, and which load it is (a newer one makes an older one's result stale). */
  private loading: Promise<void> | undefined;
  private load = 0;
  /** The check in a worker thread under way, if any. */
  private check: RulesCheck | undefined;

  constructor(
    private readonly source: RulesSource,
    private readonly listener: RulesListener,
  ) {}

  /** The rules in force; the first call starts checking the custom ones. */
  current(): LoadedRules {
    if (!this.rules) {
      this.rules = loadRules([...this.source.folders()], false);
      this.reload();
    }
    return this.rules;
  }

  /** Whether custom rules were asked for yet (before, there is nothing to reload). */
  get started(): boolean {
    return this.rules !== undefined;
  }

  /** Checks the custom rules again (the rules file, trust or packs changed); the rules in force stay meanwhile. */
  reload(): void {
    const load = ++this.load;
    this.check?.stop(); // its result would be stale
    const folders = [...this.source.folders()];
    const trusted = this.source.trusted();
    const packs = this.source.packs();
    const check = checkRulesInWorker(folders, trusted, packs);
    this.check = check;
    // where no worker starts, or it fails, the check runs here in turns of the event loop
    const checked: Promise<LoadedRules> = check ? check.result.then(inForce, () => (load === this.load ? loadRulesAsync(folders, trusted, packs) : this.rules!)) : loadRulesAsync(folders, trusted, packs);
    const loading = checked.then(
      async (loaded) => {
        // compiled in turns here, so that the first analysis with them does not hold up hovers
        await compileInTurns(loaded.custom);
        if (load !== this.load) return;
        const before = this.rules;
        this.rules = loaded;
        this.listener.loaded(loaded, !!(before?.custom.length || loaded.custom.length));
      },
      (e) => this.listener.failed(e),
    );
    const settled: Promise<void> = loading.finally(() => {
      if (this.loading === settled) this.loading = undefined;
    });
    this.loading = settled;
  }

  /** Lets a check under way finish first, for up to `waitMs`: a first analysis then has the custom rules. */
  async settled(waitMs = RULES_WAIT_MS): Promise<void> {
    if (!this.loading) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.loading, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
  }
}
