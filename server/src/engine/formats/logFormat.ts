import { withoutGroupNames } from '../regex/tokenizer';
import type { LogRecord } from '../types';

/**
 * What a line alone does not say but the file does: the year for year-less syslog stamps,
 * the date for time-only lines (NetBackup legacy logs name the day in the file name).
 */
export interface ParseContext {
  /** Year to give stamps that have none (e.g. from the file's modification time). */
  year?: number;
  /** Midnight UTC (ms) of the day that time-only stamps belong to. */
  day?: number;
}

/** One log family: how to recognise it and how to split its lines into records. */
export interface LogFormat {
  /** Stable id, also the VS Code language id (ARCHITECTURE.md, "Contracts"). */
  id: string;
  title: string;
  /** Tested against the file's base name; a match adds weight to content detection. */
  fileNames: RegExp[];
  /** Anchored at line start; a line that matches starts a record. Must be cheap and linear. */
  recordStart: RegExp;
  /** Splits a record's first line; undefined for a continuation line. */
  parse(line: string, context?: ParseContext): LogRecord | undefined;
  /** parse(line, context)?.time, cheaper (the scan reads every finding's time); optional. */
  time?(line: string, context?: ParseContext): number | undefined;
  /** Context the file name gives (e.g. the date of NetBackup `log.MMDDYY`). */
  contextFromName?(fileName: string): ParseContext;
  /** Values for runbook placeholders that the file's path gives (e.g. the VNX Data Mover `server_2`). */
  valuesFromPath?(path: string): Record<string, string>;
  /** Context the file's first lines give (e.g. whether its dates are day first). */
  contextFromText?(head: string): ParseContext;
  /**
   * Lines that continue a record of this family (backtraces, wrapped lines). Detection counts them
   * for the family once one of its record starts has been seen, so that a record with a long
   * backtrace weighs as many lines as it has. Anchored, cheap and linear like `recordStart`.
   */
  continuation?: RegExp;
  /** Some of its stamps have no year (syslog's `May 21 10:15:01`): cross-file relations supply one. */
  yearlessStamps?: boolean;
}

/** Syslog numeric levels (RFC 5424 §6.2.1) folded to the engine's four levels. */
export const SYSLOG_LEVEL_NAMES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug'] as const;

export function syslogLevel(n: number): LogRecord['level'] {
  if (n <= 3) return 'error';
  if (n === 4) return 'warning';
  if (n <= 6) return 'info';
  return 'debug';
}

/** "YYYY-MM-DD HH:MM:SS[.fff]" at `offset` → ms since epoch read as UTC, or undefined. */
export function parseIsoLikeTime(text: string, offset = 0): number | undefined {
  const y = +text.slice(offset, offset + 4);
  const mo = +text.slice(offset + 5, offset + 7);
  const d = +text.slice(offset + 8, offset + 10);
  const h = +text.slice(offset + 11, offset + 13);
  const mi = +text.slice(offset + 14, offset + 16);
  const s = +text.slice(offset + 17, offset + 19);
  let ms = 0;
  if (text[offset + 19] === '.') {
    const frac = /^\d{1,6}/.exec(text.slice(offset + 20, offset + 26));
    if (frac) ms = Math.floor(+frac[0].padEnd(3, '0').slice(0, 3));
  }
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * One anchored regex that matches where any of the given `^`-anchored forms does, without their
 * named groups: a family's `recordStart` only tests, its forms parse. A union of linear forms is linear.
 */
export function anyOf(forms: readonly RegExp[]): RegExp {
  return new RegExp(`^(?:${forms.map((f) => withoutGroupNames(f.source.replace(/^\^/, ''))).join('|')})`);
}
