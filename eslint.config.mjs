// Lint rules that catch defects, not style: Prettier owns the layout (`npm run format:check`). Type-aware rules
// are left out on purpose: they need the whole program per run, and `npm run typecheck` already compiles it.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/peers/**/node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // Unused parameters keep their place in a signature when named with a leading underscore.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The services log through Nest's Logger, so that every line has its level and context.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // Raw registry records in specs are any-shaped JSON on purpose: a spec breaks them field by field.
    files: ['**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The auditor page's scripts run in the browser, as ES modules.
    files: ['apps/api/src/audit-ui/assets/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser } },
  },
  {
    // Child scripts run with --expose-gc.
    files: ['test/support/load/**/*.js'],
    languageOptions: { globals: { ...globals.node, gc: 'readonly' } },
  },
);
