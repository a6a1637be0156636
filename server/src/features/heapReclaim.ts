// V8 lets the heap of a fresh process grow to several hundred megabytes before its first full
// collection, and after one to a few times what survived it. A burst of work (200 documents opened
// at once: their text in, their diagnostics out, what each analysis drops) leaves that much garbage
// behind it before any is reclaimed. So once the heap has grown by RECLAIM_STEP since the last
// collection, the server starts one itself, incremental (marking runs beside the work, the pause
// stays short), and memory follows what is live: the documents' text and their findings.
import { getHeapStatistics, setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';

type Collect = (options: { type: 'major'; execution: 'async' }) => void;

/** Growth of the heap that starts a collection. */
const RECLAIM_STEP = 96 * 1024 * 1024;

/** V8's own collector, where the engine lets a script ask for it; undefined where it does not. */
function collector(): Collect | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const collect = runInNewContext('gc') as unknown;
    return typeof collect === 'function' ? (collect as Collect) : undefined;
  } catch {
    return undefined;
  }
}

let collect: Collect | undefined | null = null;
let base = 0;

/** Starts an incremental collection when the heap grew by RECLAIM_STEP since the last one started here. */
export function reclaimIfGrown(): void {
  if (collect === null) collect = collector();
  if (!collect) return;
  const used = getHeapStatistics().used_heap_size;
  if (used < base + RECLAIM_STEP) {
    base = Math.min(base, used); // a collection of V8's own brought it down
    return;
  }
  base = used;
  collect({ type: 'major', execution: 'async' });
}
