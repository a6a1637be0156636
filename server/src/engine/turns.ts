// Long work in the language server (documents analyzed, folders read, rules checked) runs in slices
// of a few milliseconds. A turn of the event loop per slice is not enough when many run at once:
// setImmediate callbacks queued together all run before the loop reads its input again, so 200
// documents opened together would each take their slice before a hover is read. Here the slices
// queue: one slice per turn of the loop, in turn, and input is read between any two.

/** Longest slice of work between two turns (ms). */
export const SLICE_MS = 8;

const waiting: (() => void)[] = [];
let pumping = false;
/** True while something more urgent waits (the language server's queued messages): no slice then. */
let urgent: () => boolean = () => false;

/** Runs before each slice (the language server checks its heap there: slices make garbage). */
let beforeSlice: () => void = () => undefined;

/** Sets what runs before each slice. */
export function atEachSlice(task: () => void): void {
  beforeSlice = task;
}

/** Tells the slices to wait while `busy()` says more urgent work is queued (it is asked once per turn). */
export function yieldWhile(busy: () => boolean): void {
  urgent = busy;
}

function pump(): void {
  if (urgent()) {
    setImmediate(pump);
    return;
  }
  const next = waiting.shift();
  if (waiting.length) setImmediate(pump);
  else pumping = false;
  beforeSlice();
  next?.();
}

/** Resolves at this caller's turn: after a turn of the event loop, behind the slices queued before it. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!pumping) {
      pumping = true;
      setImmediate(pump);
    }
  });
}

/** A slice timer: `due()` is true once SLICE_MS passed since it started or since the last `turn()`. */
export class Slices {
  private started = Date.now();

  due(): boolean {
    return Date.now() - this.started >= SLICE_MS;
  }

  async turn(): Promise<void> {
    await nextTurn();
    this.started = Date.now();
  }

  /** A turn when the slice is used up. */
  async breathe(): Promise<void> {
    if (this.due()) await this.turn();
  }
}
