import { StoreOp } from '@strato/coordination';
import { TaskStatus } from '@strato/domain';
import { Logger } from '@strato/service';
import { CheckpointStore } from './checkpoint';
import { TaskRecord, toCheckpoint } from './task-record';

/** Pause before retrying a failed checkpoint write. */
const FAILED_WRITE_RETRY_MS = 100;

export interface CheckpointWriterDeps {
  readonly checkpoints: CheckpointStore;
  /** Hands a checkpointed update on (to the status update manager), in the order it was queued. */
  readonly forward: (frameworkId: string, status: TaskStatus) => void;
  readonly logger: Logger;
}

/** What the next batch does for one task: store its record, or delete its checkpoint. */
type Pending = { readonly record: TaskRecord } | { readonly remove: TaskRecord };

/**
 * Group commit of task checkpoints. Changes only mark a task dirty (`save`), queue an update to
 * forward once it is durable (`send`), or mark a task forgotten (`remove`). Once per event-loop
 * turn (setImmediate) every pending change goes into ONE `CheckpointStore.write` (one journal
 * line, one fdatasync), and only after it succeeded are the queued updates forwarded, in their
 * original order: an update is never sent before its checkpoint is durable (Mesos' rule). A failed
 * write is logged and retried at the next turn, with nothing forwarded in between. One write at a
 * time; `flush` writes now and resolves once everything pending when it was called is written.
 */
export class CheckpointWriter {
  private pending = new Map<string, Pending>();
  private queued: { frameworkId: string; status: TaskStatus }[] = [];
  private scheduled = false;
  private closed = false;
  private failures = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: CheckpointWriterDeps) {}

  /** The record changed (e.g. an acknowledgement): checkpoint it in the next batch. */
  save(record: TaskRecord): void {
    this.pending.set(keyOf(record), { record });
    this.schedule();
  }

  /** The record got `status`: checkpoint it in the next batch, then forward `status`. */
  send(record: TaskRecord, status: TaskStatus): void {
    this.queued.push({ frameworkId: record.frameworkId, status });
    this.save(record);
  }

  /** The task is forgotten: delete its checkpoint in the next batch. */
  remove(record: TaskRecord): void {
    this.pending.set(keyOf(record), { remove: record });
    this.schedule();
  }

  /** Number of changes and updates waiting for the next batch. */
  backlog(): number {
    return this.pending.size + this.queued.length;
  }

  /** Writes what is pending now (after any write in progress); never rejects. */
  flush(): Promise<void> {
    this.writing = this.writing.then(() => this.writeBatch()).catch((error: unknown) => {
      this.deps.logger.error({ err: String(error) }, 'checkpoint flush failed'); // keeps the chain alive
    });
    return this.writing;
  }

  /** Flushes, then stops writing (agent shutdown): later changes stay in memory only. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async writeBatch(): Promise<void> {
    if (this.closed || (this.pending.size === 0 && this.queued.length === 0)) return;
    const { pending, queued } = this;
    this.pending = new Map();
    this.queued = [];
    try {
      await this.deps.checkpoints.write([...pending.values()].map((p) => this.opOf(p)));
    } catch (e) {
      this.failed(pending, queued, e as Error);
      return;
    }
    if (this.failures > 0) this.deps.logger.info({ failures: this.failures }, 'checkpoint writes succeed again');
    this.failures = 0;
    for (const { frameworkId, status } of queued) {
      try {
        this.deps.forward(frameworkId, status);
      } catch (error) {
        this.deps.logger.error({ taskId: status.taskId, err: String(error) }, 'forwarding a status update failed');
      }
    }
  }

  /** Puts the batch back in front of whatever changed since, and retries shortly (a broken disk must not spin the agent). */
  private failed(pending: Map<string, Pending>, queued: typeof this.queued, error: Error): void {
    if (this.failures++ === 0) this.deps.logger.error({ err: error.message, updates: queued.length }, 'failed to checkpoint tasks; retrying');
    for (const [key, change] of this.pending) pending.set(key, change); // newer changes win
    this.pending = pending;
    this.queued = [...queued, ...this.queued];
    setTimeout(() => this.schedule(), FAILED_WRITE_RETRY_MS);
  }

  private opOf(change: Pending): StoreOp {
    if ('record' in change) return this.deps.checkpoints.putTask(toCheckpoint(change.record));
    const r = change.remove;
    return this.deps.checkpoints.removeTask(r.agentId, r.frameworkId, r.task.taskId);
  }
}

const keyOf = (r: TaskRecord) => `${r.agentId}\u0000${r.frameworkId}\u0000${r.task.taskId}`;
