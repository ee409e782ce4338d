import { getErrorMessage } from '@strato/errors';
import type { DriverLogger } from './types';

/**
 * Runs framework callbacks one at a time, in arrival order, awaiting those that return promises.
 * A callback that throws is logged and the queue moves on: a framework bug must not stop the
 * driver from heart-beating, re-subscribing or delivering later events.
 */
export class HandlerQueue {
  private tail: Promise<void> = Promise.resolve();
  private epoch = 0;

  constructor(private readonly logger: DriverLogger) {}

  push(label: string, run: () => unknown): void {
    const epoch = this.epoch;
    this.tail = this.tail.then(async () => {
      if (epoch !== this.epoch) return;
      try {
        await run();
      } catch (error) {
        this.logger.error({ handler: label, error: getErrorMessage(error) }, 'scheduler handler failed');
      }
    });
  }

  /** Drops callbacks queued but not started yet (the driver was stopped). */
  clear(): void {
    this.epoch++;
  }

  /** Resolves once everything queued so far has run. */
  drained(): Promise<void> {
    return this.tail;
  }
}
