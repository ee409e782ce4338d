import { withDefaults, type AppDefinition } from '@strato/app-definition';
import { FakeClock, sequentialIds } from '@strato/clock';
import { MemoryStore, type KeyValueStore } from '@strato/coordination';
import type { Offer, TaskState, TaskStatus } from '@strato/domain';
import { FakeDriver } from '@strato/framework-sdk/src/testing/fake-driver';
import { Resources, type Attribute } from '@strato/resources';
import { EventBus, type MarathonEvent } from '../events';
import type { HealthProbe, HttpGetResult, ProbeResult, ProbeTarget } from '../health';
import type { ReadinessProbe, ReadinessTarget } from '../readiness';
import { MarathonRepository } from '../state';
import { createMarathonCore, type MarathonCoreHandle } from './marathon-core';
import type { CoreConfig, CoreDeps } from './types';

/** Test-only: an in-process core over a MemoryStore, a FakeClock and a recording driver. */
export const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/** The SDK's recording driver (Marathon's tests use `launches`, `tasks()`, `onLaunch`). */
export { FakeDriver };

/** A health probe whose answer the test sets per `host:port` or `host` (default: `fallback`); records every probe. */
export class FakeProbe {
  readonly calls: ProbeTarget[] = [];
  readonly answers = new Map<string, ProbeResult>();
  fallback: ProbeResult = { ok: false, cause: 'connect ECONNREFUSED' };
  readonly probe: HealthProbe = async (target) => {
    this.calls.push(target);
    return this.answers.get(`${target.host}:${target.port}`) ?? this.answers.get(target.host) ?? this.fallback;
  };
}

/** A readiness GET answering per `host:port` or `host` (default: HTTP 503); records every call. */
export class FakeReadinessProbe {
  readonly calls: ReadinessTarget[] = [];
  readonly answers = new Map<string, HttpGetResult>();
  fallback: HttpGetResult = FakeReadinessProbe.status(503);
  static status(status: number): HttpGetResult {
    return { ok: true, answer: { status, contentType: 'text/plain', body: `status ${status}` } };
  }
  readonly probe: ReadinessProbe = async (target) => {
    this.calls.push(target);
    return this.answers.get(`${target.host}:${target.port}`) ?? this.answers.get(target.host) ?? this.fallback;
  };
}

export interface Harness {
  readonly handle: MarathonCoreHandle;
  readonly repository: MarathonRepository;
  readonly clock: FakeClock;
  readonly driver: FakeDriver;
  readonly bus: EventBus;
  readonly probe: FakeProbe;
  readonly readiness: FakeReadinessProbe;
  /** Every event published on the bus, in order. */
  readonly events: MarathonEvent[];
  /** Moves the clock second by second, letting probes settle and the serial queue drain in between. */
  advance(ms: number, stepMs?: number): Promise<void>;
  offer(id: string, resources?: string, hostname?: string, attributes?: Attribute[]): Promise<void>;
  status(taskId: string, state: TaskState, extra?: Partial<TaskStatus>): Promise<void>;
  /** Every launched, not yet reported task goes to `state`. */
  statusAll(state: TaskState): Promise<void>;
}

export async function harness(store: KeyValueStore = new MemoryStore(), config: Partial<CoreConfig> = {}, extra: Pick<CoreDeps, 'canAct'> = {}): Promise<Harness> {
  const repository = await MarathonRepository.load(store);
  const clock = new FakeClock(T0);
  const driver = new FakeDriver(clock);
  const bus = new EventBus({ clock });
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const probe = new FakeProbe();
  const readiness = new FakeReadinessProbe();
  const events: MarathonEvent[] = [];
  const publish = bus.publish.bind(bus);
  bus.publish = (event) => {
    const stamped = publish(event);
    events.push(stamped);
    return stamped;
  };
  const handle = createMarathonCore({
    repository, bus, clock, ids: sequentialIds('u'), driverRef: () => driver, logger, healthProbe: probe.probe, readinessProbe: readiness.probe, ...extra,
    config: { mesosRole: '*', declineOfferDurationMs: 120_000, maxRunningDeployments: 100, scaleAppsIntervalMs: 0, ...config },
  });
  const reported = new Set<string>();
  const h: Harness = {
    handle, repository, clock, driver, bus, probe, readiness, events,
    async advance(ms, stepMs = 1000) {
      for (let left = ms; left > 0; left -= stepMs) {
        clock.advance(Math.min(stepMs, left));
        await new Promise((resolve) => setImmediate(resolve));
        await handle.idle();
      }
    },
    async offer(id, resources = 'cpus:4;mem:4096;disk:1000;ports:[31000-31100]', hostname = `host-${id}`, attributes = []) {
      const offer: Offer = { id, frameworkId: 'fw', agentId: `agent-${hostname}`, hostname, resources: Resources.parse(resources), attributes, role: '*' };
      await handle.scheduler.offers([offer]);
      await handle.idle();
    },
    async status(taskId, state, extra = {}) {
      if (state !== 'TASK_STAGING') reported.add(taskId);
      const status: TaskStatus = { taskId, state, message: '', source: 'SOURCE_EXECUTOR', reason: 'REASON_UNSPECIFIED', agentId: 'agent', timestamp: clock.now() / 1000, labels: [], ...extra };
      await handle.scheduler.update(status);
      await handle.idle();
    },
    async statusAll(state) {
      for (const task of driver.tasks()) if (!reported.has(task.taskId)) await h.status(task.taskId, state);
    },
  };
  return h;
}

export function app(id: string, extra: Record<string, unknown> = {}, seconds = 0): AppDefinition {
  return withDefaults({ id, cmd: 'sleep 100', cpus: 0.5, mem: 64, instances: 1, ...extra }, { now: T0 + seconds * 1000 });
}

export const noForce = { force: false };
