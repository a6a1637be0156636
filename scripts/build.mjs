// Bundles the client, the language server and the command line with esbuild, and writes the files
// generated from the family list of package.json: the grammars (scripts/build-grammars.mjs) and the
// custom-rule snippets, whose choice of families is every family's language (neither is committed).
// `--watch` rebuilds on change and prints problem-matcher-friendly start/end lines.
import * as esbuild from 'esbuild';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { buildAll } from './build-grammars.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: production,
  logLevel: 'warning',
};

/** The log families: the languages whose grammar is built from syntaxes/src (not the merged timeline's). */
function familyIds() {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
  return manifest.contributes.languages.map((l) => l.id).filter((id) => existsSync(`syntaxes/src/${id}.json`));
}

function writeGenerated() {
  for (const [file, text] of buildAll()) writeFileSync(`syntaxes/${file}`, text);
  const snippets = readFileSync('snippets/src/custom-rules.json', 'utf8');
  writeFileSync('snippets/custom-rules.json', snippets.replaceAll('<families>', familyIds().join(',')));
}

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js' },
];

const reportPlugin = {
  name: 'watch-report',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((r) => console.log(`[watch] build finished with ${r.errors.length} errors`));
  },
};

writeGenerated();
if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context({ ...options, plugins: [reportPlugin] });
    await ctx.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  chmodSync('dist/cli.js', 0o755);
}
