// A jest reporter that writes each project's totals to $STRATO_TEST_RESULTS_DIR/<project>.json,
// so .ci/run can add them up into one "N passed, N failed" line. Does nothing without the variable.
const { mkdirSync, writeFileSync } = require('node:fs');
const { basename, join } = require('node:path');

class ResultsReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }

  onRunComplete(contexts, results) {
    const dir = process.env.STRATO_TEST_RESULTS_DIR;
    if (!dir) return;
    const [context] = [...contexts];
    const name = (context && (context.config.displayName?.name || basename(context.config.rootDir))) || 'jest';
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, `${name.replace(/[^a-z0-9_-]/gi, '_')}.json`),
      JSON.stringify({
        passed: results.numPassedTests,
        failed: results.numFailedTests,
        failedSuites: results.numFailedTestSuites,
        runtimeErrorSuites: results.numRuntimeErrorTestSuites,
      }),
    );
  }
}

module.exports = ResultsReporter;
