// What "Copy resolution commands" puts on the clipboard is pasted into a shell on a customer's host:
// every removal asks first (rm -i) or follows a listing of exactly what it removes, none is
// recursive or a wildcard, and what a finding names (slot, mover, checkpoint) is a placeholder.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { findKnowledgeDir, loadRunbook } from '../../../server/src/engine';

const runbooks = fs
  .readdirSync(path.join(findKnowledgeDir(), 'runbooks'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => loadRunbook(f.replace(/\.md$/, ''))!);

/** A command that deletes something, and the path it deletes. */
function removal(command: string): string | undefined {
  const rm = /^rm(?: -[a-z]+)* (\S+)$/.exec(command);
  if (rm) return rm[1];
  return /^nas_fs -delete (\S+)/.exec(command)?.[1];
}

describe('runbook resolution commands', () => {
  it('were read from every runbook that has them', () => {
    assert.ok(runbooks.filter((r) => r.resolutionCommands.length).length >= 20);
  });

  it('remove nothing without asking or listing it first, and nothing recursively or by wildcard', () => {
    let removals = 0;
    for (const r of runbooks) {
      r.resolutionCommands.forEach((command, i) => {
        const target = removal(command);
        if (!target) return;
        removals++;
        assert.doesNotMatch(command, /^rm -\w*[rR]|[*?]/, `${r.id}: ${command}`);
        const asks = /^rm -\w*i/.test(command);
        // a listing of the same path (or of the folder it is in, for rm -i) comes first
        const listed = r.resolutionCommands.slice(0, i).some((c) => /^(?:ls|nas_fs -info)\b/.test(c) && (c.includes(target) || c.includes(path.posix.dirname(target))));
        assert.ok(asks || listed, `${r.id}: "${command}" neither asks nor follows a listing of ${target}`);
      });
    }
    assert.ok(removals >= 3, `${removals} removals checked`);
  });

  it('name the Data Mover, slot and checkpoint by placeholder, never by an example value', () => {
    for (const r of runbooks) for (const c of r.resolutionCommands) assert.doesNotMatch(c, /slot_\d|\bserver_\d\b|automaticTempNDMPCkpt\d/, `${r.id}: ${c}`);
  });
});
