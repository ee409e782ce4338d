import { TaskInfo, TaskState, TaskStatus, Offer, FrameworkCapability } from '@strato/domain';
import { SchedulerDriver } from '@strato/framework-sdk';
import { Resources } from '@strato/resources';
import { waitFor } from '@strato/testing';

/** A framework for tests: records everything the master sends and launches on demand. */
export class TestFramework {
  readonly driver: SchedulerDriver;
  readonly offers = new Map<string, Offer>();
  readonly rescinded: string[] = [];
  readonly updates: TaskStatus[] = [];
  readonly failures: string[] = [];
  readonly errors: string[] = [];
  frameworkId?: string;
  subscriptions = 0;

  constructor(master: string, options: { name?: string; id?: string; failoverTimeoutMs?: number; capabilities?: FrameworkCapability[]; autoAcknowledge?: boolean } = {}) {
    this.driver = new SchedulerDriver({
      master,
      framework: {
        name: options.name ?? 'e2e',
        id: options.id,
        failoverTimeoutMs: options.failoverTimeoutMs ?? 60_000,
        capabilities: options.capabilities ?? [],
      },
      autoAcknowledge: options.autoAcknowledge ?? true,
      reconnect: { initialMs: 100, maxMs: 1000 },
      callTimeoutMs: 15_000,
      handlers: {
        subscribed: (id) => {
          // Offers do not survive a (re-)subscription: the master made new ones.
          this.offers.clear();
          this.frameworkId = id;
          this.subscriptions++;
        },
        offers: (offers) => offers.forEach((o) => this.offers.set(o.id, o)),
        rescinded: (id) => {
          this.rescinded.push(id);
          this.offers.delete(id);
        },
        update: (s) => {
          this.updates.push(s);
        },
        failure: (agentId) => {
          this.failures.push(agentId);
        },
        error: (message) => {
          this.errors.push(message);
        },
      },
    });
  }

  async start(): Promise<string> {
    await this.driver.start();
    return waitFor(() => this.frameworkId, { description: 'SUBSCRIBED' });
  }

  /** Waits for an offer (optionally from one agent) with at least `min` resources, and takes it from the pool. */
  async takeOffer(predicate: (o: Offer) => boolean = () => true, min = 'cpus:0.1;mem:32'): Promise<Offer> {
    const need = Resources.parse(min);
    const offer = await waitFor(() => [...this.offers.values()].find((o) => predicate(o) && o.resources.contains(need)), {
      timeoutMs: 20_000,
      description: 'a matching offer',
    });
    this.offers.delete(offer.id);
    return offer;
  }

  statusesOf(taskId: string): TaskState[] {
    return this.updates.filter((u) => u.taskId === taskId).map((u) => u.state);
  }

  waitForState(taskId: string, state: TaskState, timeoutMs = 20_000): Promise<TaskStatus> {
    return waitFor(() => this.updates.find((u) => u.taskId === taskId && u.state === state), {
      timeoutMs,
      description: `${taskId} to reach ${state} (seen: ${this.statusesOf(taskId).join(', ') || 'nothing'})`,
    });
  }

  async stop(): Promise<void> {
    await this.driver.stop();
  }
}

export function shellTask(taskId: string, agentId: string, command: string, resources = 'cpus:0.1;mem:32', extra: Partial<TaskInfo> = {}): TaskInfo {
  return {
    taskId,
    name: taskId,
    agentId,
    resources: Resources.parse(resources),
    command: { value: command, shell: true, arguments: [], environment: {}, uris: [] },
    labels: [],
    ...extra,
  };
}
