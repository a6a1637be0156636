// Short source tags for the merged timeline: the file's path below the folder all inputs share,
// without NetBackup's dated file names (media/bpbrm/log.050514 -> "media/bpbrm"), shortened to the
// last folders when long, unique per file.

/** NetBackup legacy log names that only say the day: the folder names the process. */
const DATED_NAME = /^(?:log\.\d{6}|\d{6}(?:_\d{5})?\.log|[\w-]+\.\d{6}_\d{5}\.log)(?:\.gz)?$/;
/** Longest tag kept as it is; longer ones are cut to their last segments. */
const MAX_TAG = 28;
/** The tag of gap markers; no file gets it. */
export const GAP_TAG = 'gap';
/** The tag of clock-step markers; no file gets it either. */
export const CLOCK_TAG = 'clock';
const RESERVED = [GAP_TAG, CLOCK_TAG];

function segments(path: string): string[] {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s.length > 0 && s !== '.');
}

function clean(tag: string): string {
  return tag.replace(/[\][\s]/g, '_');
}

/** The shortest run of last segments that is at most MAX_TAG long (at least the last one). */
function shorten(parts: string[]): string {
  let tag = parts[parts.length - 1];
  for (let i = parts.length - 2; i >= 0; i--) {
    const longer = `${parts[i]}/${tag}`;
    if (longer.length > MAX_TAG) break;
    tag = longer;
  }
  return tag;
}

/** One tag per path, in the same order, unique, without "]" or spaces. */
export function sourceTags(paths: readonly string[]): string[] {
  const split = paths.map(segments);
  const dirs = split.map((s) => s.slice(0, -1));
  let common = 0;
  if (split.length > 1) {
    while (dirs.every((d) => d.length > common && d[common] === dirs[0][common])) common++;
  } else {
    common = dirs[0]?.length ?? 0;
  }
  const wanted = split.map((parts) => {
    const name = parts[parts.length - 1] ?? '';
    let rel = parts.slice(common);
    if (DATED_NAME.test(name)) {
      // the process folder says what the file is; keep it even when it is above the common folder
      rel = rel.length > 1 ? rel.slice(0, -1) : parts.length > 1 ? [parts[parts.length - 2]] : rel;
    }
    return clean(shorten(rel.length ? rel : [name]));
  });
  // clashes (two days of one process, same names in different places): the full relative path
  const full = split.map((parts) => clean(parts.slice(common).join('/') || parts.join('/')));
  const count = (list: string[], t: string) => list.filter((x) => x === t).length;
  const tags = wanted.map((t, i) => (count(wanted, t) > 1 || RESERVED.includes(t) ? full[i] : t));
  const seen = new Map<string, number>();
  return tags.map((t) => {
    const n = (seen.get(t) ?? 0) + 1;
    seen.set(t, n);
    return n === 1 && !RESERVED.includes(t) ? t : `${t}#${n}`;
  });
}
