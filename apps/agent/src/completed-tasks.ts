import { TaskRecord } from './task-record';
import { taskJSON } from './state-view';

/** A task the agent no longer holds, as /state shows it. */
export interface CompletedTask {
  readonly frameworkId: string;
  readonly frameworkName: string;
  readonly sandbox: string | null;
  readonly json: Record<string, unknown>;
}

/** The last `capacity` tasks whose terminal update was acknowledged (Mesos keeps completed executors too). */
export class CompletedTasks {
  private readonly items: CompletedTask[] = [];

  constructor(private readonly capacity = 1000) {}

  add(r: TaskRecord): void {
    this.items.push({ frameworkId: r.frameworkId, frameworkName: r.framework.name, sandbox: r.sandbox ?? null, json: taskJSON(r) });
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }

  list(): readonly CompletedTask[] {
    return this.items;
  }
}
