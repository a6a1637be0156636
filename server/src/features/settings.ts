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

export const DEFAULT_SETTINGS: LogTriageSettings = { disabledRules: [], severityOverrides: {}, connectDelaySeconds: 9, maxDiagnosticsPerFile: 3000, maxDecompressedMegabytes: 4096, maxBundleMegabytes: 32768, rulePacks: [] };

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
    maxBundleMegabytes: typeof bundle === 'number' && bundle >= 1 ? bundle : DEFAULT_SETTINGS.maxBundleMegabytes,
    maxDecompressedMegabytes: typeof gz === 'number' && gz >= 1 ? gz : DEFAULT_SETTINGS.maxDecompressedMegabytes,
    maxDiagnosticsPerFile: typeof cap === 'number' && cap >= 1 ? Math.floor(cap) : DEFAULT_SETTINGS.maxDiagnosticsPerFile,
    disabledRules: disabled,
    severityOverrides,
    connectDelaySeconds: typeof delay === 'number' && delay > 0 ? delay : DEFAULT_SETTINGS.connectDelaySeconds,
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
