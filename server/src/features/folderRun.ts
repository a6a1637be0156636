// What one Analyze Folder run changed, so that a cancelled run can put back what was there before:
// a re-run publishes each file as it goes, replacing the previous run's findings of that file, and
// a cancel must not leave a mix of two runs that looks complete.
import type { FileAnalysis } from '../engine';

/** How the run's results reach the editor (the Problems panel and the Findings view). */
export interface FolderPublisher {
  publish(uri: string, analysis: FileAnalysis): void;
  unpublish(uri: string): void;
  /** An open document's findings are its own analysis: it is re-published from its text. */
  republishOpen(uri: string): boolean;
}

export class FolderRun {
  /** Each file this run published, with the result it replaced (undefined: none). */
  private readonly replaced = new Map<string, FileAnalysis | undefined>();

  constructor(
    /** The latest complete result of every file any folder run analysed, by URI. */
    private readonly results: Map<string, FileAnalysis>,
    private readonly out: FolderPublisher,
  ) {}

  /** A file's new result: kept, and published unless the file is open (its own analysis shows then). */
  set(uri: string, analysis: FileAnalysis, open: boolean): void {
    if (!this.replaced.has(uri)) this.replaced.set(uri, this.results.get(uri));
    this.results.set(uri, analysis);
    if (!open) this.out.publish(uri, analysis);
  }

  /** A result of this run that changed after it was published (evidence found in another file). */
  changed(uri: string, analysis: FileAnalysis, open: boolean): void {
    if (this.replaced.has(uri) && !open) this.out.publish(uri, analysis);
  }

  /** The run was cancelled: every file it published shows what it showed before the run. */
  restore(): void {
    for (const [uri, previous] of this.replaced) {
      if (previous) this.results.set(uri, previous);
      else this.results.delete(uri);
      if (this.out.republishOpen(uri)) continue;
      if (previous) this.out.publish(uri, previous);
      else this.out.unpublish(uri);
    }
    this.replaced.clear();
  }
}
