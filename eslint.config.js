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
    },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    ignores: ['benches/support/quote-curve.mjs'],
    languageOptions: {
      globals: { ...globals.node },
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
    files: ['pkg-template/**/*.js', 'tests/js/runtime/**/*.js', 'www-demo/**/*.{js,mjs}', 'benches/browser/*.js'],
    languageOptions: {
      globals: { ...globals.browser, ...globals.serviceworker, Deno: 'readonly' },
    },
  },
  {
    // Runs in the browser's page and in Node.js, Deno and Bun alike: only what they share.
    files: ['benches/support/quote-curve.mjs'],
    languageOptions: {
      globals: { ...globals['shared-node-browser'] },
    },
  },
];
