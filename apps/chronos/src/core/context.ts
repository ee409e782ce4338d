import type { Clock } from '@strato/clock';
import type { JobDefaults } from '@strato/job-definition';
import type { Logger, Metrics } from '@strato/service';
import type { JobBook } from './job-book';
import type { ChronosDriver, Notifier } from './ports';
import type { JobRecord, Run } from './types';

export interface CoreConfig {
  readonly defaults: JobDefaults;
  readonly failureRetryMs: number;
  readonly disableAfterFailures: number;
  /** How long an unused offer is refused once declined. */
  readonly declineOfferDurationMs: number;
  /** Offers are kept this long while a run is due within that time, so due runs launch at once. */
  readonly offerHoldMs: number;
  readonly minReviveOffersIntervalMs: number;
}

/** What the parts of the scheduler share. */
export interface CoreContext {
  readonly book: JobBook;
  readonly clock: Clock;
  readonly config: CoreConfig;
  readonly notifier: Notifier;
  readonly logger: Logger;
  readonly metrics: Metrics;
  driver(): ChronosDriver | undefined;
  /**
   * Whether this instance may act now: always when standalone; with ZooKeeper only while it leads
   * within its lease (`Leadership.canAct`). Timers, launches and writes wait while it is false.
   */
  canAct(): boolean;
}

/** The record with one of its active runs replaced (matched by task id). */
export function withRun(record: JobRecord, run: Run): JobRecord {
  return { ...record, active: record.active.map((r) => (r.taskId === run.taskId ? run : r)) };
}

export function logError(ctx: CoreContext, what: string): (error: unknown) => void {
  return (error) => ctx.logger.warn({ error: error instanceof Error ? error.message : String(error) }, what);
}
