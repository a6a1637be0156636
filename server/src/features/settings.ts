// Only the engine's types here: the client reads the same limits without the engine in its bundle.
import type { AnalyzeOptions } from '../engine/analyze';
import type { Severity } from '../engine/types';
import { SEVERITIES } from '../engine/types';

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
 * The range each numeric setting is clamped to (package.json gives the same minimum and maximum):
 * VS Code's Problems panel shows at most 1000 markers per file, and the server keeps only what it
 * can send; VS Code hands no document over 50 MB to an extension; a week without a line is the most
 * a gap marker is useful for; a clock offset beyond a year is a wrong year, not a skewed clock.
 */
export const SETTING_LIMITS = {
  maxDiagnosticsPerFile: [1, 1000],
  maxDecompressedMegabytes: [1, 65536],
  maxBundleMegabytes: [1, 1048576],
  connectDelaySeconds: [1, 3600],
  gzipOpenMegabytes: [1, 49],
  timelineGapSeconds: [0, 604800],
  timelineYear: [1970, 2100],
  timelineOffsetSeconds: [-31622400, 31622400],
} as const;

export const DEFAULT_GZIP_OPEN_MEGABYTES = 48;
export const DEFAULT_TIMELINE_GAP_SECONDS = 300;

/** A finite number clamped to [min, max] (integers when asked), or the default for anything else. */
export function clamped(value: unknown, [min, max]: readonly [number, number], fallback: number, integer = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  const v = Math.min(max, Math.max(min, value));
  return integer ? Math.floor(v) : v;
}

/** `logtriage.timeline.year`: a whole year in range, else none (a year guessed wrong misplaces every line). */
export function timelineYear(value: unknown): number | undefined {
  const [min, max] = SETTING_LIMITS.timelineYear;
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

/** `logtriage.timeline.gapSeconds`, clamped; 0 turns gap markers off. */
export function timelineGapSeconds(value: unknown): number {
  return clamped(value, SETTING_LIMITS.timelineGapSeconds, DEFAULT_TIMELINE_GAP_SECONDS);
}

/** `logtriage.timeline.offsets`: per file pattern, seconds clamped to a year either way; other values dropped. */
export function timelineOffsetSeconds(value: unknown): Record<string, number> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, number> = {};
  for (const [pattern, seconds] of Object.entries(value as Record<string, unknown>)) {
    if (typeof seconds === 'number' && Number.isFinite(seconds)) out[pattern] = clamped(seconds, SETTING_LIMITS.timelineOffsetSeconds, 0);
  }
  return out;
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
