// Type-aware lint for every workspace. Workspace boundaries (DESIGN.md): web → mesh-core,
// server → mesh-core, never the reverse and never web ↔ server; mesh-core has no Node APIs.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'http',
  'https',
  'net',
  'os',
  'child_process',
  'crypto',
  'url',
  'stream',
  'buffer',
  'process',
];

export default defineConfig(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'third_party/**',
      '**/*.gen.ts',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: [
          'packages/mesh-core/tsconfig.test.json',
          'apps/server/tsconfig.json',
          'apps/web/tsconfig.json',
          'e2e/tsconfig.json',
          'tsconfig.tools.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.es2023 },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: [
            'packages/mesh-core/tsconfig.test.json',
            'apps/*/tsconfig.json',
            'e2e/tsconfig.json',
            'tsconfig.tools.json',
          ],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'import-x/no-default-export': 'error',
      'import-x/no-cycle': ['error', { maxDepth: 10 }],
    },
  },
  {
    files: ['packages/mesh-core/**/*.ts'],
    ignores: ['**/*.test.ts', '**/test-support.ts', '**/*.test-support.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@meshlens/server', '@meshlens/web', '**/apps/**'],
              message: 'mesh-core must not depend on apps.',
            },
            { group: nodeBuiltins, message: 'mesh-core runs in the browser: no Node APIs.' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@meshlens/server', '**/apps/server/**'], message: 'web must not import server code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/server/**/*.ts', 'scripts/**/*.ts', 'e2e/**/*.ts', 'apps/server/bin/*.js'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@meshlens/web', '**/apps/web/**'], message: 'server must not import web code.' },
          ],
        },
      ],
    },
  },
  {
    // Config files of the tools themselves must default-export.
    files: ['*.config.ts', '*.config.js', 'apps/web/vite.config.ts', 'e2e/playwright.config.ts'],
    rules: { 'import-x/no-default-export': 'off' },
  },
);
