import type { AppDefinition } from '@strato/app-definition';
import { isTerminal } from '@strato/domain';
import type { Instance } from '../state';
import type { CoreContext } from './instances';

const DEFAULT_KILL_CHUNK_SIZE = 100;

type Send = (instance: Instance, app: AppDefinition | undefined) => void;

/**
 * Marathon's KillService with `--kill_chunk_size`: at most that many kills are in flight (sent, and the
 * task not ended yet); more wait in arrival order and go out as earlier tasks end, so stopping a large
 * app does not flood the master and agents with thousands of kills at once. A kill sent again for a task
 * already in flight (a retry) takes no new slot, and the kill of an instance no longer stored (an expunged
 * unreachable one, which may never report its end) goes out at once, outside the count.
 */
export class KillService {
  /** instanceId → the task whose kill is in flight. */
  private readonly inFlight = new Map<string, string>();
  /** instanceId → the kill waiting for a slot (a Map keeps arrival order). */
  private readonly waiting = new Map<string, Instance>();

  constructor(
    private readonly ctx: CoreContext,
    private readonly send: Send,
  ) {}

  private get chunk(): number {
    return this.ctx.config.killChunkSize ?? DEFAULT_KILL_CHUNK_SIZE;
  }

  kill(instance: Instance, app: AppDefinition | undefined): void {
    const id = instance.instanceId;
    if (this.inFlight.get(id) === instance.taskId || !this.ctx.repository.instance(id)) return this.send(instance, app);
    if (this.inFlight.size >= this.chunk) this.dropEnded();
    if (this.inFlight.size >= this.chunk) {
      this.waiting.set(id, instance);
      return;
    }
    this.waiting.delete(id);
    this.inFlight.set(id, instance.taskId);
    this.send(instance, app);
  }

  /** The instance's task ended: its slot goes to the next waiting kill. */
  ended(instanceId: string): void {
    this.inFlight.delete(instanceId);
    this.waiting.delete(instanceId);
    this.drain();
  }

  /** Kills in flight and waiting (for tests and metrics). */
  counts(): { inFlight: number; waiting: number } {
    return { inFlight: this.inFlight.size, waiting: this.waiting.size };
  }

  private drain(): void {
    for (const [id, instance] of this.waiting) {
      if (this.inFlight.size >= this.chunk) return;
      this.waiting.delete(id);
      const current = this.ctx.repository.instance(id);
      if (!current || current.taskId !== instance.taskId || isTerminal(current.state)) continue;
      this.inFlight.set(id, current.taskId);
      this.send(current, this.ctx.repository.app(current.appId));
    }
  }

  /** Frees the slots of kills whose task is no longer stored (it ended without `ended`, or was replaced). */
  private dropEnded(): void {
    for (const [id, taskId] of this.inFlight) {
      const current = this.ctx.repository.instance(id);
      if (!current || current.taskId !== taskId || isTerminal(current.state)) this.inFlight.delete(id);
    }
  }
}
