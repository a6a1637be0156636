import type { ListedPath } from '../listLogFiles';
import { indexArchive } from './openMember';
import { archiveKindOf } from './walk';

/** Listed files with each archive replaced by its members (those not read keep their reason). */
export async function expandArchives(listed: ListedPath[]): Promise<ListedPath[]> {
  const out: ListedPath[] = [];
  for (const entry of listed) {
    if (entry.error || !(await archiveKindOf(entry.path))) {
      out.push(entry);
      continue;
    }
    const { entries, notes } = await indexArchive(entry.path);
    for (const m of entries) out.push(m.skipped ? { path: m.path, error: m.skipped } : { path: m.path });
    for (const n of notes) out.push({ path: n.path, error: n.reason });
  }
  return out;
}
