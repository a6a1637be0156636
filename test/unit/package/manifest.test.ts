// package.json, the client's language list and the engine's formats must agree.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { logLanguages } from '../../../client/src/languages';
import { TIMELINE_LANGUAGE, timelineTitle } from '../../../client/src/timelineTitle';
import { builtInRules, FORMATS } from '../../../server/src/engine';
import { repoRoot } from '../../helpers/paths';

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

describe('extension manifest', () => {
  it("contributes one language per engine format (and the merged timeline's), and the client serves them all", () => {
    const ids = FORMATS.map((f) => f.id).sort();
    assert.deepEqual(
      manifest.contributes.languages
        .map((l: { id: string }) => l.id)
        .filter((id: string) => id !== TIMELINE_LANGUAGE)
        .sort(),
      ids,
    );
    assert.deepEqual(logLanguages(manifest).sort(), ids);
  });

  it('offers every family, and only those, in the custom-rule snippet', () => {
    const snippets = JSON.parse(fs.readFileSync(path.join(repoRoot, 'snippets', 'custom-rules.json'), 'utf8')) as Record<string, { body: string[] }>;
    const choices = Object.values(snippets).flatMap((s) => s.body.flatMap((line) => [...line.matchAll(/"families": \["\$\{\d+\|([^|}]+)\|\}"\]/g)].map((m) => m[1].split(','))));
    assert.ok(choices.length, 'no choice of families in snippets/custom-rules.json');
    for (const choice of choices) assert.deepEqual(choice.filter((id) => id !== '*').sort(), FORMATS.map((f) => f.id).sort());
  });

  it('gives every language a grammar file that exists and filename patterns', () => {
    for (const lang of manifest.contributes.languages) {
      assert.ok(lang.filenamePatterns?.length, `${lang.id} has no filenamePatterns`);
      const g = manifest.contributes.grammars.find((x: { language?: string }) => x.language === lang.id);
      assert.ok(g, `${lang.id} has no grammar`);
      assert.ok(fs.existsSync(path.join(repoRoot, g.path)));
    }
  });

  it('has a firstLine that matches a real first line', () => {
    const vnx = manifest.contributes.languages.find((l: { id: string }) => l.id === 'vnx-server-log');
    assert.match('2015-05-05 12:10:10: 26041581568: NDMP: 6: Active NDMP backup/restore streams: 1', new RegExp(vnx.firstLine));
  });

  it('never activates on everything', () => {
    assert.ok(!(manifest.activationEvents ?? []).includes('*'));
  });

  it('keeps engines.vscode installable in the pinned code-server (1.100)', () => {
    assert.equal(manifest.engines.vscode, '^1.100.0');
  });

  it('offers every built-in rule id, with its title, for logtriage.rules.disabled (node scripts/sync-rule-ids.mjs)', () => {
    const section = manifest.contributes.configuration.find((c: { properties: object }) => 'logtriage.rules.disabled' in c.properties);
    const items = section.properties['logtriage.rules.disabled'].items;
    const rules = builtInRules()
      .map((r): [string, string] => [r.id, r.title])
      .sort(([a], [b]) => a.localeCompare(b));
    assert.ok(rules.length > 100);
    assert.deepEqual(
      items.enum,
      rules.map(([id]) => id),
    );
    assert.deepEqual(
      items.enumDescriptions,
      rules.map(([, title]) => title),
    );
  });

  it('groups the settings in titled sections whose ids the keys start with (no "Logtriage:" labels)', () => {
    const sections: { id: string; title: string; properties: Record<string, unknown> }[] = manifest.contributes.configuration;
    assert.equal(sections[0].title, 'Log Triage');
    for (const s of sections) {
      assert.ok(s.title && s.id.startsWith('logtriage'), JSON.stringify(s.id));
      for (const key of Object.keys(s.properties)) assert.ok(key.startsWith(`${s.id}.`) || s.id === 'logtriage.archives', `${key} in ${s.id}`);
    }
  });

  it('gives the merged timeline its own language by the name it opens with', () => {
    const lang = manifest.contributes.languages.find((l: { id: string }) => l.id === TIMELINE_LANGUAGE);
    const pattern = new RegExp(`^${lang.filenamePatterns[0].replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`);
    assert.match(`${timelineTitle(['/case/netbackup'])}.timeline`, pattern);
    const injection = manifest.contributes.grammars.find((g: { scopeName: string }) => g.scopeName === 'text.log.logtriage-timeline-injection');
    assert.ok(injection.injectTo.includes('text.log.logtriage-timeline'));
  });

  it('ticks each walkthrough step on something its step makes happen', () => {
    const steps: { id: string; completionEvents: string[] }[] = manifest.contributes.walkthroughs[0].steps;
    const events = Object.fromEntries(steps.map((s) => [s.id, s.completionEvents]));
    assert.ok(events.openExample.includes('onLanguage:vnx-server-log'));
    assert.ok(events.hover.includes('onContext:logtriage.walkthrough.hoverShown'));
    // the client sets that context key when it shows a hover
    assert.match(fs.readFileSync(path.join(repoRoot, 'client', 'src', 'walkthrough.ts'), 'utf8'), /'logtriage\.walkthrough\.hoverShown'/);
  });
});
