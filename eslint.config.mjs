// Lint: TypeScript rules plus Nx module boundaries (tags in each package.json).
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const coreBans = ['express', '@grpc/*', 'zookeeper', 'node:fs', 'fs', 'node:net', 'net', 'node:http', 'http', 'node:child_process', 'child_process'];

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.nx/**', 'libs/proto/src/gen/**', '.strato/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:core', onlyDependOnLibsWithTags: ['type:core', 'type:util'], bannedExternalImports: coreBans },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:contract', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:core', 'type:contract', 'type:util', 'type:adapter'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:core', 'type:contract', 'type:util', 'type:adapter', 'type:testing'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:core', 'type:contract', 'type:util', 'type:adapter', 'type:testing'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contract', 'type:util', 'type:adapter', 'type:testing', 'type:core'] },
            { sourceTag: 'scope:mesos', onlyDependOnLibsWithTags: ['scope:mesos', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
    },
  },
  {
    // Core libs are pure decisions: no I/O, no transports, no hidden clocks or randomness.
    files: ['libs/resources/src/**/*.ts', 'libs/allocator/src/**/*.ts', 'libs/domain/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: coreBans, patterns: ['@grpc/*', 'node:*'] }],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Inject a Clock (or pass `now`) instead.' },
        { object: 'Math', property: 'random', message: 'Inject a random source instead.' },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
