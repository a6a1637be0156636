// A member of an archive is named by the archive's path, `!/`, and the member's path inside it
// (`bundle.tgz!/esx-host-2024.../var/run/log/vmkernel.log`), nested archives repeating the
// separator. Everything that shows or opens a log (CLI, report, timeline, editor) uses this name.

export const MEMBER_SEPARATOR = '!/';

/** Names that are read as archives (the content decides for other names: see kind.ts). */
const ARCHIVE_NAME = /\.(?:tar|tgz|tar\.gz|tbz|tbz2|tar\.bz2|txz|tar\.xz|zip)$/i;

export function isArchiveName(name: string): boolean {
  return ARCHIVE_NAME.test(name);
}

export interface SplitMemberPath {
  /** The archive file on disk. */
  archive: string;
  /** Member paths, outermost first: each but the last names an archive inside the previous one. */
  members: string[];
}

/**
 * Splits a member path at each `!/` that follows an archive name, so that a folder whose own
 * name ends in `!` is not taken for an archive. Undefined for a plain path.
 */
export function splitMemberPath(path: string): SplitMemberPath | undefined {
  const parts: string[] = [];
  let from = 0;
  for (let at = path.indexOf(MEMBER_SEPARATOR); at >= 0; at = path.indexOf(MEMBER_SEPARATOR, at + 1)) {
    const before = path.slice(from, at);
    if (!isArchiveName(before)) continue;
    parts.push(before);
    from = at + MEMBER_SEPARATOR.length;
  }
  if (parts.length === 0) return undefined;
  parts.push(path.slice(from));
  return { archive: parts[0], members: parts.slice(1) };
}

export function isMemberPath(path: string): boolean {
  return path.includes(MEMBER_SEPARATOR) && splitMemberPath(path) !== undefined;
}

/** `p` without trailing slashes (a loop: `/\/+$/` is quadratic on a long run of slashes). */
export function withoutTrailingSlashes(p: string): string {
  let end = p.length;
  while (end > 1 && p.charCodeAt(end - 1) === 0x2f) end--;
  return p.slice(0, end);
}

export function joinMemberPath(archive: string, member: string): string {
  return `${archive}${MEMBER_SEPARATOR}${member}`;
}

/**
 * A member's name as stored, made safe to show and to join: backslashes become slashes, a leading
 * `/` or `./` is dropped (as tar does on extraction) and empty or `.` segments go. Undefined when
 * a segment is `..` (zip-slip, tar traversal): such a member is named, never read.
 */
export function safeMemberName(raw: string): string | undefined {
  const segments = raw
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return undefined;
  if (/^[A-Za-z]:$/.test(segments[0] ?? '')) segments.shift(); // a Windows drive letter
  return segments.length ? segments.join('/') : undefined;
}
