// The suites run the services' real bins: make sure the bundles are fresh.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async () => {
  execFileSync(process.execPath, [join(__dirname, '..', '..', '..', 'tools', 'build', 'bundle.mjs')], { stdio: 'inherit' });
};
