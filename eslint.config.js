// Lint rules: the recommended sets for JavaScript and TypeScript, over the engine, tests and bench.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'public/', 'bench/corpus/', 'tmp/', 'test/fixtures/**/public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['bin/**/*.js'], languageOptions: { globals: { process: 'readonly' } } },
  { files: ['templates/assets/**/*.js'], languageOptions: { globals: { document: 'readonly' } } },
  {
    files: ['src/dev/client/**/*.js'],
    languageOptions: { globals: { document: 'readonly', location: 'readonly', EventSource: 'readonly', URL: 'readonly' } },
  },
  { files: ['netlify/**/*.js'], languageOptions: { globals: { console: 'readonly' } } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
