// Lint config. The first block is an architecture invariant: src/core is pure (no vscode, no Node I/O).
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const nodeModules = [
  'fs',
  'path',
  'os',
  'child_process',
  'http',
  'https',
  'net',
  'url',
  'worker_threads',
  'process',
  'util',
  'stream',
  'crypto',
  'module',
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-host/**', 'bench/.corpus/**', '**/*.d.ts'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core is pure: the extension shell talks to vscode.' }],
          patterns: [
            {
              group: ['node:*', ...nodeModules],
              message: 'src/core does no I/O: take a Host port or data from the shell.',
            },
            { group: ['**/cli/**', '**/extension/**'], message: 'src/core must not import a shell.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'process',
        'require',
        'Buffer',
        '__dirname',
        'console',
        'fetch',
        'setTimeout',
      ],
    },
  },
  {
    // src/shared runs in the CLI and in both extension hosts (Node and web worker): fetch and URL, never Node or vscode.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              message: 'src/shared also runs in the CLI: pass what it needs from the extension.',
            },
          ],
          patterns: [
            {
              group: ['node:*', ...nodeModules],
              message:
                'src/shared also runs in the web-worker extension host: use fetch/URL, not Node modules.',
            },
            { group: ['**/cli/**', '**/extension/**'], message: 'src/shared must not import a shell.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', '__dirname', 'console'],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // Last: turns off every rule about layout, which Prettier owns (npm run format).
  prettier,
);
