import type { TableSource } from './tables';
import { loadTable } from './tables';

// VMware's own status codes in vmkernel SCSI failure messages: H: host status and P: plug-in status
// (knowledge/tables/vmware-*.json, after VMware KB 1029039, 2004086 and 289902).

interface HostTable {
  sources: TableSource[];
  codes: { code: string; status: string; linux: string; meaning: string }[];
}

interface PluginRow {
  code: string;
  status: string;
  meaning: string;
  confirmed?: boolean;
}

interface PluginTable {
  sources: TableSource[];
  esxi5: PluginRow[];
  esx4: PluginRow[];
}

export interface HostStatusInfo {
  code: number;
  /** VMK_SCSI_HOST_* */
  status: string;
  /** The Linux DID_* name of the same value. */
  linux?: string;
  meaning: string;
  known: boolean;
}

/** Which ESX generation wrote a line: they number the plug-in status differently from 0x4 on. */
export type EsxGeneration = 'esx4' | 'esxi5' | 'unknown';

export interface PluginStatusReading {
  generation: 'esx4' | 'esxi5';
  status: string;
  meaning: string;
  /** False when the code is inferred rather than read in the KB (ESX 4.x 0x5, 0x6). */
  confirmed: boolean;
}

export interface PluginStatusInfo {
  code: number;
  /** The readings that apply: one when the generation is known or both agree, else ESXi 5+ first then ESX 4.x. */
  readings: PluginStatusReading[];
}

const hostTable = () => loadTable<HostTable>('vmware-host-status');
const pluginTable = () => loadTable<PluginTable>('vmware-plugin-status');

export function hostStatusInfo(code: number): HostStatusInfo {
  const e = hostTable().codes.find((c) => parseInt(c.code, 16) === code);
  if (e) return { code, status: e.status, linux: e.linux, meaning: e.meaning, known: true };
  return { code, status: 'unknown host status', meaning: "Not in VMware's published list of host status codes (KB 1029039); see the HBA driver's messages around it.", known: false };
}

function pluginRow(rows: PluginRow[], code: number): PluginRow | undefined {
  return rows.find((r) => parseInt(r.code, 16) === code);
}

export function pluginStatusInfo(code: number, generation: EsxGeneration = 'unknown'): PluginStatusInfo {
  const t = pluginTable();
  const five = pluginRow(t.esxi5, code);
  const four = pluginRow(t.esx4, code);
  const reading = (g: 'esx4' | 'esxi5', r: PluginRow): PluginStatusReading => ({ generation: g, status: r.status, meaning: r.meaning, confirmed: r.confirmed ?? true });
  const readings: PluginStatusReading[] = [];
  if (generation !== 'esx4' && five) readings.push(reading('esxi5', five));
  if (generation !== 'esxi5' && four && !(five && generation === 'unknown' && four.status === five.status)) readings.push(reading('esx4', four));
  return { code, readings };
}

/**
 * Guesses the generation from the message shape (VMware KB 289902's examples): ESX/ESXi 4.x writes
 * "Command 0x28 to device" and "nmp_CompleteCommandForPath: Command 0x2a (...) to NMP device";
 * ESXi 5.x and later write "Cmd(0x...) 0x28, CmdSN 0x.. from world .. to dev". Anything else: unknown.
 */
export function esxGenerationOf(line: string): EsxGeneration {
  if (/\bCmd\(0x[0-9a-fA-F]+\) 0x[0-9a-fA-F]{1,2}, CmdSN\b/.test(line)) return 'esxi5';
  if (/\bCommand 0x[0-9a-fA-F]{1,2} (?:\(0x[0-9a-fA-F]+\) )?to (?:NMP )?device\b/.test(line)) return 'esx4';
  return 'unknown';
}

export const vmwareSources = {
  host: (): TableSource[] => hostTable().sources,
  plugin: (): TableSource[] => pluginTable().sources,
};
