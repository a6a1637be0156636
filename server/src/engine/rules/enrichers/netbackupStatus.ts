import { isVnetFunction, saysStatusBefore } from '../../decoders/netbackupStatus';
import { loadTable } from '../../decoders/tables';
import type { Severity } from '../../types';
import type { EnricherResult } from '../enrichers';

// The table-driven NetBackup status findings: the status number a line reports becomes its meaning
// (netbackup-status.json, 957 codes) and a first action (netbackup-status-actions.json, the common
// ones; the rest point at the Veritas guide). Status 0 is success and gives no finding.

interface StatusTable {
  codes: { n: number; message: string }[];
}

interface ActionTable {
  actions: { n: number; action: string; runbook?: string }[];
}

let meanings: Map<number, string> | undefined;
let actions: Map<number, ActionTable['actions'][number]> | undefined;

function meaningOf(n: number): string | undefined {
  meanings ??= new Map(loadTable<StatusTable>('netbackup-status').codes.map((c) => [c.n, c.message]));
  return meanings.get(n);
}

function actionOf(n: number): ActionTable['actions'][number] | undefined {
  actions ??= new Map(loadTable<ActionTable>('netbackup-status-actions').actions.map((a) => [a.n, a]));
  return actions.get(n);
}

/** Statuses that report what happened without anything failing: partial success, a cancelled job. */
const INFORMATION = new Set([1, 150]);

/**
 * {status} → {meaning}, the status's first action as the fix and, where the table names one, the
 * runbook of the problem behind it. The job details' last line
 * ("media write error  (84)", matched at its bracket: {paren}) must give the table's words before
 * the number, or the number in brackets is something else and the finding is dropped.
 */
export function netbackupStatus(vars: Record<string, string | undefined>, line: string): EnricherResult {
  const digits = vars.status;
  if (digits === undefined || !/^\d{1,5}$/.test(digits)) return { drop: true };
  const n = Number(digits);
  // status 0 is success; a number a vnet routine reports is a vnet status, not a job's (see the decoder)
  if (n === 0 || isVnetFunction(vars.callee)) return { drop: true };
  const meaning = meaningOf(n);
  // the job details' last line: the words before the bracketed number must be that status's own
  if (vars.paren !== undefined && (meaning === undefined || !saysStatusBefore(line, digits, meaning))) return { drop: true };
  const severity: Severity | undefined = INFORMATION.has(n) ? 'information' : undefined;
  const action = actionOf(n);
  const fix = action?.action ?? `Look up status ${n} in the Veritas NetBackup Status Codes Reference Guide for its recommended action, and read the log of the process that reported it around this line.`;
  return {
    vars: { meaning: meaning ?? 'not in the NetBackup status table; see the Status Codes Reference Guide' },
    severity,
    fix,
    runbook: action?.runbook,
  };
}
