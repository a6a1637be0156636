// The first hovers of a session would pay for what the decoders and runbooks load on first use: code
// tables read and parsed, regular expressions compiled, functions not optimised yet (10-20 ms where a
// warm hover takes a tenth of a millisecond). The server does that work once, in idle time after it
// starts, by decoding every rule's sample lines: real log lines of each family, with their codes.
import type { RuleSet } from '../engine';
import { decodeLine, formatById, loadRunbook } from '../engine';

/** Longest step of the warm-up without a turn of the event loop (ms): requests are answered between steps. */
const STEP_MS = 4;

/** One task per rule: its runbook loaded and its samples decoded, in each family the rule is for. */
export function warmUpTasks(rules: RuleSet): (() => void)[] {
  return rules.rules.map((rule) => () => {
    if (rule.runbook) loadRunbook(rule.runbook);
    const formats = rule.families.map((f) => (f === '*' ? undefined : formatById(f)));
    for (const sample of rule.samples) {
      for (const line of sample.split('\n')) for (const format of formats) decodeLine(line, format);
    }
  });
}

/**
 * Runs the warm-up in steps of about STEP_MS between other work; resolves when done. A task that
 * throws is skipped: the hover that needs it will report the problem as it would have anyway.
 */
export function warmUp(rules: RuleSet, stepMs = STEP_MS): Promise<void> {
  const tasks = warmUpTasks(rules);
  let next = 0;
  if (!tasks.length) return Promise.resolve();
  return new Promise((resolve) => {
    const step = () => {
      const until = performance.now() + stepMs;
      do {
        try {
          tasks[next++]();
        } catch {
          // reported by the hover that meets it
        }
      } while (next < tasks.length && performance.now() < until);
      if (next < tasks.length) setImmediate(step);
      else resolve();
    };
    setImmediate(step);
  });
}
