import { randomUUID } from 'node:crypto';
import type { IdGen } from '@strato/clock';
import type { MasterInfo, Offer, TaskStatus } from '@strato/domain';
import { getErrorMessage } from '@strato/errors';
import { OfferPool, SchedulerDriver, SchedulerHandlers, SubmitResult, SubscribedDetails, TaskRequest } from '@strato/framework-sdk';
import type { ExampleConfig } from './config';
import { TallySummary, TaskTally } from './task-tally';

/** The driver calls this framework makes (a fake in tests). */
export type ExampleDriver = Pick<SchedulerDriver, 'launch' | 'decline' | 'suppress' | 'reconcile'>;

/** One structured output line. */
export type Emit = (record: Record<string, unknown>) => void;

export interface Outcome extends TallySummary {
  readonly interrupted?: string;
  readonly error?: string;
}

export function taskIds(prefix: string): IdGen {
  let n = 0;
  return { next: () => `${prefix}.${n++}.${randomUUID().slice(0, 8)}` };
}

/**
 * Runs `config.tasks` copies of a command: fills offers with tasks until all are launched
 * (declining the rest), then suppresses offers; prints every status update; settles `outcome`
 * once every task ended, on an ERROR from the master, or when interrupted.
 */
export class ExampleScheduler implements SchedulerHandlers {
  readonly outcome: Promise<Outcome>;
  private settle: (outcome: Outcome) => void = () => undefined;
  private settled = false;
  private driver: ExampleDriver | undefined;
  private readonly tally: TaskTally;

  constructor(
    private readonly config: ExampleConfig,
    private readonly emit: Emit,
    private readonly ids: IdGen = taskIds(config.name),
  ) {
    this.tally = new TaskTally(config.tasks);
    this.outcome = new Promise((resolve) => (this.settle = resolve));
  }

  attach(driver: ExampleDriver): void {
    this.driver = driver;
  }

  interrupt(signal: string): void {
    this.finish({ interrupted: signal });
  }

  async subscribed(frameworkId: string, master: MasterInfo, details: SubscribedDetails): Promise<void> {
    this.emit({ event: 'subscribed', framework_id: frameworkId, master: `${master.hostname}:${master.grpcPort}`, reconnected: details.reconnected });
    const running = this.tally.running();
    // After a re-subscription, ask where our tasks are: updates may have been lost meanwhile.
    if (details.reconnected && running.length > 0) await this.call('reconcile', this.driver?.reconcile(running));
  }

  async offers(offers: Offer[]): Promise<void> {
    const pool = new OfferPool(offers, { ids: this.ids });
    const request: TaskRequest = { name: this.config.name, cpus: this.config.cpus, mem: this.config.mem, command: this.config.command };
    while (!this.settled && this.tally.launched < this.config.tasks) {
      const placement = pool.place(request);
      if (!placement.ok) break;
      this.tally.add(placement.task.taskId, placement.offer.agentId);
      this.emit({ event: 'launch', task_id: placement.task.taskId, agent_id: placement.offer.agentId, hostname: placement.offer.hostname, offer_id: placement.offer.id });
    }
    if (!this.driver) return;
    this.reportFailedLaunches(await pool.submit(this.driver));
    if (this.tally.launched >= this.config.tasks) await this.call('suppress', this.driver.suppress());
  }

  update(status: TaskStatus): void {
    this.emit({ event: 'update', task_id: status.taskId, state: status.state, agent_id: status.agentId, message: status.message, reason: status.reason });
    if (this.tally.update(status) && this.tally.complete) this.finish({});
  }

  error(message: string): void {
    this.emit({ event: 'error', message });
    this.finish({ error: message });
  }

  disconnected(reason: string): void {
    this.emit({ event: 'disconnected', reason });
  }

  private reportFailedLaunches(result: SubmitResult): void {
    for (const failed of result.failed) {
      for (const task of failed.tasks) {
        this.tally.launchFailed(task.taskId);
        this.emit({ event: 'launch_failed', task_id: task.taskId, message: getErrorMessage(failed.error) });
      }
    }
    if (this.tally.complete) this.finish({});
  }

  private async call(name: string, work: Promise<void> | undefined): Promise<void> {
    try {
      await work;
    } catch (error) {
      this.emit({ event: 'call_failed', call: name, message: getErrorMessage(error) });
    }
  }

  private finish(extra: { interrupted?: string; error?: string }): void {
    if (this.settled) return;
    this.settled = true;
    this.settle({ ...this.tally.summary(), ...extra });
  }
}
