// The client reaches the server's code through two modules only: protocol.ts (the messages) and
// shared.ts (the engine modules it runs itself). Anything else it imported would tie the engine's
// insides to the extension host; this test names the file that does.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { repoRoot } from '../../helpers/paths';

const SERVER_SRC = path.join(repoRoot, 'server', 'src');
const ALLOWED = new Set([path.join(SERVER_SRC, 'protocol'), path.join(SERVER_SRC, 'shared')]);

/** The TypeScript files under `dir`, recursively. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

/** The relative module paths a file imports or re-exports, resolved (without extension). */
function relativeImports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => path.resolve(path.dirname(file), name));
}

describe('the client and the server code', () => {
  const clientFiles = sources(path.join(repoRoot, 'client', 'src'));

  it('the client imports server code only through protocol.ts and shared.ts', () => {
    assert.ok(clientFiles.length > 5);
    const outside = clientFiles.flatMap((file) =>
      relativeImports(file)
        .filter((target) => target.startsWith(SERVER_SRC + path.sep) && !ALLOWED.has(target.replace(/\.ts$/, '')))
        .map((target) => `${path.relative(repoRoot, file)} → ${path.relative(repoRoot, target)}`),
    );
    assert.deepEqual(outside, []);
  });

  it('shared.ts re-exports engine modules and the settings bounds only, each name of which the client uses', () => {
    const shared = path.join(SERVER_SRC, 'shared.ts');
    // the settings' bounds are plain data both sides clamp with (the client before it asks the server)
    const settings = path.join(SERVER_SRC, 'features', 'settings');
    for (const target of relativeImports(shared)) assert.ok(target.startsWith(path.join(SERVER_SRC, 'engine') + path.sep) || target === settings, target);
    assert.doesNotMatch(fs.readFileSync(settings + '.ts', 'utf8'), /from 'vscode/, 'the settings module the client shares imports no editor or protocol package');
    const text = fs.readFileSync(shared, 'utf8');
    const names = [...text.matchAll(/export (?:type )?\{([^}]*)\}/g)].flatMap((m) => m[1].split(',').map((n) => n.trim()));
    assert.ok(names.length > 5, String(names));
    const client = clientFiles.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    const unused = names.filter((name) => !new RegExp(`\\b${name}\\b`).test(client));
    assert.deepEqual(unused, [], 'names shared but not used by the client');
  });

  it('protocol.ts imports nothing of the server beyond engine types', () => {
    const protocol = path.join(SERVER_SRC, 'protocol.ts');
    for (const target of relativeImports(protocol)) assert.ok(target.startsWith(path.join(SERVER_SRC, 'engine') + path.sep), target);
    assert.doesNotMatch(fs.readFileSync(protocol, 'utf8'), /from 'vscode(-languageserver)?(\/node)?'/);
  });
});
