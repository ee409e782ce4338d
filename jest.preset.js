// Shared jest settings: @swc/jest transpiles TypeScript (type checking is `npm run typecheck`).
const { join } = require('node:path');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  reporters: ['default', join(__dirname, 'tools', 'jest', 'results-reporter.js')],
  globalSetup: join(__dirname, 'tools', 'jest', 'temp-dir-setup.js'),
  globalTeardown: join(__dirname, 'tools', 'jest', 'temp-dir-teardown.js'),
};
