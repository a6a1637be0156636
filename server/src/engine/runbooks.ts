import * as fs from 'fs';
import { runbookPath } from './knowledge';

export interface Runbook {
  id: string;
  title: string;
  markdown: string;
  /** The shell commands of its Resolution section (fenced blocks and `inline` commands), in order. */
  resolutionCommands: string[];
}

const cache = new Map<string, Runbook | undefined>();

// A backticked span in the Resolution section counts as a command when it starts like one and has
// arguments (a bare `bptm` in prose is a process name, not something to run).
const COMMAND_START = /^(?:cd|rm|ls|services\.sh|xe|server_\w+|nas_\w+|netstat|vdf|esxcli|bp\w+|grep) \S/;

export function resolutionCommands(markdown: string): string[] {
  const section = /^## Resolution\s*$([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(markdown)?.[1] ?? '';
  const out: string[] = [];
  const fence = /^\s*```[^\n]*\n([\s\S]*?)^\s*```/gm;
  for (let m = fence.exec(section); m; m = fence.exec(section)) {
    out.push(...m[1].split('\n').map((l) => l.trim()).filter(Boolean));
  }
  const rest = section.replace(fence, '');
  for (const m of rest.matchAll(/`([^`\n]+)`/g)) if (COMMAND_START.test(m[1])) out.push(m[1]);
  return [...new Set(out)];
}

/** The runbook, or undefined when the knowledge folder has none of that id. */
export function loadRunbook(id: string): Runbook | undefined {
  if (cache.has(id)) return cache.get(id);
  let runbook: Runbook | undefined;
  if (/^[a-z0-9-]+$/.test(id)) {
    try {
      const markdown = fs.readFileSync(runbookPath(id), 'utf8');
      const title = /^# (.+)$/m.exec(markdown)?.[1].trim() ?? id;
      runbook = { id, title, markdown, resolutionCommands: resolutionCommands(markdown) };
    } catch {
      runbook = undefined;
    }
  }
  cache.set(id, runbook);
  return runbook;
}
