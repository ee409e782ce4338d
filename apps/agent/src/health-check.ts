import { Clock, TimerHandle } from '@strato/clock';
import { HealthCheck } from '@strato/domain';
import { HealthProbe, ProbeResult } from './health-probes';

export interface HealthCheckRunnerOptions {
  readonly check: HealthCheck;
  readonly probe: HealthProbe;
  readonly clock: Clock;
  /** A health update: sent when the status changes, and on every counted failure. */
  readonly onHealth: (healthy: boolean, cause: string | undefined) => void;
  /** `consecutiveFailures` failures in a row: the task must be killed. Called once, after the last onHealth. */
  readonly onKill: (cause: string) => void;
  /** Failures ignored during the grace period (for logging). */
  readonly onIgnored?: (cause: string) => void;
}

/**
 * Mesos' HealthChecker for one task. `start` is called when the task is RUNNING; the first
 * check runs after `delaySeconds`, each next one `intervalSeconds` after the previous ended.
 * A check that does not finish within `timeoutSeconds` is aborted and counts as a failure.
 * Failures within `gracePeriodSeconds` of the start (delay included) are ignored until the
 * first success. After `consecutiveFailures` failures in a row (so 0 or 1: the first counted
 * one, as Mesos' `consecutive_failures >= limit`) the runner asks for a kill and stops.
 */
export class HealthCheckRunner {
  private startedAt = 0;
  private initializing = true;
  private failures = 0;
  private reported: boolean | undefined;
  private timer?: TimerHandle;
  private timeout?: TimerHandle;
  private inFlight?: AbortController;
  private state: 'idle' | 'running' | 'stopped' = 'idle';

  constructor(private readonly options: HealthCheckRunnerOptions) {}

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** The last health reported: undefined until a check counted. */
  get healthy(): boolean | undefined {
    return this.reported;
  }

  start(): void {
    if (this.state !== 'idle') return;
    this.state = 'running';
    this.startedAt = this.options.clock.now();
    this.schedule(this.options.check.delaySeconds);
  }

  /** Cancels the pending check and aborts the one in flight; nothing is reported afterwards. */
  stop(): void {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    const { clock } = this.options;
    clock.clearTimeout(this.timer);
    clock.clearTimeout(this.timeout);
    this.timer = this.timeout = undefined;
    this.inFlight?.abort();
    this.inFlight = undefined;
  }

  private schedule(seconds: number): void {
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      this.runCheck();
    }, seconds * 1000);
  }

  private runCheck(): void {
    if (this.state !== 'running') return;
    const { check, clock, probe } = this.options;
    const controller = (this.inFlight = new AbortController());
    let settled = false;
    const settle = (result: ProbeResult) => {
      if (settled || this.inFlight !== controller || this.state !== 'running') return;
      settled = true;
      clock.clearTimeout(this.timeout);
      this.timeout = undefined;
      this.inFlight = undefined;
      this.handle(result);
    };
    this.timeout = clock.setTimeout(() => {
      settle({ healthy: false, cause: `${check.type} health check timed out after ${check.timeoutSeconds}s` });
      controller.abort();
    }, check.timeoutSeconds * 1000);
    let pending: Promise<ProbeResult>;
    try {
      pending = probe(controller.signal);
    } catch (e) {
      pending = Promise.resolve({ healthy: false, cause: (e as Error).message });
    }
    pending.then(settle, (e: unknown) => settle({ healthy: false, cause: e instanceof Error ? e.message : String(e) }));
  }

  private handle(result: ProbeResult): void {
    if (result.healthy) this.success();
    else if (!this.failure(result.cause ?? `${this.options.check.type} health check failed`)) return;
    this.schedule(this.options.check.intervalSeconds);
  }

  private success(): void {
    this.initializing = false;
    this.failures = 0;
    if (this.reported !== true) {
      this.reported = true;
      this.options.onHealth(true, undefined);
    }
  }

  /** Returns false once the task is to be killed (the runner has stopped). */
  private failure(cause: string): boolean {
    const { check, clock } = this.options;
    const graceMs = check.gracePeriodSeconds * 1000;
    if (this.initializing && graceMs > 0 && clock.now() - this.startedAt <= graceMs) {
      this.options.onIgnored?.(cause);
      return true;
    }
    this.failures++;
    this.reported = false;
    this.options.onHealth(false, cause);
    if (this.state !== 'running') return false; // onHealth may have stopped us
    if (this.failures >= check.consecutiveFailures) {
      this.stop();
      this.options.onKill(cause);
      return false;
    }
    return true;
  }
}
