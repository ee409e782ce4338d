import { MemoryStore, type StoreOp } from '@strato/coordination';
import { startCore, T0 } from './testing/harness';

class CountingStore extends MemoryStore {
  batches = 0;
  override batch(ops: readonly StoreOp[]): Promise<void> {
    this.batches++;
    return super.batch(ops);
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('scheduled jobs', () => {
  it('launches each occurrence when it is due, with the Chronos task id and environment, and counts successes', async () => {
    const h = await startCore();
    await h.core.upsert('iso8601', { name: 'tick', command: 'echo hi', schedule: `R/${iso(T0 + 2000)}/PT2S`, owner: 'ops@example.com' });
    await h.offer();
    expect(h.driver.launches).toHaveLength(0);
    await h.advance(2000);
    expect(h.driver.taskIds()).toEqual([`ct:${T0 + 2000}:0:tick:`]);
    const task = h.driver.launches[0]!.tasks[0]!;
    expect(h.driver.launches[0]!.at).toBe(T0 + 2000);
    expect(task.name).toBe('ChronosTask:tick');
    expect(task.command?.environment).toMatchObject({ CHRONOS_JOB_NAME: 'tick', CHRONOS_JOB_OWNER: 'ops@example.com', mesos_task_id: `ct:${T0 + 2000}:0:tick:`, CHRONOS_JOB_RUN_ATTEMPT: '0', HOST: 'host-a' });
    await h.finishAll();
    await h.offer();
    await h.advance(2000);
    await h.finishAll();
    expect(h.job('tick')).toMatchObject({ successCount: 2, errorCount: 0, lastSuccess: iso(T0 + 4000) });
    expect(String(h.job('tick').schedule)).toMatch(/^R\/2026-01-01T00:00:06(\.000)?(Z|\+00:00)\/PT2S$/);
  });

  it('collapses missed occurrences into one run and moves the schedule past now', async () => {
    const h = await startCore();
    await h.offer();
    await h.core.upsert('iso8601', { name: 'hourly', command: 'true', schedule: `R5/${iso(T0 - 10 * 3600_000)}/PT1H` });
    await h.settle();
    expect(h.driver.taskIds()).toEqual([`ct:${T0 - 10 * 3600_000}:0:hourly:`]);
    expect(String(h.job('hourly').schedule)).toMatch(/^R4\/2026-01-01T01:00/);
    expect(h.job('hourly').nextRun).toBe(iso(T0 + 3600_000));
  });

  it('skips an occurrence later than the job epsilon', async () => {
    const h = await startCore();
    await h.offer();
    await h.core.upsert('iso8601', { name: 'strict', command: 'true', schedule: `R/${iso(T0 - 120_000)}/PT1H`, epsilon: 'PT60S' });
    await h.settle();
    expect(h.driver.launches).toHaveLength(0);
    expect(h.core.history('strict')[0]).toMatchObject({ state: 'skipped', dueMs: T0 - 120_000 });
    expect(h.job('strict').nextRun).toBe(iso(T0 + 3600_000 - 120_000));
  });

  it('measures epsilon from the latest missed occurrence: after an outage the collapsed run still starts', async () => {
    const h = await startCore();
    await h.offer();
    // Every minute since ten minutes ago; the latest occurrence was 30 s ago, within the 60 s epsilon.
    await h.core.upsert('iso8601', { name: 'minutely', command: 'true', schedule: `R/${iso(T0 - 630_000)}/PT1M`, epsilon: 'PT60S' });
    await h.settle();
    expect(h.driver.taskIds()).toEqual([`ct:${T0 - 630_000}:0:minutely:`]);
    expect(h.core.history('minutely')).toHaveLength(0);
    expect(h.job('minutely').nextRun).toBe(iso(T0 + 30_000));
  });

  it('queues a due run and launches it into a held offer in one durable write', async () => {
    const store = new CountingStore();
    const h = await startCore({ store });
    await h.offer();
    await h.core.upsert('iso8601', { name: 'once', command: 'true', schedule: `R1/${iso(T0 + 1000)}/PT1H` });
    const before = store.batches;
    await h.advance(1000);
    expect(h.driver.taskIds()).toEqual([`ct:${T0 + 1000}:0:once:`]);
    expect(store.batches - before).toBe(1);
    const saved = JSON.parse(String(await store.get('jobs/once'))) as { active: { state: string }[] };
    expect(saved.active.map((r) => r.state)).toEqual(['staging']);
  });

  it('does not start a new run while one runs unless concurrent, and then runs the missed one once', async () => {
    const h = await startCore();
    await h.offer();
    await h.core.upsert('iso8601', { name: 'slow', command: 'sleep 5', schedule: `R/${iso(T0 + 1000)}/PT1S` });
    await h.advance(1000);
    const [first] = h.driver.taskIds();
    await h.status(first!, 'TASK_RUNNING');
    await h.offer();
    await h.advance(3000);
    expect(h.driver.taskIds()).toEqual([first]);
    await h.status(first!, 'TASK_FINISHED');
    await h.offer();
    expect(h.driver.taskIds()).toHaveLength(2);

    const c = await startCore();
    await c.offer();
    await c.core.upsert('iso8601', { name: 'par', command: 'sleep 5', schedule: `R/${iso(T0 + 1000)}/PT1S`, concurrent: true });
    await c.advance(1000);
    await c.status(c.driver.taskIds()[0]!, 'TASK_RUNNING');
    await c.offer();
    await c.advance(1000);
    expect(c.driver.taskIds()).toHaveLength(2);
  });

  it('R1 runs once and the job is disabled after its last repetition succeeded', async () => {
    const h = await startCore();
    await h.offer();
    await h.core.upsert('iso8601', { name: 'once', command: 'true', schedule: `R1/${iso(T0 + 500)}/PT1S` });
    await h.advance(500);
    await h.finishAll();
    await h.offer();
    await h.advance(5000);
    expect(h.driver.taskIds()).toHaveLength(1);
    expect(h.job('once')).toMatchObject({ disabled: true, successCount: 1 });
    expect(h.notifier.sent).toEqual([{ kind: 'disabled', job: 'once', taskId: `ct:${T0 + 500}:0:once:` }]);
  });

  it('a disabled job gets no manual run, and a job no agent can run holds no offers', async () => {
    const h = await startCore();
    await h.core.upsert('iso8601', { name: 'off', command: 'true', schedule: `R/${iso(T0 + 3600_000)}/PT1H`, disabled: true });
    await h.core.runNow('off');
    await h.core.upsert('iso8601', { name: 'img', command: 'true', container: { type: 'DOCKER', image: 'busybox' } });
    await h.offer('held');
    await h.advance(1000);
    expect(h.driver.taskIds()).toEqual([]);
    expect(h.driver.declines).toContain('held');
    expect(h.core.runs('img', 0, 10).active[0]).toMatchObject({ state: 'queued', message: expect.stringContaining('busybox') });
  });

  it('a job posted without a schedule runs once, now', async () => {
    const h = await startCore();
    await h.offer();
    await h.core.upsert('iso8601', { name: 'now', command: 'true' });
    await h.settle();
    expect(h.driver.taskIds()).toEqual([`ct:${T0}:0:now:`]);
  });

  it('re-posting a job keeps its counters and its place in the schedule', async () => {
    const h = await startCore();
    await h.offer();
    const body = { name: 'keep', command: 'true', schedule: `R/${iso(T0 - 1000)}/PT1H` };
    await h.core.upsert('iso8601', body);
    await h.settle();
    await h.finishAll();
    await h.core.upsert('iso8601', { ...body, description: 'changed', successCount: 0 });
    await h.offer();
    await h.settle();
    expect(h.driver.taskIds()).toHaveLength(1);
    expect(h.job('keep')).toMatchObject({ successCount: 1, description: 'changed' });
  });
});
