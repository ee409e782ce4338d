import { HealthCheck } from '@strato/app-definition';
import { HealthCheckResultJson, HealthEvent, HealthInstance, isMarathonRun } from './types';

export type TrackedInstance = Omit<HealthInstance, 'ports'>;

export interface HealthRecord {
  readonly ok: boolean;
  readonly cause?: string;
}

/** What one recorded result changed: the new JSON, the events to publish and whether to kill. */
export interface HealthVerdict {
  readonly result: HealthCheckResultJson;
  readonly events: HealthEvent[];
  /** The failure was inside the grace period before any success and was not counted. */
  readonly ignored: boolean;
  readonly kill: boolean;
}

interface HealthState {
  readonly consecutiveFailures: number;
  readonly firstSuccess: number | null;
  readonly lastSuccess: number | null;
  readonly lastFailure: number | null;
  readonly lastFailureCause: string | null;
  readonly killed: boolean;
  /** Orders results recorded in the same millisecond, where the timestamps alone can't. */
  readonly lastWasSuccess: boolean;
}

const INITIAL: HealthState = {
  consecutiveFailures: 0,
  firstSuccess: null,
  lastSuccess: null,
  lastFailure: null,
  lastFailureCause: null,
  killed: false,
  lastWasSuccess: false,
};

/** Marathon's rule: alive iff the last success is newer than the last failure. */
function isAlive(state: HealthState): boolean {
  return state.lastSuccess !== null && state.lastWasSuccess;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function startedAtMs(startedAt: string | number): number {
  return typeof startedAt === 'number' ? startedAt : Date.parse(startedAt);
}

/**
 * Health of one (instance, health check) pair. Pure: no timers or I/O; time comes in with each result.
 * Marathon-run checks (HTTP/HTTPS/TCP) apply the grace period and decide kills here; agent-run checks
 * (MESOS_*, COMMAND) only track results, because the executor applies grace and kills itself.
 */
export class HealthTracker {
  private state: HealthState = INITIAL;
  /** `toJson()` of `state`, built once per state (states are replaced, never changed): listings ask on every request. */
  private json?: { readonly state: HealthState; readonly value: HealthCheckResultJson };

  constructor(
    readonly instance: TrackedInstance,
    readonly healthCheck: HealthCheck,
  ) {}

  get alive(): boolean {
    return isAlive(this.state);
  }

  /** Frozen, and the same object until the next recorded result changes the state. */
  toJson(): HealthCheckResultJson {
    const s = this.state;
    if (this.json?.state === s) return this.json.value;
    const value: HealthCheckResultJson = Object.freeze({
      instanceId: this.instance.instanceId,
      alive: isAlive(s),
      consecutiveFailures: s.consecutiveFailures,
      firstSuccess: iso(s.firstSuccess),
      lastSuccess: iso(s.lastSuccess),
      lastFailure: iso(s.lastFailure),
      lastFailureCause: s.lastFailureCause,
    });
    this.json = { state: s, value };
    return value;
  }

  record(result: HealthRecord, now: number): HealthVerdict {
    const before = this.state;
    if (!result.ok && this.inGracePeriod(now)) {
      return { result: this.toJson(), events: [], ignored: true, kill: false };
    }
    const events: HealthEvent[] = [];
    let kill = false;
    if (result.ok) {
      this.state = { ...before, consecutiveFailures: 0, firstSuccess: before.firstSuccess ?? now, lastSuccess: now, lastWasSuccess: true };
    } else {
      this.state = {
        ...before,
        consecutiveFailures: before.consecutiveFailures + 1,
        lastFailure: now,
        lastFailureCause: result.cause ?? 'unknown',
        lastWasSuccess: false,
      };
      events.push(this.failedEvent(now));
      kill = this.shouldKill();
      if (kill) {
        this.state = { ...this.state, killed: true };
        events.push(this.killEvent(now));
      }
    }
    if (isAlive(before) !== isAlive(this.state)) events.push(this.statusChangedEvent(now));
    return { result: this.toJson(), events, ignored: false, kill };
  }

  private inGracePeriod(now: number): boolean {
    if (!isMarathonRun(this.healthCheck) || this.state.firstSuccess !== null) return false;
    return now < startedAtMs(this.instance.startedAt) + this.healthCheck.gracePeriodSeconds * 1000;
  }

  /** 0 consecutive failures disables killing; a kill is decided once per tracker. */
  private shouldKill(): boolean {
    const max = this.healthCheck.maxConsecutiveFailures;
    if (!isMarathonRun(this.healthCheck) || max <= 0 || this.state.killed) return false;
    return this.state.consecutiveFailures >= max;
  }

  private failedEvent(now: number): HealthEvent {
    const { appId, instanceId, taskId } = this.instance;
    return { eventType: 'failed_health_check_event', timestamp: iso(now) as string, appId, instanceId, taskId, healthCheck: this.healthCheck };
  }

  private killEvent(now: number): HealthEvent {
    const { appId, instanceId, taskId, version, host, agentId } = this.instance;
    return {
      eventType: 'unhealthy_instance_kill_event',
      timestamp: iso(now) as string,
      appId,
      taskId,
      instanceId,
      version,
      reason: this.state.lastFailureCause ?? 'unknown',
      host,
      ...(agentId !== undefined ? { slaveId: agentId } : {}),
    };
  }

  private statusChangedEvent(now: number): HealthEvent {
    const { appId, instanceId, taskId, version } = this.instance;
    return { eventType: 'health_status_changed_event', timestamp: iso(now) as string, appId, instanceId, taskId, version, alive: isAlive(this.state) };
  }
}
