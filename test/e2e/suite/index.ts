// Entry point of the editor integration suite, in the @vscode/test-electron format:
// the extension host loads this module (extensionTestsPath) and awaits run().
// The same compiled suite runs under @vscode/test-electron and inside code-server.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  // No colours: code-server relays the output through the browser console.
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
  // E2E_GREP=<text>: only the tests whose title holds it (while working on one feature)
  if (process.env.E2E_GREP) mocha.grep(process.env.E2E_GREP);
  // One *.test.js file per feature area; a new feature adds a file here.
  for (const file of fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} editor integration test(s) failed`);
}
