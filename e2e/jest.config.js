module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'e2e',
  testTimeout: 90_000,
  maxWorkers: 1,
  globalSetup: '<rootDir>/src/support/global-setup.js',
};
