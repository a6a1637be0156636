import type { Severity } from '../types';
import type { Decoding } from '../types';
import type { Decoder } from './decoder';
import type { TableSource } from './tables';
import { loadTable, sourceLines } from './tables';

// VMware observations and ESXi event ids, as vobd.log, vmkernel.log and hostd write them:
//   [APDCorrelator] 2416565ms: [esx.problem.storage.apd.start] Device or filesystem with identifier ...
//   [scsiCorrelator] 17284358534073us: [vob.scsi.scsipath.pathstate.deadver2] scsiPath vmhba2:C0:T19:L1 ...

export interface VobEntry {
  id: string;
  /** problem, clear (a recovery), audit, or vob (the raw observation). */
  kind: string;
  catalog?: string;
  meaning?: string;
  /** Whether the id is a problem worth a finding of its own. */
  finding: boolean;
  severity: Severity;
  runbook?: string;
}

interface VobTable {
  sources: TableSource[];
  ids: VobEntry[];
}

let byId: Map<string, VobEntry> | undefined;

/** The table's entry for one id, or undefined. */
export function vobEntry(id: string): VobEntry | undefined {
  byId ??= new Map(loadTable<VobTable>('vmware-vob-ids').ids.map((e) => [e.id, e]));
  return byId.get(id);
}

/** The ids of the table that get a finding of their own. */
export function vobIdsWithFindings(): string[] {
  return loadTable<VobTable>('vmware-vob-ids')
    .ids.filter((e) => e.finding)
    .map((e) => e.id);
}

/** What an id means in one sentence: our note, else the catalogue's words, else its namespace. */
export function vobMeaning(id: string): string {
  const e = vobEntry(id);
  if (e?.meaning) return e.meaning;
  if (e?.catalog) return `${e.catalog.replace(/\.$/, '')} (vCenter event catalogue)`;
  return id.startsWith('esx.problem.') ? 'an ESXi problem event this table does not describe yet' : 'an observation this table does not describe yet';
}

const KIND_TEXT: Record<string, string> = {
  problem: 'ESXi problem event',
  clear: 'ESXi recovery event (the problem it names is over)',
  audit: 'ESXi audit record',
  vob: 'VMware observation (vob)',
};

// An id as the logs write it: vob.x.y or esx.problem|clear|audit.x.y, between brackets or parentheses.
const ID = /(?<=[[(])(?:vob|esx\.(?:problem|clear|audit))\.[A-Za-z0-9_.]+[A-Za-z0-9_](?=[\])])/g;

export const vmwareVobDecoder: Decoder = {
  kind: 'vmware-vob',
  decode(line) {
    if (!line.includes('vob.') && !line.includes('esx.')) return [];
    const out: Decoding[] = [];
    for (const m of line.matchAll(ID)) {
      const e = vobEntry(m[0]);
      const kind = e?.kind ?? (m[0].startsWith('vob.') ? 'vob' : m[0].split('.')[1]);
      const details = [vobMeaning(m[0])];
      if (e?.catalog && e.meaning) details.push(`vCenter event catalogue: "${e.catalog}"`);
      if (!e) details.push('Not in the table: the id is shown as logged.');
      details.push(...sourceLines(loadTable<VobTable>('vmware-vob-ids').sources.slice(0, 1)));
      out.push({
        kind: this.kind,
        text: m[0],
        start: m.index!,
        end: m.index! + m[0].length,
        summary: `${KIND_TEXT[kind] ?? 'VMware event'} ${m[0]}`,
        details,
      });
    }
    return out;
  },
};
