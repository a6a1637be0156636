import { vobEntry, vobIdsWithFindings, vobMeaning } from '../../decoders/vmwareVob';
import type { Enricher } from '../enrichers';

/**
 * esx/vob-problem: the id in brackets decides the finding from the vob table. Recoveries, audit
 * records and informational ids are dropped (they stay decoded on hover); problem ids the table does
 * not know still get a finding, as information, because ESXi files them under esx.problem.
 */
export const vmwareVob: Enricher = (vars) => {
  const id = vars.vob;
  if (!id) return { drop: true };
  const entry = vobEntry(id);
  if (entry ? !entry.finding : !id.startsWith('esx.problem.')) return { drop: true };
  return { vars: { meaning: vobMeaning(id) }, severity: entry?.severity ?? 'information' };
};

/** Namespaces whose ids get a finding only when the table says so (every esx.problem id gets one). */
const TABLE_ONLY = ['[vob.', '[esx.audit.'];

/**
 * The search literals of a rule enriched by vmwareVob: a prefilter for a table-only namespace becomes
 * the bracketed ids of that namespace the table reports. vobd writes an audit or user observation
 * on most of its lines, and none of them can give a finding, so the literal search skips them.
 */
export function vmwareVobPrefilters(prefilters: readonly string[]): string[] {
  const ids = vobIdsWithFindings();
  return prefilters.flatMap((p) => (TABLE_ONLY.includes(p) ? ids.filter((id) => `[${id}`.startsWith(p)).map((id) => `[${id}]`) : [p]));
}
