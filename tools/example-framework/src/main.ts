import { getErrorMessage } from '@strato/errors';
import { createLogger } from '@strato/service';
import { ExampleConfig, parseConfig } from './config';
import { runExample } from './run';

const emitLine = (record: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(record)}\n`);

/** First SIGINT/SIGTERM: finish cleanly (summary, teardown). Second: exit at once. */
function interruptOnSignals(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(1);
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}

async function main(): Promise<void> {
  let config: ExampleConfig;
  try {
    config = parseConfig(process.argv);
  } catch (error) {
    process.stderr.write(`strato-example-framework: ${getErrorMessage(error)}\n`);
    process.exit(1);
  }
  // Logs share stdout with the JSON event lines, so only warnings and errors by default.
  const logger = createLogger('example-framework', process.env.STRATO_LOG_LEVEL ?? 'warn');
  const code = await runExample(config, { emit: emitLine, logger, interrupt: interruptOnSignals() });
  process.exit(code);
}

main().catch((error) => {
  process.stderr.write(`strato-example-framework: ${getErrorMessage(error)}\n`);
  process.exit(1);
});
