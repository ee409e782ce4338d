import { startCore, T0 } from './testing/harness';

const iso = (ms: number) => new Date(ms).toISOString();

describe('restarts and reconciliation', () => {
  it('after a restart a launched run is reconciled, not launched again, and the next occurrence is not lost', async () => {
    const h = await startCore();
    await h.core.upsert('iso8601', { name: 'r', command: 'true', schedule: `R/${iso(T0 + 1000)}/PT10S` });
    await h.advance(1000);
    const [taskId] = h.driver.taskIds();
    h.core.stop();
    h.clock.advance(15_000); // down across the next due time (T0 + 11 s)
    const again = await startCore({ store: h.store, clock: h.clock });
    await again.core.scheduler.subscribed();
    expect(again.driver.reconciles[0]).toEqual([{ taskId, agentId: 'agent-host-a' }]);
    await again.settle();
    // The missed occurrence waits for the first run to end (not concurrent), then runs once.
    expect(again.driver.taskIds()).toEqual([]);
    await again.status(taskId!, 'TASK_FINISHED');
    await again.advance(200);
    expect(again.driver.taskIds()).toEqual([`ct:${T0 + 11_000}:0:r:`]);
    expect(again.job('r')).toMatchObject({ successCount: 1 });
  });

  it('a run persisted as launched that the master does not know is launched again, not counted as a failure', async () => {
    const h = await startCore();
    await h.core.upsert('iso8601', { name: 'x', command: 'true', schedule: `R/${iso(T0 + 100)}/PT1H` });
    await h.advance(100);
    const [taskId] = h.driver.taskIds();
    await h.status(taskId!, 'TASK_GONE', { reason: 'REASON_RECONCILIATION', source: 'SOURCE_MASTER' });
    await h.advance(200);
    expect(h.driver.taskIds()).toEqual([taskId, taskId]);
    expect(h.job('x')).toMatchObject({ errorCount: 0 });
  });

  it('a queued run survives a restart and is launched once offers come', async () => {
    const h = await startCore();
    h.driver.offerOnRevive = false;
    await h.core.upsert('iso8601', { name: 'q', command: 'true', schedule: `R/${iso(T0 + 100)}/PT1H` });
    await h.advance(100);
    expect(h.driver.taskIds()).toEqual([]);
    h.core.stop();
    const again = await startCore({ store: h.store, clock: h.clock });
    await again.core.scheduler.subscribed();
    await again.advance(200);
    expect(again.driver.taskIds()).toEqual([`ct:${T0 + 100}:0:q:`]);
  });

  it('a run whose ACCEPT failed is reconciled, and launched again only if the master does not know it', async () => {
    const h = await startCore();
    h.driver.failLaunch = true;
    await h.core.upsert('iso8601', { name: 'f', command: 'true', schedule: `R/${iso(T0 + 100)}/PT1H` });
    await h.advance(100);
    h.driver.failLaunch = false;
    const taskId = `ct:${T0 + 100}:0:f:`;
    expect(h.driver.reconciles).toContainEqual([{ taskId, agentId: 'agent-host-a' }]);
    // An answer older than the launch is about something else: ignored.
    await h.status(taskId, 'TASK_UNKNOWN', { reason: 'REASON_RECONCILIATION', timestamp: (T0 - 1000) / 1000 });
    await h.advance(300);
    expect(h.driver.taskIds()).toEqual([]);
    await h.status(taskId, 'TASK_UNKNOWN', { reason: 'REASON_RECONCILIATION' });
    await h.advance(300);
    expect(h.driver.taskIds()).toEqual([taskId]);
    expect(h.job('f')).toMatchObject({ errorCount: 0 });
  });

  it('a failed write of a tick leaves the job due, and it runs on the next tick', async () => {
    const h = await startCore();
    await h.core.upsert('iso8601', { name: 'w', command: 'true', schedule: `R/${iso(T0 + 100)}/PT1H` });
    const batch = h.store.batch.bind(h.store);
    let failures = 1;
    h.store.batch = async (ops) => {
      if (failures-- > 0) throw new Error('disk full');
      return batch(ops);
    };
    await h.advance(100);
    expect(h.driver.taskIds()).toEqual([]);
    expect(h.job('w').nextRun).toBe(iso(T0 + 100));
    await h.advance(1000);
    expect(h.driver.taskIds()).toEqual([`ct:${T0 + 100}:0:w:`]);
  });
});
