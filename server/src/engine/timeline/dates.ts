// Days for time-of-day logs whose names give none: NetBackup writes only the time of day and puts the
// date in the file name (log.MMDDYY), which customers lose when they rename or copy a log. The
// engineer states the day per file (a tag, a path or a glob, as for clock offsets).

export interface DateRule {
  /** A source tag, a path, or a glob over the path. */
  pattern: string;
  /** UTC midnight of the day, ms. */
  day: number;
}

/** "YYYY-MM-DD" as UTC midnight; undefined for anything else or a day that does not exist. */
export function parseDay(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const day = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  return new Date(day).toISOString().startsWith(text.trim()) ? day : undefined;
}

/** Command-line form, "file=2014-05-05"; the last "=" splits, so paths may hold "=". */
export function parseDateArgument(text: string): DateRule | undefined {
  const eq = text.lastIndexOf('=');
  if (eq <= 0) return undefined;
  const day = parseDay(text.slice(eq + 1));
  return day === undefined ? undefined : { pattern: text.slice(0, eq), day };
}

/** Settings form, `{ "glob": "2014-05-05" }` (logtriage.timeline.dates); entries that are not days are skipped. */
export function dateRulesFromSettings(settings: unknown): DateRule[] {
  if (!settings || typeof settings !== 'object') return [];
  const rules: DateRule[] = [];
  for (const [pattern, value] of Object.entries(settings as Record<string, unknown>)) {
    const day = typeof value === 'string' ? parseDay(value) : undefined;
    if (day !== undefined) rules.push({ pattern, day });
  }
  return rules;
}
