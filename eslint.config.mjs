// Lint: TypeScript rules plus Nx module boundaries (tags in each package.json).
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const coreBans = ['express', '@grpc/*', 'zookeeper', 'node:fs', 'fs', 'node:net', 'net', 'node:http', 'http', 'node:child_process', 'child_process'];

/** Which kinds of project may import which (Nx tags in each package.json). */
function boundaries(inTests) {
  const plus = (tags) => (inTests ? [...tags, 'type:testing'] : tags);
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      { sourceTag: 'type:core', onlyDependOnLibsWithTags: plus(['type:core', 'type:util']), bannedExternalImports: coreBans },
      { sourceTag: 'type:util', onlyDependOnLibsWithTags: plus(['type:util']) },
      { sourceTag: 'type:contract', onlyDependOnLibsWithTags: plus(['type:util']) },
      { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: plus(['type:core', 'type:contract', 'type:util', 'type:adapter']) },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:core', 'type:contract', 'type:util', 'type:adapter', 'type:testing'] },
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: plus(['type:core', 'type:contract', 'type:util', 'type:adapter']) },
      { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:core', 'type:contract', 'type:util', 'type:adapter', 'type:testing'] },
      { sourceTag: 'scope:mesos', onlyDependOnLibsWithTags: ['scope:mesos', 'scope:shared'] },
      { sourceTag: 'scope:marathon', onlyDependOnLibsWithTags: ['scope:marathon', 'scope:shared'] },
      { sourceTag: 'scope:chronos', onlyDependOnLibsWithTags: ['scope:chronos', 'scope:shared'] },
      { sourceTag: 'scope:lb', onlyDependOnLibsWithTags: ['scope:lb', 'scope:shared'] },
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
    ],
  };
}

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.nx/**', 'libs/proto/src/gen/**', '.strato/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@nx/enforce-module-boundaries': ['error', boundaries(false)],
    },
  },
  {
    // Tests may use the shared test helpers (type:testing) whatever they test.
    files: ['**/*.spec.ts', '**/testing/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(true)] },
  },
  {
    // Core libs are pure decisions: no I/O, no transports, no hidden clocks or randomness.
    files: ['libs/{resources,allocator,domain,placement,deployment-planner,app-definition,job-schedule,job-definition,haproxy-config}/src/**/*.ts'],
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
    // haproxy-config's test helpers run the real `haproxy -c` on every rendered config.
    files: ['libs/haproxy-config/src/testing/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
