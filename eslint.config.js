// ESLint flat config for every JavaScript file of the repository.
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    ignores: [
      'target/**',
      'pkg/**',
      '**/node_modules/**',
      'tests/js/.work/**',
      'test-results/**',
      '**/dist/**',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'commonjs',
      globals: { ...globals.node },
    },
  },
  {
    // Code that runs in browsers, Deno and Cloudflare Workers.
    files: ['pkg-template/**/*.js', 'tests/js/runtime/**/*.js', 'www-demo/**/*.{js,mjs}', 'benches/browser/page.js'],
    languageOptions: {
      globals: { ...globals.browser, ...globals.serviceworker, Deno: 'readonly' },
    },
  },
];
