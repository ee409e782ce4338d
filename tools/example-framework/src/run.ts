import { getErrorMessage } from '@strato/errors';
import { DriverLogger, SchedulerDriver } from '@strato/framework-sdk';
import type { ExampleConfig } from './config';
import { Emit, ExampleScheduler, Outcome } from './example-scheduler';

export interface RunOptions {
  readonly emit: Emit;
  readonly logger?: DriverLogger;
  /** Aborted on SIGINT/SIGTERM: the run stops launching, tears down and reports. */
  readonly interrupt?: AbortSignal;
  /** Bound on each call to the master, teardown included (default 10 s). */
  readonly callTimeoutMs?: number;
}

function doneRecord(frameworkId: string | undefined, outcome: Outcome): Record<string, unknown> {
  const { finished, failed, unfinished, tasks, states, interrupted, error } = outcome;
  return { event: 'done', finished, failed, unfinished, tasks, states, framework_id: frameworkId, interrupted, error };
}

/** Runs the example framework to completion; resolves with the process exit code. */
export async function runExample(config: ExampleConfig, options: RunOptions): Promise<number> {
  const { emit } = options;
  const scheduler = new ExampleScheduler(config, emit);
  const driver = new SchedulerDriver({
    master: config.master,
    framework: { name: config.name, roles: [config.role], failoverTimeoutMs: config.failoverTimeoutMs },
    handlers: scheduler,
    logger: options.logger,
    callTimeoutMs: options.callTimeoutMs ?? 10_000,
  });
  scheduler.attach(driver);
  const onInterrupt = () => scheduler.interrupt(String(options.interrupt?.reason ?? 'interrupted'));
  if (options.interrupt?.aborted) onInterrupt();
  options.interrupt?.addEventListener('abort', onInterrupt, { once: true });
  void driver.start();
  const outcome = await scheduler.outcome;
  options.interrupt?.removeEventListener('abort', onInterrupt);
  emit(doneRecord(driver.frameworkId, outcome));
  // Never subscribed: nothing to tear down. Stopped (ERROR): the master already dropped us.
  if (driver.frameworkId !== undefined && driver.state !== 'stopped') {
    await driver.teardown().catch((error) => emit({ event: 'call_failed', call: 'teardown', message: getErrorMessage(error) }));
  }
  await driver.stop();
  return outcome.finished === config.tasks ? 0 : 1;
}
