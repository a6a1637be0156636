import * as fs from 'fs';
import * as path from 'path';
import { runbookPath } from './knowledge';

export interface Runbook {
  id: string;
  title: string;
  markdown: string;
  /** The shell commands of its Resolution section (fenced blocks and `inline` commands), in order. */
  resolutionCommands: string[];
  /** The markdown file it was read from. */
  path: string;
}

const cache = new Map<string, Runbook | undefined>();
/** Rule packs' runbook folders, looked in after the built-in runbooks. */
let extraFolders: string[] = [];

/** The folders of the loaded rule packs' runbooks (replaces the previous ones). */
export function setRunbookFolders(folders: readonly string[]): void {
  extraFolders = [...folders];
  cache.clear();
}

// A backticked span in the Resolution section counts as a command when it starts like one and has
// arguments (a bare `bptm` in prose is a process name, not something to run).
const COMMAND_START = /^(?:cd|rm|ls|services\.sh|xe|server_\w+|nas_\w+|netstat|vdf|esxcli|vim-cmd|vmkfstools|bp\w+|grep) \S/;

export function resolutionCommands(markdown: string): string[] {
  const section = /^## Resolution\s*$([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(markdown)?.[1] ?? '';
  const out: string[] = [];
  const fence = /^\s*```[^\n]*\n([\s\S]*?)^\s*```/gm;
  for (let m = fence.exec(section); m; m = fence.exec(section)) {
    out.push(
      ...m[1]
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    );
  }
  const rest = section.replace(fence, '');
  for (const m of rest.matchAll(/`([^`\n]+)`/g)) if (COMMAND_START.test(m[1])) out.push(m[1]);
  return [...new Set(out)];
}

/** The runbook: a built-in one, else a rule pack's; undefined when none has that id. */
export function loadRunbook(id: string): Runbook | undefined {
  if (cache.has(id)) return cache.get(id);
  let runbook: Runbook | undefined;
  // a plain name only: an id from a rule pack must not reach outside the runbook folders
  if (/^[a-z0-9-]+$/.test(id)) {
    for (const file of [runbookPath(id), ...extraFolders.map((dir) => path.join(dir, `${id}.md`))]) {
      try {
        const markdown = fs.readFileSync(file, 'utf8');
        const title = /^# (.+)$/m.exec(markdown)?.[1].trim() ?? id;
        runbook = { id, title, markdown, resolutionCommands: resolutionCommands(markdown), path: file };
        break;
      } catch {
        // not in this folder
      }
    }
  }
  cache.set(id, runbook);
  return runbook;
}
