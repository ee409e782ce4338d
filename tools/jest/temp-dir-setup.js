// jest globalSetup: every temporary directory of the run (os.tmpdir() in the tests and in the processes
// they start) goes under one fresh directory, which temp-dir-teardown.js removes, so test runs do not
// fill /tmp. Workers are started after this, so they inherit TMPDIR.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'strato-jest-'));
  process.env.STRATO_JEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
};
