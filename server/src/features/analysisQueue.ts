// Full analyses of open documents wait their turn here, a few at a time. Two hundred documents
// opened at once, each analysed a slice at a time in turn, would all keep their analysis half done
// at once: state that outlives the young generation and fills the heap with garbage, and the first
// diagnostics come only when all are nearly done. In turn, each document's analysis is short-lived
// and published early; a hover on a waiting document moves its analysis to the front.

interface Waiting {
  key: string;
  start: () => void;
}

export class AnalysisQueue {
  private readonly waiting: Waiting[] = [];
  private running = 0;

  constructor(private readonly concurrency = 2) {}

  /** Runs `task` when fewer than `concurrency` tasks run; its result. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.running++;
        let result: Promise<T>;
        try {
          result = task();
        } catch (e) {
          result = Promise.reject(e);
        }
        result.then(resolve, reject).finally(() => {
          this.running--;
          this.next();
        });
      };
      this.waiting.push({ key, start });
      this.next();
    });
  }

  /** The task waiting under `key`, if any, goes first. */
  hurry(key: string): void {
    const at = this.waiting.findIndex((w) => w.key === key);
    if (at > 0) this.waiting.unshift(...this.waiting.splice(at, 1));
  }

  private next(): void {
    while (this.running < this.concurrency && this.waiting.length) this.waiting.shift()!.start();
  }
}
