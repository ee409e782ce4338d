/**
 * Time and ids, injected everywhere so that schedules, timeouts and backoffs are testable
 * with a fake clock instead of sleeps.
 */
export type { Clock, TimerHandle } from './clock';
export { systemClock } from './clock';
export { FakeClock } from './fake-clock';
export type { IdGen } from './ids';
export { sequentialIds, randomUuid } from './ids';
export type { BackoffOptions } from './backoff';
export { Backoff } from './backoff';
