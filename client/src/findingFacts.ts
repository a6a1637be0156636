// The rows under an aggregated finding in the Findings view: how often, from when to when, and a few
// example lines that open at their line. Plain data, no vscode import, so it is tested on its own.
import type { FindingSummary } from '../../server/src/protocol';

export interface FindingFact {
  text: string;
  /** The line (0-based) the row opens at, when it is about one. */
  line?: number;
}

/** A time as the logs write it (wall clock read as UTC): `2014-05-05 11:00:00`. */
function clock(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '');
}

export function aggregateFacts(f: FindingSummary): FindingFact[] {
  if (!f.count) return [];
  const last = f.lastLine ?? f.line;
  const facts: FindingFact[] = [{ text: `${f.count.toLocaleString('en-US')} occurrences, lines ${f.line + 1} to ${last + 1}` }];
  facts.push({ text: `first: line ${f.line + 1}${f.firstTime !== undefined ? ` at ${clock(f.firstTime)}` : ''}`, line: f.line });
  for (const line of f.examples ?? []) if (line !== last) facts.push({ text: `example: line ${line + 1}`, line });
  facts.push({ text: `last: line ${last + 1}${f.lastTime !== undefined ? ` at ${clock(f.lastTime)}` : ''}`, line: last });
  return facts;
}
