import type { MasterInfo, Offer, TaskStatus } from '@strato/domain';
import * as pb from '@strato/proto';
import { Resources } from '@strato/resources';
import { resourcesToProto, taskStatusToProto } from '@strato/wire';
import { SchedulerDriver } from '../driver';
import type { SchedulerDriverOptions, SchedulerHandlers, SubscribedDetails } from '../types';
import { FakeMaster } from './fake-master';

/** Everything the handlers saw, in order. */
export class Recorder implements Required<Omit<SchedulerHandlers, 'updateBatch'>> {
  readonly log: string[] = [];
  readonly subscriptions: { frameworkId: string; master: MasterInfo; details: SubscribedDetails }[] = [];
  readonly offerBatches: Offer[][] = [];
  readonly rescinds: string[] = [];
  readonly updates: TaskStatus[] = [];
  readonly failures: { agentId: string; executorId?: string; exitStatus?: number }[] = [];
  readonly errors: string[] = [];
  readonly disconnects: string[] = [];
  /** Runs inside `update`, before it returns; may return a promise that holds the update. */
  onUpdate: (status: TaskStatus) => unknown = () => undefined;

  subscribed(frameworkId: string, master: MasterInfo, details: SubscribedDetails): void {
    this.log.push(`subscribed ${frameworkId}`);
    this.subscriptions.push({ frameworkId, master, details });
  }
  offers(offers: Offer[]): void {
    this.log.push(`offers ${offers.map((o) => o.id).join(',')}`);
    this.offerBatches.push(offers);
  }
  rescinded(offerId: string): void {
    this.log.push(`rescinded ${offerId}`);
    this.rescinds.push(offerId);
  }
  async update(status: TaskStatus): Promise<void> {
    this.log.push(`update ${status.taskId} ${status.state}`);
    await this.onUpdate(status);
    this.updates.push(status);
  }
  failure(agentId: string, details: { executorId?: string; exitStatus?: number }): void {
    this.log.push(`failure ${agentId}`);
    this.failures.push({ agentId, ...details });
  }
  error(message: string): void {
    this.log.push(`error ${message}`);
    this.errors.push(message);
  }
  disconnected(reason: string): void {
    this.log.push(`disconnected`);
    this.disconnects.push(reason);
  }
}

/** A fake master plus drivers that are always stopped and closed after each test. */
export class DriverHarness {
  private readonly drivers: SchedulerDriver[] = [];
  private readonly masters: FakeMaster[] = [];

  async master(port = 0): Promise<FakeMaster> {
    const master = await FakeMaster.start(port);
    this.masters.push(master);
    return master;
  }

  driver(master: string | (() => Promise<string>), options: Partial<SchedulerDriverOptions> = {}, handlers: SchedulerHandlers = new Recorder()): SchedulerDriver {
    const driver = new SchedulerDriver({
      master,
      framework: { name: 'test-framework', user: 'tester', failoverTimeoutMs: 60_000 },
      handlers,
      reconnect: { initialMs: 10, maxMs: 100, random: () => 0.5 },
      ...options,
    });
    this.drivers.push(driver);
    return driver;
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.drivers.splice(0).map((d) => d.stop()));
    await Promise.all(this.masters.splice(0).map((m) => m.close()));
  }
}

export function offerEvent(...offers: { id: string; resources?: string; agentId?: string }[]): pb.Event['event'] {
  return {
    $case: 'offers',
    value: {
      offers: offers.map((o) => ({
        id: o.id,
        frameworkId: 'fw-1',
        agentId: o.agentId ?? 'agent-1',
        hostname: 'host-1',
        resources: resourcesToProto(Resources.parse(o.resources ?? 'cpus:2;mem:1024;disk:2048;ports:[31000-31005]')),
        attributes: [],
        allocationRole: '*',
        url: '',
      })),
    },
  };
}

export function updateEvent(taskId: string, state: TaskStatus['state'], uuid?: string): pb.Event['event'] {
  const status: TaskStatus = { taskId, state, message: '', source: 'SOURCE_EXECUTOR', reason: 'REASON_UNSPECIFIED', agentId: 'agent-1', timestamp: 1, uuid, labels: [] };
  return { $case: 'update', value: { status: taskStatusToProto(status) } };
}
