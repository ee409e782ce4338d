import { systemClock, type Clock } from '@strato/clock';
import type { TaskInfo } from '@strato/domain';
import type { SchedulerDriver } from '../driver';

/** The calls a scheduler core makes on its driver (what `FakeDriver` records). */
export type DriverCalls = Pick<SchedulerDriver, 'launch' | 'decline' | 'kill' | 'reconcile' | 'suppress' | 'revive'>;

/** One recorded LAUNCH: the offer id(s) as a string, the tasks, and the clock's time of the call. */
export interface RecordedLaunch {
  readonly offerId: string;
  readonly tasks: readonly TaskInfo[];
  readonly at: number;
}

/**
 * Test-only: a driver for scheduler cores' unit tests, with no master behind it. Records every call;
 * LAUNCH can be made to fail, or hooked to check what was durable before it. Subclass it for
 * behaviour of one framework's tests.
 */
export class FakeDriver implements DriverCalls {
  readonly launches: RecordedLaunch[] = [];
  readonly declines: string[] = [];
  readonly kills: string[] = [];
  readonly reconciles: (readonly { taskId: string }[])[] = [];
  suppressed = 0;
  revived = 0;
  /** While set, LAUNCH rejects as if the master were unavailable (nothing is recorded). */
  failLaunch = false;
  /** Called at launch time: lets a test check what was durable before the ACCEPT. */
  onLaunch?: (tasks: readonly TaskInfo[]) => void;

  /** `clock` stamps each launch (`at`); default: the system clock. */
  constructor(private readonly clock: Pick<Clock, 'now'> = systemClock) {}

  async launch(offerIds: string | readonly string[], tasks: readonly TaskInfo[]): Promise<void> {
    if (this.failLaunch) throw new Error('master unavailable');
    this.onLaunch?.(tasks);
    this.launches.push({ offerId: String(offerIds), tasks, at: this.clock.now() });
  }
  async decline(offerIds: string | readonly string[]): Promise<void> {
    this.declines.push(...(typeof offerIds === 'string' ? [offerIds] : offerIds));
  }
  async kill(taskId: string): Promise<void> {
    this.kills.push(taskId);
  }
  async reconcile(tasks: readonly { taskId: string }[] = []): Promise<void> {
    this.reconciles.push(tasks);
  }
  async suppress(): Promise<void> {
    this.suppressed += 1;
  }
  async revive(): Promise<void> {
    this.revived += 1;
  }
  /** Every launched task, in launch order. */
  tasks(): TaskInfo[] {
    return this.launches.flatMap((l) => [...l.tasks]);
  }
  /** The ids of every launched task, in launch order. */
  taskIds(): string[] {
    return this.tasks().map((t) => t.taskId);
  }
}
