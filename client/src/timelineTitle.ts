// The merged timeline's document name (no vscode import: unit-tested).
import * as path from 'path';

/** The timeline's language: the source tags and gap markers over each line's own family colours. */
export const TIMELINE_LANGUAGE = 'logtriage-timeline';

/**
 * The title says what is merged: a folder by its name, a few files by theirs ("bpbrm, vnetd and
 * bpcd"), many by their count. The `.timeline` extension gives the document the timeline language.
 */
export function timelineTitle(paths: readonly string[]): string {
  const trimmed = paths.map((p) => p.replace(/[\\/]+$/, '') || p);
  let names = trimmed.map((p) => path.basename(p));
  // NetBackup's logs are all log.MMDDYY: their process folder tells them apart
  if (new Set(names).size < names.length) names = trimmed.map((p) => `${path.basename(path.dirname(p))}/${path.basename(p)}`);
  const what = names.length === 1 ? names[0] : names.length <= 3 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : `${names.length} logs`;
  return `Merged timeline of ${what}`;
}
