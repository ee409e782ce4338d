import { Clock, TimerHandle } from '@strato/clock';
import { TaskStatus } from '@strato/domain';

/** One reliable update: a status (with its uuid) of a framework's task. */
export interface StatusUpdate {
  readonly frameworkId: string;
  readonly status: TaskStatus;
}

export interface StatusUpdateOptions {
  readonly clock: Clock;
  /** First retry delay (Mesos `--status_update_retry_interval_min`, 10 s). */
  readonly retryMinMs: number;
  /** Upper bound of the doubling retry delay (Mesos: 10 min). */
  readonly retryMaxMs?: number;
  /** Sends an update towards the master; only called while the manager is resumed. */
  readonly forward: (update: StatusUpdate) => void;
}

export type AckOutcome =
  | { readonly kind: 'acknowledged'; readonly status: TaskStatus; readonly remaining: number }
  | { readonly kind: 'stale' }
  | { readonly kind: 'unknown-stream' };

interface Stream {
  readonly frameworkId: string;
  readonly taskId: string;
  readonly queue: TaskStatus[];
  intervalMs: number;
  timer?: TimerHandle;
}

export const DEFAULT_RETRY_MAX_MS = 10 * 60_000;

const key = (frameworkId: string, taskId: string) => `${frameworkId}\u0000${taskId}`;

/**
 * Mesos' TaskStatusUpdateManager: one FIFO per task, only its head in flight, resent with a
 * doubling delay (min..max) until the framework acknowledges its uuid. Forwarding pauses while
 * the agent has no master and resumes (resending every head) after (re)registration.
 */
export class StatusUpdateManager {
  private readonly streams = new Map<string, Stream>();
  private readonly retryMaxMs: number;
  private active = false;

  constructor(private readonly options: StatusUpdateOptions) {
    this.retryMaxMs = options.retryMaxMs ?? DEFAULT_RETRY_MAX_MS;
  }

  /** Appends an update (which must carry a uuid); sends it at once if it is the head. */
  enqueue(frameworkId: string, status: TaskStatus): void {
    if (!status.uuid) throw new Error(`status update for task ${status.taskId} has no uuid`);
    const stream = this.streamFor(frameworkId, status.taskId);
    stream.queue.push(status);
    if (stream.queue.length === 1) this.sendHead(stream, true);
  }

  /** Restores a recovered stream without sending; `resume` sends its head. */
  restore(frameworkId: string, taskId: string, pending: readonly TaskStatus[]): void {
    if (pending.length === 0) return;
    const stream = this.streamFor(frameworkId, taskId);
    stream.queue.push(...pending);
  }

  /** Drops the head if `uuid` matches it and sends the next one; anything else is stale. */
  acknowledge(frameworkId: string, taskId: string, uuid: string): AckOutcome {
    const stream = this.streams.get(key(frameworkId, taskId));
    if (!stream) return { kind: 'unknown-stream' };
    const head = stream.queue[0];
    if (!head || head.uuid !== uuid) return { kind: 'stale' };
    stream.queue.shift();
    this.options.clock.clearTimeout(stream.timer);
    stream.timer = undefined;
    if (stream.queue.length === 0) this.streams.delete(key(frameworkId, taskId));
    else this.sendHead(stream, true);
    return { kind: 'acknowledged', status: head, remaining: stream.queue.length };
  }

  /** Starts forwarding: every head is (re)sent now, with retry delays starting over. */
  resume(): void {
    this.active = true;
    for (const stream of this.streams.values()) this.sendHead(stream, true);
  }

  /** Stops forwarding and retrying (no master); the queues are kept. */
  pause(): void {
    this.active = false;
    for (const stream of this.streams.values()) this.stopTimer(stream);
  }

  pending(frameworkId: string, taskId: string): readonly TaskStatus[] {
    return this.streams.get(key(frameworkId, taskId))?.queue ?? [];
  }

  /** Number of updates not yet acknowledged, over all tasks. */
  pendingCount(): number {
    let n = 0;
    for (const stream of this.streams.values()) n += stream.queue.length;
    return n;
  }

  /** Forgets a task's stream (e.g. its record is gone for good). */
  drop(frameworkId: string, taskId: string): void {
    const stream = this.streams.get(key(frameworkId, taskId));
    if (stream) this.stopTimer(stream);
    this.streams.delete(key(frameworkId, taskId));
  }

  stop(): void {
    this.pause();
  }

  private streamFor(frameworkId: string, taskId: string): Stream {
    let stream = this.streams.get(key(frameworkId, taskId));
    if (!stream) {
      stream = { frameworkId, taskId, queue: [], intervalMs: this.options.retryMinMs };
      this.streams.set(key(frameworkId, taskId), stream);
    }
    return stream;
  }

  private sendHead(stream: Stream, restartBackoff: boolean): void {
    this.stopTimer(stream);
    if (restartBackoff) stream.intervalMs = this.options.retryMinMs;
    const head = stream.queue[0];
    if (!this.active || !head) return;
    this.options.forward({ frameworkId: stream.frameworkId, status: head });
    stream.timer = this.options.clock.setTimeout(() => {
      stream.timer = undefined;
      stream.intervalMs = Math.min(stream.intervalMs * 2, this.retryMaxMs);
      this.sendHead(stream, false);
    }, stream.intervalMs);
  }

  private stopTimer(stream: Stream): void {
    this.options.clock.clearTimeout(stream.timer);
    stream.timer = undefined;
  }
}
