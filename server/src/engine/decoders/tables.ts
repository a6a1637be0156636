import * as fs from 'fs';
import * as path from 'path';
import { findKnowledgeDir } from '../io/knowledgeDir';

// Code tables are data (server/knowledge/tables/*.json), each citing its public source.
// A table is read once, on first use, and shared by every decoder that needs it.
const cache = new Map<string, unknown>();

/** The parsed table `knowledge/tables/<name>.json` (name without `.json`). Throws when missing or not JSON. */
export function loadTable<T>(name: string): T {
  const hit = cache.get(name);
  if (hit !== undefined) return hit as T;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`table name ${JSON.stringify(name)}: lower-case letters, digits and dashes only`);
  const file = path.join(findKnowledgeDir(), 'tables', `${name}.json`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`knowledge table tables/${name}.json: ${(e as Error).message}`);
  }
  cache.set(name, parsed);
  return parsed as T;
}

/** One public source a table cites. */
export interface TableSource {
  title: string;
  url?: string;
  version?: string;
}

/** "Source: title, url (version)" lines for a decoding's details. */
export function sourceLines(sources: readonly TableSource[]): string[] {
  return sources.map((s) => `Source: ${s.title}${s.url ? `, ${s.url}` : ''}${s.version ? ` (${s.version})` : ''}`);
}
