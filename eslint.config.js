import js from '@eslint/js';
import globals from 'globals';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * The layers of src/ (docs/architecture.md): shell → front ends (ipc, cli) → use cases → services
 * → shared, and the renderer, which reaches main only through window.api. Each layer's imports
 * are checked against what it may not reach; only the Electron shell imports electron.
 */
const SERVICE_FOLDERS = [
  'mstr',
  'sessions',
  'profiles',
  'secrets',
  'storage',
  'schedules',
  'caches',
  'purge',
  'plans',
  'cmdmgr',
  'projects',
  'settings',
];
const folder = (names) => `(^|/)(${names.join('|')})/`;
const ban = (names, message) => ({ regex: folder(names), message });

const ELECTRON = {
  name: 'electron',
  message:
    'Only the Electron shell (src/main/index.ts, src/main/shell/, src/main/ipc/register.ts, src/preload/) imports electron.',
};
const NOT_SHELL = ban(['shell'], 'The shell sits above everything else: nothing imports it.');
const NOT_SERVICES = ban(
  SERVICE_FOLDERS,
  'A front end calls the use cases (src/main/use-cases/), never a service directly.',
);

/** no-restricted-imports for one layer: what it may not import, and electron unless it is part of the shell. */
function layer(patterns, { electron = false } = {}) {
  return { 'no-restricted-imports': ['error', { paths: electron ? [] : [ELECTRON], patterns }] };
}

const LAYERS = [
  {
    files: ['src/main/ipc/**/*.ts'],
    rules: layer([
      ban(['cli'], 'The window and the command line share the use cases, not each other.'),
      NOT_SHELL,
      NOT_SERVICES,
    ]),
  },
  {
    files: ['src/main/ipc/register.ts'],
    rules: layer([ban(['cli'], 'ipc/ does not import cli/.'), NOT_SHELL, NOT_SERVICES], { electron: true }),
  },
  {
    files: ['src/main/cli/**/*.ts'],
    rules: layer([
      ban(['ipc'], 'The command line and the window share the use cases, not each other.'),
      NOT_SHELL,
      NOT_SERVICES,
    ]),
  },
  {
    // The command line's process entry, as the shell is the window's: it sets up the process
    // (the request layer's fetch classes) before any command runs.
    files: ['src/main/cli/main.ts', 'src/main/cli/bin.ts'],
    rules: layer([ban(['ipc'], 'The command line and the window share the use cases, not each other.'), NOT_SHELL]),
  },
  {
    files: ['src/main/use-cases/**/*.ts'],
    rules: layer([ban(['ipc', 'cli'], 'Use cases serve the front ends and never import them.'), NOT_SHELL]),
  },
  {
    files: [`src/main/{${SERVICE_FOLDERS.join(',')}}/**/*.ts`, 'src/main/services.ts'],
    rules: layer([ban(['use-cases', 'ipc', 'cli'], 'Services never import use cases or front ends.'), NOT_SHELL]),
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: layer([
      { regex: '^\\.\\./', message: 'src/shared/ is used by all three processes and imports only itself.' },
    ]),
  },
  {
    files: ['src/renderer/**/*.{ts,svelte}'],
    rules: layer([ban(['main', 'preload'], 'The renderer reaches main only through window.api.')]),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: layer([ban(['main', 'renderer'], 'The preload builds window.api from the contract in src/shared/ only.')], {
      electron: true,
    }),
  },
];

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
    rules: { 'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }] },
  },
  ...LAYERS,
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
