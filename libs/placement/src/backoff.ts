/** An app's backoff settings (`backoffSeconds`, `backoffFactor`, `maxLaunchDelaySeconds`). */
export interface BackoffStrategy {
  readonly backoffSeconds: number;
  readonly backoffFactor: number;
  readonly maxLaunchDelaySeconds: number;
}

/**
 * The launch delay in ms after `consecutiveFailures` failures (Marathon's RateLimiter): the first failure waits
 * min(backoff, max); each further one multiplies the delay by the factor, capped at max: min(backoff × factor^(n−1),
 * max), in whole ms. 0 failures: no delay.
 */
export function launchDelay(strategy: BackoffStrategy, consecutiveFailures: number): number {
  if (consecutiveFailures <= 0) return 0;
  const max = maxDelayMs(strategy);
  const first = Math.min(Math.round(strategy.backoffSeconds * 1000), max);
  if (first === 0 || consecutiveFailures === 1) return first;
  // Closed form of Marathon's repeated `delay * factor` (it truncates each step in ns; we truncate once, in ms).
  return Math.min(Math.floor(first * strategy.backoffFactor ** (consecutiveFailures - 1)), max);
}

function maxDelayMs(strategy: BackoffStrategy): number {
  return Math.round(strategy.maxLaunchDelaySeconds * 1000);
}

/** Which launch delay: one per app and config version (Marathon keys by `lastConfigChangeAt`). */
export interface BackoffKey {
  readonly appId: string;
  readonly configVersion: string;
}

/**
 * The launch backoff of one (app, config version): an immutable value, so every change returns a new one.
 * `now` is ms since the epoch. A new config version starts with a fresh `LaunchBackoff` (no delay).
 */
export class LaunchBackoff {
  private constructor(
    readonly key: BackoffKey,
    readonly strategy: BackoffStrategy,
    readonly consecutiveFailures: number,
    /** When the last failure was recorded (ms); undefined without failures. */
    readonly lastFailureAt: number | undefined,
  ) {}

  static start(key: BackoffKey, strategy: BackoffStrategy): LaunchBackoff {
    return new LaunchBackoff(key, strategy, 0, undefined);
  }

  /** The current delay in ms (0 without failures). */
  get delayMs(): number {
    return launchDelay(this.strategy, this.consecutiveFailures);
  }

  /** When launching may resume (ms); undefined when not delayed. */
  get delayedUntil(): number | undefined {
    return this.lastFailureAt === undefined ? undefined : this.lastFailureAt + this.delayMs;
  }

  /** An instance failed (TASK_FAILED, TASK_FINISHED, TASK_ERROR, a health-check kill; not a kill by us). */
  failed(now: number): LaunchBackoff {
    const previous = this.expired(now) ? 0 : this.consecutiveFailures;
    return new LaunchBackoff(this.key, this.strategy, previous + 1, now);
  }

  /** No delay any more (`DELETE /v2/queue/{id}/delay`, or a restart that should launch at once). */
  reset(): LaunchBackoff {
    return this.consecutiveFailures === 0 ? this : LaunchBackoff.start(this.key, this.strategy);
  }

  /** Marathon forgets a delay once `now` is past the last failure plus the max launch delay. */
  expired(now: number): boolean {
    return this.lastFailureAt !== undefined && now > this.lastFailureAt + maxDelayMs(this.strategy);
  }

  /** `/v2/queue` `delay.overdue`: true when launching is not held back (waiting for offers), false while backed off. */
  overdue(now: number): boolean {
    const until = this.delayedUntil;
    return until === undefined || now >= until;
  }

  /** `/v2/queue` `delay.timeLeftSeconds`: whole seconds left, rounded up so it is 0 exactly when `overdue`. */
  timeLeftSeconds(now: number): number {
    const until = this.delayedUntil;
    return until === undefined ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
  }
}
