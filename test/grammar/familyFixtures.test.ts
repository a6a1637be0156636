// Every family's grammar over every fixture of the family (test/helpers/familyFixtures.ts), read in
// order as the editor reads the file: each line the family's parser reads as a record is one
// `meta.record…` of the family and its stamp is scoped as one. A family without a grammar test file
// of its own is covered here; the files per family check the scope of each part of a line.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { FAMILY_FIXTURES, fixtureRecords } from '../helpers/familyFixtures';
import { LONG_LINE_SCOPE } from '../helpers/grammarSpeed';
import { repoRoot } from '../helpers/paths';
import { loadGrammar, tokenize } from '../helpers/textmate';

/** Lines the parser reads as records that a grammar scopes otherwise: vdf's command and table headings. */
const OTHER_LINE_SCOPES = ['meta.command.esx-vdf', 'markup.heading.table.esx-vdf'];
const grammars: { language?: string; scopeName: string }[] = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).contributes.grammars;

describe("family grammars over their families' fixtures", () => {
  for (const f of FAMILY_FIXTURES) {
    const id = f.format.id;
    it(`${f.parts.join('/')}: each record is a ${id} record with its stamp scoped`, async () => {
      const scope = grammars.find((g) => g.language === id)?.scopeName;
      assert.ok(scope, `package.json contributes no grammar for ${id}`);
      const grammar = await loadGrammar(scope);
      const lines = fixtureRecords(f);
      const tokens = tokenize(
        grammar,
        lines.map((l) => l.line),
      );
      let records = 0;
      lines.forEach(({ line, record }, i) => {
        if (!record || tokens[i][0].scopes.includes(LONG_LINE_SCOPE)) return;
        records++;
        const where = `line ${i + 1}: ${line.slice(0, 120)}`;
        const isRecord = (s: string) => (s.startsWith('meta.record.') && s.endsWith(`.${id}`)) || OTHER_LINE_SCOPES.includes(s);
        for (const t of tokens[i]) assert.ok(t.scopes.some(isRecord), `${where}: "${t.text}" is ${t.scopes.join(' ')}`);
        if (!record.timeRange) return;
        const [from, to] = record.timeRange;
        let at = 0;
        for (const t of tokens[i]) {
          if (at < to && at + t.text.length > from) assert.ok(t.scopes.includes(`constant.other.date.timestamp.${id}`), `${where}: stamp part "${t.text}" is ${t.scopes.join(' ')}`);
          at += t.text.length;
        }
      });
      assert.ok(records > 0, `the ${id} parser reads no record in ${f.parts.join('/')}`);
    });
  }
});
