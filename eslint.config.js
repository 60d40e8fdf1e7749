// Lint rules, including the layer rules of docs/architecture.md: each folder may import only what may run
// where its code runs. A wrong import fails `npm test`.
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const nodeModules = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'stream', 'worker_threads']

/** A `no-restricted-imports` rule with a message per group of forbidden modules. */
function layer(groups) {
  return {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      { patterns: groups.map(([group, message, allowTypeImports = false]) => ({ group, message, allowTypeImports })) }
    ]
  }
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'tests/e2e/screenshots/**', 'tests/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
    }
  },
  {
    files: ['data/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      ...layer([
        [nodeModules, 'data/ is pure: no Node modules (docs/architecture.md).'],
        [['electron', 'electron/*'], 'data/ must not use Electron (docs/architecture.md).'],
        [['react', 'react-dom', 'react-dom/*', 'prosemirror-view'], 'data/ must not use the UI (docs/architecture.md).'],
        [['lowdb', 'lowdb/*', 'steno'], 'data/ does no I/O: storage belongs in main/ (docs/architecture.md).'],
        [['**/main/**', '../main', '**/renderer/**', '../renderer'], 'data/ must not import main/ or renderer/ (docs/architecture.md).']
      ]),
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'sessionStorage', 'fetch', 'process', 'Buffer', 'require']
    }
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/preload.ts'],
    languageOptions: { globals: globals.node },
    rules: layer([
      [['react', 'react-dom', 'react-dom/*', 'prosemirror-view'], 'main/ must not use the UI (docs/architecture.md).'],
      [['**/renderer/**', '../renderer'], 'main/ must not import renderer/ (docs/architecture.md).']
    ])
  },
  {
    files: ['main/preload.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!electron$|\\.\\./data/channels$|\\.\\./data/api$)',
              message: 'The sandboxed preload is one small file: it may import only electron and data/channels (and types from data/api).'
            },
            { regex: '^\\.\\./data/api$', allowTypeImports: true, message: 'The preload may import only types from data/api.' }
          ]
        }
      ]
    }
  },
  {
    files: ['main/bin/*.js'],
    languageOptions: { globals: globals.node }
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    rules: layer([
      [nodeModules, 'renderer/ runs in the sandboxed page: no Node modules (docs/architecture.md).'],
      [['electron', 'electron/*'], 'renderer/ reaches the main process only through the bridge (docs/architecture.md).'],
      [['lowdb', 'lowdb/*', 'steno'], 'renderer/ does no storage: ask the main process (docs/architecture.md).'],
      [['**/main/**', '../main'], 'renderer/ must not import main/ (docs/architecture.md).']
    ])
  },
  {
    files: ['tests/**/*.{ts,tsx}', '*.config.{ts,js}', 'eslint.config.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } }
  }
)
