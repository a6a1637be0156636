// When each open document's findings are published: at once when it opens, after a short pause when
// it is edited (typing in a log is rare, and a pause keeps re-analysis off every keystroke). Requests
// that read the whole document (outline, folding, lenses, links) wait for that publish: an editor asks
// for them as soon as it opens a log, and they should come after its diagnostics, not before.

/** Publishes a document's findings; rejected only by a bug, which costs that document its diagnostics. */
export type Publisher = (uri: string) => Promise<void>;

export class PublishSchedule {
  /** The timer of each document's next publish. */
  private readonly pending = new Map<string, NodeJS.Timeout>();
  /** Documents whose publish is under way, with how many (an older one may still be finishing). */
  private readonly publishing = new Map<string, number>();
  /** Requests waiting for a document's scheduled publish. */
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(
    private readonly publish: Publisher,
    private readonly failed: (uri: string, e: unknown) => void,
  ) {}

  /** Publishes the document after `delay` ms, instead of any publish scheduled before and not begun. */
  schedule(uri: string, delay: number): void {
    clearTimeout(this.pending.get(uri));
    this.pending.set(
      uri,
      setTimeout(() => {
        this.pending.delete(uri);
        this.publishing.set(uri, (this.publishing.get(uri) ?? 0) + 1);
        this.publish(uri)
          .catch((e) => this.failed(uri, e))
          .finally(() => {
            const left = (this.publishing.get(uri) ?? 1) - 1;
            if (left) this.publishing.set(uri, left);
            else this.publishing.delete(uri);
            // a run dropped for a newer version leaves the waiters to that version's publish
            if (!this.isScheduled(uri)) this.settle(uri);
          });
      }, delay),
    );
  }

  /** Whether a publish of the document is scheduled or under way. */
  isScheduled(uri: string): boolean {
    return this.pending.has(uri) || this.publishing.has(uri);
  }

  /** Resolves once the publish scheduled for `uri` is done; at once when none is. */
  whenPublished(uri: string): Promise<void> {
    if (!this.isScheduled(uri)) return Promise.resolve();
    return new Promise((resolve) => this.waiting.set(uri, [...(this.waiting.get(uri) ?? []), resolve]));
  }

  /** The document closed: nothing more is published for it, and whoever waited goes on. */
  cancel(uri: string): void {
    clearTimeout(this.pending.get(uri));
    this.pending.delete(uri);
    this.settle(uri);
  }

  private settle(uri: string): void {
    const waiters = this.waiting.get(uri);
    this.waiting.delete(uri);
    for (const resolve of waiters ?? []) resolve();
  }
}
