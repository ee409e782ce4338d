interface Entry {
  readonly job: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Runs jobs one at a time, in call order: a scheduler's callbacks, API writes and timer ticks never
 * interleave, so each one sees the state the previous one left. A job must not await another job.
 * `runFirst` puts a job ahead of those still waiting (never into the one running), for work whose
 * lateness matters more than its turn, such as a timer that makes runs due.
 */
export class Serial {
  private readonly queue: Entry[] = [];
  private running = false;
  private idleWaiters: (() => void)[] = [];

  run<T>(job: () => Promise<T> | T): Promise<T> {
    return this.enqueue(job, false);
  }

  runFirst<T>(job: () => Promise<T> | T): Promise<T> {
    return this.enqueue(job, true);
  }

  /** Resolves once every job queued so far (and the ones they queued) has settled. */
  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private enqueue<T>(job: () => Promise<T> | T, first: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Entry = { job, resolve: resolve as (value: unknown) => void, reject };
      if (first) this.queue.unshift(entry);
      else this.queue.push(entry);
      if (!this.running) {
        this.running = true;
        queueMicrotask(() => void this.drain()); // a job never starts inside its caller's code
      }
    });
  }

  private async drain(): Promise<void> {
    for (let entry = this.queue.shift(); entry; entry = this.queue.shift()) {
      try {
        entry.resolve(await entry.job());
      } catch (error) {
        entry.reject(error);
      }
    }
    this.running = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
