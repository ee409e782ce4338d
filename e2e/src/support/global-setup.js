// The suites run the services' real bins: make sure the bundles are fresh. Temporary files go under one
// directory for the run, as in every jest project (tools/jest/temp-dir-setup.js).
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');
const tempDirSetup = require('../../../tools/jest/temp-dir-setup.js');

module.exports = async () => {
  await tempDirSetup();
  execFileSync(process.execPath, [join(__dirname, '..', '..', '..', 'tools', 'build', 'bundle.mjs')], { stdio: 'inherit' });
};
