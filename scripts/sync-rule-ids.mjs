// Writes the built-in rule ids into package.json's `logtriage.rules.disabled` items (the list the
// Settings editor offers), from server/knowledge/rules/*.json. test/unit/manifest.test.ts holds
// package.json to the rules: run `node scripts/sync-rule-ids.mjs` after adding or renaming a rule.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rulesDir = join(root, 'server', 'knowledge', 'rules');

/** Built-in rules by id (first definition wins, as in the engine), sorted by id. */
export function builtInRuleTitles() {
  const byId = new Map();
  for (const file of readdirSync(rulesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    for (const rule of JSON.parse(readFileSync(join(rulesDir, file), 'utf8')).rules) if (!byId.has(rule.id)) byId.set(rule.id, rule.title);
  }
  return [...byId].sort(([a], [b]) => a.localeCompare(b));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const manifestPath = join(root, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const rules = builtInRuleTitles();
  const section = manifest.contributes.configuration.find((c) => c.properties['logtriage.rules.disabled']);
  const items = section.properties['logtriage.rules.disabled'].items;
  items.enum = rules.map(([id]) => id);
  items.enumDescriptions = rules.map(([, title]) => title);
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  console.log(`${rules.length} rule ids written to package.json`);
}
