// ESLint: typescript-eslint's recommended rules everywhere, and for the shipped code (server/src,
// client/src) the type-aware ones that catch what the compiler does not: a promise nobody awaits,
// an import that is only a type. Formatting is Prettier's (npm run format:check), not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const unused = ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/fixtures/**', 'syntaxes/**', 'examples/**', '.test-output/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': unused,
      // `typeof import('…')` types a module loaded with require() on purpose (tests load the built engine)
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports', disallowTypeAnnotations: false }],
      // compact assignments in one statement, `if (m) (a = 1), (b = 2);`, are the code's style on hot paths
      '@typescript-eslint/no-unused-expressions': 'off',
      // log text is full of control characters: matching them is the point (escaping, binary detection)
      'no-control-regex': 'off',
    },
  },
  {
    files: ['server/src/**/*.ts', 'client/src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      'max-lines-per-function': ['error', { max: 120, skipBlankLines: true, skipComments: true }],
    },
  },
);
