// Lint for the whole repository: type-aware TypeScript rules, React hooks, and no import cycles.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'client/dist/', 'server/dist/', 'data/', 'bench/tmp/', 'coverage/', 'db/migrations/'] },
  // A disable comment that no longer silences anything is an error: every one left must be true.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // `_name` marks a value left out on purpose (a destructured field dropped from a copy, an unused parameter).
      // Fastify plugins and handlers are async by contract, whether or not their body awaits anything.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    // The two rules of hooks; the React Compiler's stricter rules assume a compiler this project does not use.
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // What the browser loads: shared code through the aliases, and no zod for constants (client/e2e/bundle test).
    files: ['client/src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(\\.\\./)+(server|db)/', message: 'Import shared code as @server/… or @db/….' },
            {
              regex: '^@server/(.*\\.schemas|lib/paging|lib/zod-russian)$',
              allowTypeImports: true,
              message: 'This module loads zod: take its types only, and constants from a zod-free module (*-labels.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read `response.json()` and parsed files, which are `any` by design; the assertions check their shape.
    files: ['**/*.test.ts', '**/test/**/*.ts', 'client/e2e/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: { process: 'readonly', console: 'readonly' } },
  },
  // The respondents' service worker (client/public/anketa-sw.js) runs in the browser as it is written.
  { files: ['client/public/**/*.js'], languageOptions: { globals: globals.serviceworker } },
);
