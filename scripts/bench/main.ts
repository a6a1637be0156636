import * as os from 'os';
import * as path from 'path';
import { generateAll } from './generate';
import { repoRoot } from '../../test/helpers/paths';
async function main() {
  const size = +(process.argv[2] ?? 100) * 1e6;
  const logs = await generateAll(repoRoot, path.join(os.tmpdir(), 'logtriage-bench'), size, console.log);
  for (const l of logs) console.log(l.family, l.path, l.bytes, l.lines, l.injections.map((i) => `${i.rule}@${i.line}`).join(' '));
}
void main();
