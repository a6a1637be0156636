// The fixtures of each log family, found from where they are and what they are called, so that the
// detection, grammar and grammar-speed tests (and the benchmark's fallback generator) cover a new
// family's fixture without a list to edit. A fixture belongs to a family when a folder on its path
// is named by the family's id (test/fixtures/<family id>/...), or else when its name is one that
// only that family's `fileNames` claim, read without a `-<variant>` suffix (`fdm-esxi67.log` is an
// `fdm.log`). The catch-all family gives way to a specific one (`kern.log`); a name two specific
// families claim (`messages`) says nothing.
import * as fs from 'fs';
import * as path from 'path';
import type { LogRecord } from '../../server/src/engine';
import type { LogFormat, ParseContext } from '../../server/src/engine/formats';
import { FORMATS } from '../../server/src/engine/formats';
import { fixture } from './paths';

/** The catch-all family of detection (CATCH_ALL in server/src/engine/formats/index.ts). */
export const CATCH_ALL_FAMILY = 'syslog';

export interface FamilyFixture {
  format: LogFormat;
  /** The path under test/fixtures, as `readFixture` takes it. */
  parts: string[];
  path: string;
  /** The name the family's logs have: the file's own, or the file's without its `-<variant>`. */
  logName: string;
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

/** The one family a log name points to, if any. */
function familyNamed(name: string): LogFormat | undefined {
  const claiming = FORMATS.filter((f) => f.fileNames.some((re) => re.test(name)));
  const specific = claiming.filter((f) => f.id !== CATCH_ALL_FAMILY);
  if (specific.length) return specific.length === 1 ? specific[0] : undefined;
  return claiming[0];
}

function familyOf(parts: string[]): { format: LogFormat; logName: string } | undefined {
  const name = parts[parts.length - 1];
  const byFolder = FORMATS.find((f) => parts.slice(0, -1).includes(f.id));
  if (byFolder) return { format: byFolder, logName: name };
  for (const logName of [name, name.replace(/-[^.]*/, '')]) {
    const format = familyNamed(logName);
    if (format) return { format, logName };
  }
  return undefined;
}

function findFamilyFixtures(): FamilyFixture[] {
  const root = fixture();
  return filesUnder(root).flatMap((file) => {
    const parts = path.relative(root, file).split(path.sep);
    const family = familyOf(parts);
    if (!family || fs.statSync(file).size === 0) return [];
    return [{ ...family, parts, path: file }];
  });
}

/** Every fixture that belongs to a family, in path order. */
export const FAMILY_FIXTURES: readonly FamilyFixture[] = findFamilyFixtures();

export function fixturesOf(family: string): FamilyFixture[] {
  return FAMILY_FIXTURES.filter((f) => f.format.id === family);
}

/** The lines of a fixture file (CRLF or LF), without the empty last one. */
export function fixtureLines(f: FamilyFixture): string[] {
  const lines = fs.readFileSync(f.path, 'utf8').split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The context the family reads from the fixture's name and first lines, as the analysis does. */
export function fixtureContext(f: FamilyFixture, lines: readonly string[]): ParseContext {
  return { ...f.format.contextFromName?.(f.logName), ...f.format.contextFromText?.(lines.slice(0, 60).join('\n')) };
}

/** Each line of the fixture with the record the family reads from it (undefined for other lines). */
export function fixtureRecords(f: FamilyFixture): { line: string; record: LogRecord | undefined }[] {
  const lines = fixtureLines(f);
  const context = fixtureContext(f, lines);
  return lines.map((line) => ({ line, record: f.format.parse(line, context) }));
}

/**
 * A record's start in the family's fixtures: the first record line up to its message, or the whole
 * first record line and a space for a family whose records are all message (vdf's table rows).
 */
export function recordPrefix(family: string): string {
  const records = fixturesOf(family).flatMap((f) => fixtureRecords(f).filter((r) => r.record));
  const withPrefix = records.find((r) => r.record!.messageRange[0] > 0);
  if (withPrefix) return withPrefix.line.slice(0, withPrefix.record!.messageRange[0]);
  if (records.length) return records[0].line + ' ';
  throw new Error(`no record in the fixtures of ${family}`);
}
