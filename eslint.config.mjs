// ESLint for GenLab's TypeScript: typescript-eslint's recommended rules plus the type-aware ones that
// catch real bugs here (a promise nobody awaits, a promise where a callback's result is ignored).
// Formatting is left to the code as it is: no style rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-test/**', 'node_modules/**', '.cache/**', '.scratch/**', '.genlab/**', 'tmp/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // AS241's coefficients, written with the digits Wichura published: the double nearest each is what runs.
    files: ['src/engine/mcmc/special.ts'],
    rules: { 'no-loss-of-precision': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', __dirname: 'readonly', Buffer: 'readonly', setTimeout: 'readonly',
        clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', fetch: 'readonly',
        document: 'readonly', window: 'readonly', require: 'readonly', module: 'writable', performance: 'readonly',
        setImmediate: 'readonly', AbortController: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly',
        URLSearchParams: 'readonly', location: 'readonly', sessionStorage: 'readonly', Event: 'readonly',
        requestAnimationFrame: 'readonly' },
    },
  },
  // Plain CommonJS scripts (the bin stub, the panel harness, the tests' fault-injection preload) load modules with require.
  { files: ['**/*.js', '**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
