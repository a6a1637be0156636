// Names for the Findings view's files: the base name, with as many parent folders as it takes to tell
// same-named files apart (NetBackup writes `log.050514` in every process folder: `bpbrm/log.050514`),
// and where the file sits relative to the analysed folder (an archive member: relative to its archive).
// Plain path arithmetic, no vscode import, so it is tested on its own.

export interface FileLabel {
  label: string;
  /** The folder relative to the analysed folder or archive ('' when the file is at its top). */
  folder: string;
}

/** A path's segments below the analysed folder (or archive, for a member `archive!/member`). */
function relativeSegments(filePath: string, roots: readonly string[]): string[] {
  const member = filePath.indexOf('!/');
  if (member >= 0) {
    const archive = filePath.slice(0, member);
    return [
      archive.slice(archive.lastIndexOf('/') + 1),
      ...filePath
        .slice(member + 2)
        .split('/')
        .filter(Boolean),
    ];
  }
  // the deepest analysed folder that holds the file
  const root = roots
    .map((r) => r.replace(/\/+$/, ''))
    .filter((r) => filePath.startsWith(r + '/'))
    .sort((a, b) => b.length - a.length)[0];
  return (root !== undefined ? filePath.slice(root.length + 1) : filePath).split('/').filter(Boolean);
}

/**
 * Labels for `paths` (the files of the view, as URI paths): same-named files get the shortest run of
 * parent folders that sets them apart, the others their base name alone.
 */
export function fileLabels(paths: readonly string[], roots: readonly string[]): Map<string, FileLabel> {
  const segments = new Map(paths.map((p) => [p, relativeSegments(p, roots)]));
  const byName = new Map<string, string[]>();
  for (const [p, s] of segments) {
    const name = s[s.length - 1] ?? p;
    byName.set(name, [...(byName.get(name) ?? []), p]);
  }
  const out = new Map<string, FileLabel>();
  for (const group of byName.values()) {
    const depth = distinguishingDepth(group.map((p) => segments.get(p)!));
    for (const p of group) {
      const s = segments.get(p)!;
      const labelParts = s.slice(Math.max(0, s.length - depth));
      out.set(p, { label: labelParts.join('/') || p, folder: s.slice(0, s.length - 1).join('/') });
    }
  }
  return out;
}

/** The fewest trailing segments that make every path of a group differ (all of them, if none do). */
function distinguishingDepth(group: readonly string[][]): number {
  if (group.length < 2) return 1;
  const longest = Math.max(...group.map((s) => s.length));
  for (let depth = 2; depth <= longest; depth++) {
    const suffixes = new Set(group.map((s) => s.slice(Math.max(0, s.length - depth)).join('/')));
    if (suffixes.size === group.length) return depth;
  }
  return longest;
}
