import { vobEntry, vobMeaning } from '../../decoders/vmwareVob';
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
