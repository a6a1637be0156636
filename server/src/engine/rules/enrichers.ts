import { describeSense } from '../decoders/scsiSense';
import { opcodeInfo, parseHexByte, scsiStatusInfo } from '../decoders/scsiTables';
import { esxGenerationOf, hostStatusInfo, pluginStatusInfo } from '../decoders/vmwareTables';
import type { Severity } from '../types';
import { netbackupStatus } from './enrichers/netbackupStatus';
import { srBackendError } from './enrichers/srBackendError';
import { vmwareVob, vmwareVobPrefilters } from './enrichers/vmwareVob';

/**
 * Adds decoded values to a signature finding's template variables, and may set its severity.
 * Rules name them in "enrich"; the code tables stay the single source of the meanings.
 */
export interface EnricherResult {
  vars?: Record<string, string>;
  severity?: Severity;
  /** Replaces the rule's fix (a table gives the action for this code). */
  fix?: string;
  /** Replaces the rule's runbook (the code names a problem that has its own). */
  runbook?: string;
  /** The line is not what the rule is about after all (e.g. status 0): no finding. */
  drop?: true;
}

export type Enricher = (vars: Record<string, string | undefined>, line: string) => EnricherResult;

const num = (hex: string | undefined) => (hex === undefined ? undefined : parseHexByte(hex));

/** {command} → "READ(10) (0x28)" when the line names the operation code. */
function commandName(vars: Record<string, string | undefined>): string {
  const op = num(vars.opcode);
  return op === undefined || Number.isNaN(op) ? 'a SCSI command' : `${opcodeInfo(op).name} (0x${op.toString(16).padStart(2, '0')})`;
}

/**
 * Probes ESX sends to learn what a device supports (ATA PASS-THROUGH for SMART, MODE SENSE, LOG SENSE,
 * VPD pages, REPORT TARGET PORT GROUPS...): a local disk or controller that does not support one answers
 * ILLEGAL REQUEST with INVALID COMMAND OPERATION CODE (0x20) or INVALID FIELD IN CDB (0x24), which is
 * an answer, not a failure.
 */
const PROBE_OPCODES = new Set([0x85, 0xa1, 0x1a, 0x5a, 0x4d, 0x12, 0x9e, 0xa3, 0x1c, 0x4a, 0xf0, 0xf1]);

/**
 * Per enricher that drops whole namespaces of lines, the prefilters narrowed to the lines it can
 * keep (from its table), so that the literal search does not stop at the others.
 */
export const ENRICHER_PREFILTERS: Record<string, (prefilters: readonly string[]) => string[]> = {
  'vmware-vob': vmwareVobPrefilters,
};

export const ENRICHERS: Record<string, Enricher> = {
  // nbu/status-code, nbu/job-status: the status table's meaning and first action; status 0 is dropped
  'netbackup-status': netbackupStatus,
  'sr-backend-error': srBackendError,
  'vmware-vob': vmwareVob,
  // esx/scsi-check-condition: the sense key decides the severity (UNIT ATTENTION is a notice, MEDIUM ERROR is not)
  'scsi-sense'(vars) {
    const key = num(vars.key);
    const asc = num(vars.asc);
    const ascq = num(vars.ascq);
    if (key === undefined || asc === undefined || ascq === undefined || [key, asc, ascq].some(Number.isNaN)) return {};
    const op = num(vars.opcode);
    if (key === 0x5 && (asc === 0x20 || asc === 0x24) && op !== undefined && PROBE_OPCODES.has(op)) return { drop: true };
    const sense = describeSense(key, asc, ascq);
    return { vars: { sense: sense.summary, note: sense.note ?? 'see the hover for the codes', command: commandName(vars) }, severity: sense.severity };
  },
  // esx/scsi-host-error: name the host and plug-in status codes
  'scsi-host-status'(vars, line) {
    const host = num(vars.host) ?? 0;
    const plugin = num(vars.plugin) ?? 0;
    const device = num(vars.device) ?? 0;
    const h = hostStatusInfo(host);
    const p = vars.plugin === undefined ? undefined : pluginStatusInfo(plugin, esxGenerationOf(line)).readings[0];
    return {
      vars: {
        hostStatus: `H:${vars.host} ${h.status}`,
        // ESX 3.x logs host/device status without a plug-in status
        pluginStatus: vars.plugin === undefined ? 'no plug-in status' : `P:${vars.plugin} ${p?.status ?? 'unknown'}`,
        deviceStatus: `D:${vars.device} ${scsiStatusInfo(device).name}`,
        meaning: host !== 0 ? h.meaning : (p?.meaning ?? 'see the hover for the plug-in status'),
        command: commandName(vars),
      },
    };
  },
};
