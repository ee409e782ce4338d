import { HealthCheck } from '@strato/app-definition';
import { Clock, TimerHandle } from '@strato/clock';
import { defaultProbe, HealthProbe, ProbeTarget, timeoutCause } from './probes';
import { HealthTracker } from './tracker';
import { HealthCheckResultJson, HealthEvent, HealthInstance, isMarathonRun, MarathonProtocol, ProbeResult } from './types';
import { syncWatched, syncWatchedOne } from './watch-set';

export interface HealthCheckerOptions {
  readonly clock: Clock;
  /** The app's health checks, or a lookup by instance (checks belong to the instance's app version). */
  readonly healthChecks: readonly HealthCheck[] | ((instance: HealthInstance) => readonly HealthCheck[]);
  readonly probe?: HealthProbe;
  readonly onKill?: (instance: HealthInstance, reason: string) => void;
  readonly onEvent?: (event: HealthEvent) => void;
}

/** One (instance, check index): its tracker and, for Marathon-run checks, its probe loop. */
interface CheckSlot {
  readonly check: HealthCheck;
  readonly tracker: HealthTracker;
  timer?: TimerHandle;
  deadline?: TimerHandle;
  abort?: AbortController;
  inFlight: boolean;
}

interface Watched {
  readonly instance: HealthInstance;
  readonly slots: CheckSlot[];
  active: boolean;
}

/** The host port a check targets: `port` wins over `portIndex` (default 0). */
export function resolvePort(check: HealthCheck, instance: Pick<HealthInstance, 'ports'>): number | undefined {
  if (check.port !== undefined && check.port > 0) return check.port;
  return instance.ports[check.portIndex ?? 0];
}

function startedAtMs(startedAt: string | number): number {
  return typeof startedAt === 'number' ? startedAt : Date.parse(startedAt);
}

/**
 * Runs Marathon-level health checks (HTTP, HTTPS, TCP) for RUNNING instances on the injected clock:
 * the first probe `delaySeconds` after the instance started, then one every `intervalSeconds`, never
 * two at once for the same check; a probe outliving `timeoutSeconds` is a failure. Agent-run checks
 * (MESOS_*, COMMAND) are fed with `recordStatusHealth` from status updates into the same trackers.
 */
export class HealthChecker {
  private readonly watched = new Map<string, Watched>();
  private stopped = false;

  constructor(private readonly options: HealthCheckerOptions) {}

  /** Makes `instances` the watched set: new ones start, missing ones (or a new task) stop. */
  update(instances: readonly HealthInstance[]): void {
    if (this.stopped) return;
    syncWatched(this.watched, instances, { watch: (i) => this.watch(i), unwatch: (id) => this.unwatch(id) });
  }

  /** `update` for one instance id, leaving the others alone: `instance` is what should be watched under it now. */
  updateOne(instanceId: string, instance: HealthInstance | undefined): void {
    if (this.stopped) return;
    syncWatchedOne(this.watched, instanceId, instance, { watch: (i) => this.watch(i), unwatch: (id) => this.unwatch(id) });
  }

  /** Marathon's `healthCheckResults` for one instance, in health check order; [] when not watched. */
  results(instanceId: string): HealthCheckResultJson[] {
    return this.watched.get(instanceId)?.slots.map((s) => s.tracker.toJson()) ?? [];
  }

  /** `undefined` without health checks; else whether every check is alive. */
  healthy(instanceId: string): boolean | undefined {
    const w = this.watched.get(instanceId);
    if (!w || w.slots.length === 0) return undefined;
    return w.slots.every((s) => s.tracker.alive);
  }

  /** The `healthy` flag of a status update, for the instance's agent-run (MESOS_*, COMMAND) check. */
  recordStatusHealth(instanceId: string, healthy: boolean, cause?: string): void {
    const slot = this.watched.get(instanceId)?.slots.find((s) => !isMarathonRun(s.check));
    if (!slot) return;
    this.apply(instanceId, slot, { ok: healthy, cause: healthy ? undefined : cause ?? 'unhealthy status update' });
  }

  stop(): void {
    this.stopped = true;
    for (const id of [...this.watched.keys()]) this.unwatch(id);
  }

  private checksFor(instance: HealthInstance): readonly HealthCheck[] {
    const { healthChecks } = this.options;
    return typeof healthChecks === 'function' ? healthChecks(instance) : healthChecks;
  }

  private watch(instance: HealthInstance): void {
    const slots = this.checksFor(instance).map((check) => ({ check, tracker: new HealthTracker(instance, check), inFlight: false }));
    const w: Watched = { instance, slots, active: true };
    this.watched.set(instance.instanceId, w);
    const { clock } = this.options;
    for (const slot of slots) {
      if (!isMarathonRun(slot.check)) continue;
      const firstAt = startedAtMs(instance.startedAt) + slot.check.delaySeconds * 1000;
      this.schedule(w, slot, Math.max(0, firstAt - clock.now()));
    }
  }

  private unwatch(instanceId: string): void {
    const w = this.watched.get(instanceId);
    if (!w) return;
    this.deactivate(w);
    this.watched.delete(instanceId);
  }

  /** Stops every timer and in-flight probe of an instance (removed, killed or checker stopped). */
  private deactivate(w: Watched): void {
    w.active = false;
    for (const slot of w.slots) {
      this.options.clock.clearTimeout(slot.timer);
      this.options.clock.clearTimeout(slot.deadline);
      slot.abort?.abort();
    }
  }

  private schedule(w: Watched, slot: CheckSlot, delayMs: number): void {
    if (!w.active) return;
    slot.timer = this.options.clock.setTimeout(() => this.runProbe(w, slot), delayMs);
  }

  private runProbe(w: Watched, slot: CheckSlot): void {
    slot.timer = undefined;
    if (!w.active || slot.inFlight) return;
    const { clock } = this.options;
    const startedAt = clock.now();
    const timeoutMs = slot.check.timeoutSeconds * 1000;
    const port = resolvePort(slot.check, w.instance);
    if (port === undefined) {
      this.apply(w.instance.instanceId, slot, { ok: false, cause: `no host port at index ${slot.check.portIndex ?? 0}` });
      this.schedule(w, slot, slot.check.intervalSeconds * 1000);
      return;
    }
    slot.inFlight = true;
    const abort = new AbortController();
    slot.abort = abort;
    let recorded = false;
    const settle = (result: ProbeResult): void => {
      if (recorded) return;
      recorded = true;
      clock.clearTimeout(slot.deadline);
      if (w.active && !result.ignored) this.apply(w.instance.instanceId, slot, result);
    };
    slot.deadline = clock.setTimeout(() => {
      settle({ ok: false, cause: timeoutCause(timeoutMs) });
      abort.abort();
    }, timeoutMs);
    const target: ProbeTarget = {
      protocol: slot.check.protocol as MarathonProtocol,
      host: w.instance.host,
      port,
      path: slot.check.path,
      ignoreHttp1xx: slot.check.ignoreHttp1xx,
    };
    const probe = this.options.probe ?? defaultProbe;
    probe(target, { timeoutMs, signal: abort.signal })
      .catch((error: unknown) => ({ ok: false, cause: error instanceof Error ? error.message : String(error) }))
      .then((result) => {
        settle(result);
        slot.inFlight = false;
        slot.abort = undefined;
        const next = startedAt + slot.check.intervalSeconds * 1000 - clock.now();
        this.schedule(w, slot, Math.max(0, next));
      });
  }

  private apply(instanceId: string, slot: CheckSlot, result: ProbeResult): void {
    const w = this.watched.get(instanceId);
    if (!w?.active) return;
    const verdict = slot.tracker.record(result, this.options.clock.now());
    for (const event of verdict.events) this.options.onEvent?.(event);
    if (verdict.kill) {
      this.deactivate(w);
      this.options.onKill?.(w.instance, verdict.result.lastFailureCause ?? 'unknown');
    }
  }
}
