import * as fs from 'fs';
import * as path from 'path';
import { findKnowledgeDir } from '../engine';

/** The version in package.json (the knowledge folder ships beside it: <root>/server/knowledge). */
export function packageVersion(): string {
  const file = path.join(findKnowledgeDir(), '..', '..', 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}
