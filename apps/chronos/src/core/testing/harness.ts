import { FakeClock } from '@strato/clock';
import { MemoryStore, type KeyValueStore } from '@strato/coordination';
import type { Offer, TaskState, TaskStatus } from '@strato/domain';
import { FakeDriver as SdkFakeDriver } from '@strato/framework-sdk/src/testing/fake-driver';
import type { JobDefinition } from '@strato/job-definition';
import { Resources } from '@strato/resources';
import { createLogger, Metrics } from '@strato/service';
import { ChronosRepository } from '../../state/repository';
import { ChronosCore } from '../chronos-core';
import type { CoreConfig } from '../context';
import { JobBook } from '../job-book';
import type { ChronosDriver, NotificationKind, Notifier } from '../ports';
import type { Run } from '../types';

/** Test-only: the scheduler core over a MemoryStore, a FakeClock, a recording driver and notifier. */
export const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/** The SDK's recording driver, plus Chronos' knob: like the master, the harness answers a revive with an offer unless this is off. */
export class FakeDriver extends SdkFakeDriver implements ChronosDriver {
  offerOnRevive = true;
}

export class RecordingNotifier implements Notifier {
  readonly sent: { kind: NotificationKind; job: string; taskId?: string }[] = [];
  notify(kind: NotificationKind, job: JobDefinition, run?: Run): void {
    this.sent.push({ kind, job: job.name, taskId: run?.taskId });
  }
}

export const TEST_CONFIG: CoreConfig = {
  defaults: { cpus: 0.1, mem: 32, disk: 0, user: 'root' },
  failureRetryMs: 1000,
  disableAfterFailures: 0,
  declineOfferDurationMs: 5000,
  offerHoldMs: 10_000,
  minReviveOffersIntervalMs: 100,
};

export interface Harness {
  readonly core: ChronosCore;
  readonly clock: FakeClock;
  readonly driver: FakeDriver;
  readonly notifier: RecordingNotifier;
  readonly store: KeyValueStore;
  /** What `CoreContext.canAct` answers (true unless a test freezes the instance). */
  acting: boolean;
  /** Moves the fake clock and lets the serial queue settle. */
  advance(ms: number): Promise<void>;
  offer(id?: string, resources?: string, hostname?: string): Promise<void>;
  status(taskId: string, state: TaskState, extra?: Partial<TaskStatus>): Promise<void>;
  /** Reports STARTING+RUNNING and then `end` for every launched task not reported yet. */
  finishAll(end?: TaskState): Promise<string[]>;
  job(name: string): Record<string, unknown>;
  settle(): Promise<void>;
}

let offers = 0;

export async function startCore(options: { store?: KeyValueStore; clock?: FakeClock; config?: Partial<CoreConfig>; acting?: boolean } = {}): Promise<Harness> {
  const clock = options.clock ?? new FakeClock(T0);
  const store = options.store ?? new MemoryStore();
  const driver = new FakeDriver(clock);
  const notifier = new RecordingNotifier();
  const gate = { acting: options.acting ?? true };
  const core = new ChronosCore(
    {
      book: new JobBook(new ChronosRepository(store), 50),
      clock,
      config: { ...TEST_CONFIG, ...options.config },
      notifier,
      logger: createLogger('chronos-test', 'silent'),
      metrics: new Metrics(),
      driver: () => driver,
      canAct: () => gate.acting,
    },
    600_000,
  );
  await core.start();
  const reported = new Set<string>();
  let revivesAnswered = 0;
  const makeOffer = (id: string, resources: string, hostname: string): Offer => ({ id, frameworkId: 'fw', agentId: `agent-${hostname}`, hostname, resources: Resources.parse(resources), attributes: [], role: '*' });
  // Like the master, a revive is answered with an offer (unless the test turned that off).
  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      clock.advance(0);
      await core.idle();
      await new Promise((r) => setImmediate(r));
      if (driver.revived > revivesAnswered && driver.offerOnRevive) {
        revivesAnswered = driver.revived;
        await core.scheduler.offers([makeOffer(`o${offers++}`, 'cpus:4;mem:4096;disk:1000', 'host-a')]);
      }
    }
  };
  const h: Harness = {
    core, clock, driver, notifier, store, settle,
    get acting() {
      return gate.acting;
    },
    set acting(value: boolean) {
      gate.acting = value;
    },
    async advance(ms) {
      const end = clock.now() + ms;
      while (clock.now() < end) {
        clock.advance(Math.min(100, end - clock.now()));
        await settle();
      }
    },
    async offer(id = `o${offers++}`, resources = 'cpus:4;mem:4096;disk:1000', hostname = 'host-a') {
      await core.scheduler.offers([makeOffer(id, resources, hostname)]);
      await settle();
    },
    async status(taskId, state, extra = {}) {
      const status: TaskStatus = { taskId, state, message: '', source: 'SOURCE_EXECUTOR', reason: 'REASON_UNSPECIFIED', agentId: 'agent-host-a', timestamp: clock.now() / 1000, labels: [], ...extra };
      await core.scheduler.updates([status]);
      await settle();
    },
    async finishAll(end = 'TASK_FINISHED') {
      const done: string[] = [];
      for (const taskId of driver.taskIds()) {
        if (reported.has(taskId)) continue;
        reported.add(taskId);
        await h.status(taskId, 'TASK_RUNNING');
        await h.status(taskId, end);
        done.push(taskId);
      }
      return done;
    },
    job(name) {
      const job = core.job(name);
      if (!job) throw new Error(`no job ${name}`);
      return job;
    },
  };
  return h;
}
