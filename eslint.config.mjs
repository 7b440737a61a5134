// ESLint flat config: TypeScript rules everywhere, plus the workflow-sandbox boundary.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import { builtinModules } from 'node:module';

/** Imports that must never reach deterministic workflow code (run in Temporal's V8 sandbox). */
export const workflowForbiddenImports = {
  paths: [
    ...builtinModules.map((name) => ({ name, message: 'Workflows are deterministic: no Node built-ins.' })),
    ...builtinModules.map((name) => ({
      name: `node:${name}`,
      message: 'Workflows are deterministic: no Node built-ins.',
    })),
    { name: '@temporalio/activity', message: 'Activities run in workers, not in workflows.' },
    { name: '@temporalio/client', message: 'Workflows do not use the client.' },
    { name: '@temporalio/worker', message: 'Workflows do not use the worker package.' },
  ],
  patterns: [
    { group: ['**/lib', '**/lib/**'], message: 'lib/ is Node-only infrastructure.' },
    {
      group: ['**/activities', '**/activities/**'],
      message: 'Import activity types with `import type` from contracts/.',
      allowTypeImports: true,
    },
    { group: ['@mikro-orm/*', 'pg', 'ioredis', 'koa', '@koa/*'], message: 'No ORM or I/O libraries in workflows.' },
    {
      group: ['zod', '**/contracts/request-schemas'],
      message: 'Request validation belongs to the HTTP edges, not to workflows.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', '.tools/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // typed rules: a promise nobody awaits loses its failure; an import cycle makes load order (and the layering) fragile
    files: ['**/*.ts'],
    ignores: ['**/lint-probe.ts'], // the sandbox rule's test lints code from stdin under that name, outside any program
    plugins: { 'import-x': importX },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['workflows/**/*.ts'],
    // tests run in Node and drive the sandbox from outside; worker-options.ts is read by Node to load the bundle, never bundled
    ignores: ['workflows/**/*.test.ts', 'workflows/worker-options.ts'],
    rules: { 'no-restricted-imports': ['error', workflowForbiddenImports] },
  },
);
