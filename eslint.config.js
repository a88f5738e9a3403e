import js from '@eslint/js';
import globals from 'globals';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Only the Electron shell may import electron; only the IPC registry and the preload may touch IPC. */
const electronImportBan = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        {
          name: 'electron',
          message:
            'Only the Electron shell (src/main/index.ts, src/main/shell/, src/main/ipc/register.ts, src/preload/) imports electron.',
        },
      ],
    },
  ],
};

const ipcBan = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        {
          name: 'electron',
          importNames: ['ipcMain', 'ipcRenderer'],
          message: 'ipcMain is used only in src/main/ipc/register.ts and ipcRenderer only in src/preload/index.ts.',
        },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    ignores: ['src/main/index.ts', 'src/main/shell/**', 'src/main/ipc/register.ts', 'src/preload/**'],
    rules: electronImportBan,
  },
  { files: ['src/main/index.ts', 'src/main/shell/**'], rules: ipcBan },
  {
    files: ['src/renderer/**/*.{ts,svelte}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
  },
  {
    files: ['scripts/**', 'test/**', 'src/main/cli/**'],
    rules: { 'no-console': 'off' },
  },
);
