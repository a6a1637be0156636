import type { AnalyzeOptions, Severity } from '../engine';
import { SEVERITIES } from '../engine';

/** The extension's settings as the server uses them (package.json "configuration"). */
export interface LogTriageSettings {
  disabledRules: string[];
  severityOverrides: Record<string, Severity>;
  connectDelaySeconds: number;
  /** Diagnostics published per file; the rest are summed up in one last diagnostic. */
  maxDiagnosticsPerFile: number;
  /** Most a `.gz` file may expand to in a folder analysis (MiB): a gzip bomb stops there. */
  maxDecompressedMegabytes: number;
  /** Most a whole bundle (archive) may expand to in a folder analysis (MiB). */
  maxBundleMegabytes: number;
  /** Folders (or files) of team rule packs, in the schema of `.logtriage/rules.json`. */
  rulePacks: string[];
}

export const DEFAULT_SETTINGS: LogTriageSettings = { disabledRules: [], severityOverrides: {}, connectDelaySeconds: 9, maxDiagnosticsPerFile: 1000, maxDecompressedMegabytes: 4096, maxBundleMegabytes: 32768, rulePacks: [] };

/**
 * The range each numeric setting is clamped to (package.json says so in its description): VS Code's
 * Problems panel shows at most 1000 markers per file, and the server keeps only what it can send.
 */
export const SETTING_LIMITS = {
  maxDiagnosticsPerFile: [1, 1000],
  maxDecompressedMegabytes: [1, 65536],
  maxBundleMegabytes: [1, 1048576],
  connectDelaySeconds: [1, 3600],
} as const;

/** A finite number clamped to [min, max] (integers when asked), or the default for anything else. */
function clamped(value: unknown, [min, max]: readonly [number, number], fallback: number, integer = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  const v = Math.min(max, Math.max(min, value));
  return integer ? Math.floor(v) : v;
}

/** Reads the `logtriage` section defensively: a bad value falls back to its default, never throws. */
export function parseSettings(section: unknown): LogTriageSettings {
  const s = (section ?? {}) as {
    rules?: { disabled?: unknown; severity?: unknown };
    netbackup?: { connectDelaySeconds?: unknown };
    maxDiagnosticsPerFile?: unknown;
    gzip?: { maxDecompressedMegabytes?: unknown };
    bundle?: { maxDecompressedMegabytes?: unknown };
    rulePacks?: unknown;
  };
  const disabled = Array.isArray(s.rules?.disabled) ? s.rules.disabled.filter((x): x is string => typeof x === 'string') : [];
  const severityOverrides: Record<string, Severity> = {};
  if (s.rules?.severity && typeof s.rules.severity === 'object') {
    for (const [id, sev] of Object.entries(s.rules.severity as Record<string, unknown>)) {
      if (SEVERITIES.includes(sev as Severity)) severityOverrides[id] = sev as Severity;
    }
  }
  const delay = s.netbackup?.connectDelaySeconds;
  const cap = s.maxDiagnosticsPerFile;
  const gz = s.gzip?.maxDecompressedMegabytes;
  const bundle = s.bundle?.maxDecompressedMegabytes;
  const packs = Array.isArray(s.rulePacks) ? s.rulePacks.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
  return {
    rulePacks: packs,
    maxBundleMegabytes: clamped(bundle, SETTING_LIMITS.maxBundleMegabytes, DEFAULT_SETTINGS.maxBundleMegabytes),
    maxDecompressedMegabytes: clamped(gz, SETTING_LIMITS.maxDecompressedMegabytes, DEFAULT_SETTINGS.maxDecompressedMegabytes),
    maxDiagnosticsPerFile: clamped(cap, SETTING_LIMITS.maxDiagnosticsPerFile, DEFAULT_SETTINGS.maxDiagnosticsPerFile, true),
    disabledRules: disabled,
    severityOverrides,
    connectDelaySeconds: clamped(delay, SETTING_LIMITS.connectDelaySeconds, DEFAULT_SETTINGS.connectDelaySeconds),
  };
}

/** The engine options the settings imply (the rule set is chosen by the caller). */
export function analyzeOptionsFrom(settings: LogTriageSettings): Pick<AnalyzeOptions, 'severityOverrides' | 'parameters' | 'maxDecompressedBytes'> & { maxBundleBytes: number } {
  return {
    maxBundleBytes: Math.floor(settings.maxBundleMegabytes * 1024 * 1024),
    maxDecompressedBytes: Math.floor(settings.maxDecompressedMegabytes * 1024 * 1024),
    severityOverrides: settings.severityOverrides,
    parameters: { 'nbu/pbx-connect-delay': { delaySeconds: settings.connectDelaySeconds } },
  };
}
