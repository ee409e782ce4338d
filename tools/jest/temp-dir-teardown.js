// jest globalTeardown: removes the run's temporary directory (see temp-dir-setup.js), unless
// STRATO_KEEP_TEMP=1 asks to keep it (e.g. to read a failed e2e run's service logs).
const { rmSync } = require('node:fs');

module.exports = async () => {
  const dir = process.env.STRATO_JEST_TMPDIR;
  if (!dir) return;
  if (process.env.STRATO_KEEP_TEMP) return void console.log(`temporary files kept in ${dir}`);
  rmSync(dir, { recursive: true, force: true });
};
