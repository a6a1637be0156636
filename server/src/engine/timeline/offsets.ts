// Per-file clock offsets: hosts' clocks disagree, and one log written in UTC beside others in local
// time is off by hours. An offset is added to every time of the files it names, before merging,
// filtering, gap detection and cross-file correlation.
import { parseDuration } from './duration';

export interface ClockOffsetRule {
  /** A source tag ("client/vnetd"), a path, or a glob over the path ("**\/client/**", "*.log"). */
  pattern: string;
  /** Added to the file's times. A client whose clock runs 5 s ahead needs -5000. */
  ms: number;
}

/** Settings form, `{ "glob": seconds }` (logtriage.timeline.offsets); entries that are not numbers are skipped. */
export function offsetRulesFromSeconds(settings: unknown): ClockOffsetRule[] {
  if (!settings || typeof settings !== 'object') return [];
  return Object.entries(settings as Record<string, unknown>)
    .filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]))
    .map(([pattern, seconds]) => ({ pattern, ms: Math.round(seconds * 1000) }));
}

/** Command-line form, "pattern=+5s"; undefined when it is not one. The last "=" splits, so paths may hold "=". */
export function parseOffsetArgument(text: string): ClockOffsetRule | undefined {
  const eq = text.lastIndexOf('=');
  if (eq <= 0) return undefined;
  const ms = parseDuration(text.slice(eq + 1));
  return ms === undefined ? undefined : { pattern: text.slice(0, eq), ms };
}

function normalise(p: string): string {
  return p.replace(/\\/g, '/');
}

/** One path segment against one glob segment ("*" any run, "?" one character); linear greedy matching with backtrack to the last star. */
function segmentMatches(glob: string, text: string): boolean {
  let g = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (g < glob.length && (glob[g] === '?' || glob[g] === text[t])) {
      g++;
      t++;
    } else if (g < glob.length && glob[g] === '*') {
      star = g++;
      mark = t;
    } else if (star >= 0) {
      g = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === '*') g++;
  return g === glob.length;
}

/** Path segments against glob segments, "**" standing for any number of segments; memoised, so O(globs x parts). */
function segmentsMatch(globs: string[], parts: string[]): boolean {
  const failed = new Set<number>();
  const width = parts.length + 1;
  const match = (gi: number, pi: number): boolean => {
    if (failed.has(gi * width + pi)) return false;
    let ok: boolean;
    if (gi === globs.length) ok = pi === parts.length;
    else if (globs[gi] === '**') ok = match(gi + 1, pi) || (pi < parts.length && match(gi, pi + 1));
    else ok = pi < parts.length && segmentMatches(globs[gi], parts[pi]) && match(gi + 1, pi + 1);
    if (!ok) failed.add(gi * width + pi);
    return ok;
  };
  return match(0, 0);
}

/**
 * Whether a glob names the file. A relative glob may match anywhere below the root ("client/vnetd"
 * names ".../client/vnetd/log.050514" and "client" every file below a "client" folder).
 */
export function globMatchesPath(glob: string, path: string): boolean {
  let g = normalise(glob);
  while (g.endsWith('/')) g = g.slice(0, -1); // a trailing-slash regex would be quadratic on "////...x"
  const p = normalise(path);
  if (!g) return false;
  const parts = p.split('/').filter((s) => s.length > 0);
  const globs = g.split('/').filter((s) => s.length > 0);
  const absolute = g.startsWith('/') || /^[A-Za-z]:\//.test(g);
  if (absolute) return segmentsMatch(globs, parts) || segmentsMatch([...globs, '**'], parts);
  return segmentsMatch(['**', ...globs], parts) || segmentsMatch(['**', ...globs, '**'], parts);
}

/** The first rule whose pattern is the file's tag or matches its path. */
export function ruleFor<R extends { pattern: string }>(path: string, tag: string, rules: readonly R[]): R | undefined {
  return rules.find((r) => r.pattern === tag || globMatchesPath(r.pattern, path));
}

/** The offset of one file: the first rule whose pattern is its tag or matches its path; 0 when none does. */
export function offsetFor(path: string, tag: string, rules: readonly ClockOffsetRule[]): number {
  return ruleFor(path, tag, rules)?.ms ?? 0;
}
