// Import rules of the code base, checked by `npm run lint:deps` (part of `npm run lint`).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes load order matter and the modules impossible to read one at a time: move what both need into a third module.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'decoders-stay-below-the-engine',
      severity: 'error',
      comment: 'Decoders are leaves: they may read formats, io and types, never the modules that load rules or analyze (engine/*.ts besides types.ts).',
      from: { path: '^server/src/engine/decoders/' },
      to: { path: '^server/src/engine/[^/]+\\.ts$', pathNot: '^server/src/engine/types\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'engine-imports-no-editor',
      severity: 'error',
      comment: 'The engine is plain TypeScript shared by the server, the CLI and the client: no editor or LSP package.',
      from: { path: '^server/src/engine/' },
      to: { path: '^(vscode|vscode-languageserver|vscode-languageclient|vscode-jsonrpc)(/|$)|node_modules/(@types/vscode|vscode-languageserver|vscode-languageclient|vscode-jsonrpc)/' },
    },
    {
      name: 'engine-imports-no-server-layer',
      severity: 'error',
      comment: 'The LSP layer (features/, server.ts) and the CLI translate the engine; the engine never reaches back into them.',
      from: { path: '^server/src/engine/' },
      to: { path: '^server/src/(features|cli)/|^server/src/(server|cli|protocol)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
