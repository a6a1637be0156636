import { isVnetFunction } from '../../decoders/netbackupStatus';
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
  actions: { n: number; action: string }[];
}

let meanings: Map<number, string> | undefined;
let actions: Map<number, string> | undefined;

function meaningOf(n: number): string | undefined {
  meanings ??= new Map(loadTable<StatusTable>('netbackup-status').codes.map((c) => [c.n, c.message]));
  return meanings.get(n);
}

function actionOf(n: number): string | undefined {
  actions ??= new Map(loadTable<ActionTable>('netbackup-status-actions').actions.map((a) => [a.n, a.action]));
  return actions.get(n);
}

/** Statuses that report what happened without anything failing: partial success, a cancelled job. */
const INFORMATION = new Set([1, 150]);

/** "Media Write Error." and "media write error" are the same words. */
function words(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/** The line before its last "(N)": the rule's pattern stops at the bracket, so that it stays linear. */
function textBefore(line: string, digits: string): string {
  const at = line.lastIndexOf(`(${digits})`);
  return at < 0 ? '' : line.slice(0, at);
}

/** "end writing file read failed" ends with the words of status 13's "file read failed". */
function endsWithWords(text: string, meaning: string | undefined): boolean {
  if (meaning === undefined) return false;
  const said = ` ${words(text)}`;
  return said.endsWith(` ${words(meaning)}`);
}

/**
 * {status} → {meaning} and the status's first action as the fix. The job details' last line
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
  if (vars.paren !== undefined && !endsWithWords(textBefore(line, digits), meaning)) return { drop: true };
  const severity: Severity | undefined = INFORMATION.has(n) ? 'information' : undefined;
  const fix =
    actionOf(n) ??
    `Look up status ${n} in the Veritas NetBackup Status Codes Reference Guide for its recommended action, and read the log of the process that reported it around this line.`;
  return {
    vars: { meaning: meaning ?? 'not in the NetBackup status table; see the Status Codes Reference Guide' },
    severity,
    fix,
  };
}
