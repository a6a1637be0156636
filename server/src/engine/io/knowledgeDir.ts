import * as fs from 'fs';
import * as path from 'path';

// Knowledge (rules, code tables, runbooks) is data shipped beside the code, read at start-up.
// The bundles live in dist/, the compiled tests in out/...: look upwards for server/knowledge.
let knowledgeDir: string | undefined;

export function findKnowledgeDir(): string {
  if (knowledgeDir) return knowledgeDir;
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, 'server', 'knowledge');
    if (fs.existsSync(path.join(candidate, 'rules'))) return (knowledgeDir = candidate);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`knowledge folder (server/knowledge) not found above ${__dirname}`);
}

/** The version in package.json, the one version of the extension, its server and its CLI (the knowledge folder ships beside it: <root>/server/knowledge). */
export function packageVersion(): string {
  const file = path.join(findKnowledgeDir(), '..', '..', 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}
