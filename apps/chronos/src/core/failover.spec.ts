import { isStratoError } from '@strato/errors';
import { GATE_RETRY_MS, WRITE_WAIT_MS } from './chronos-core';
import { Harness, startCore, T0 } from './testing/harness';

const iso = (ms: number) => new Date(ms).toISOString();

/** The old leader steps down the way `Chronos` does on `lost`: it may no longer act, and its core stops. */
function depose(h: Harness): void {
  h.acting = false;
  h.core.stop();
}

/** Every launch both leaders sent, by task id: exactly-once means each id appears once. */
function launches(...hs: Harness[]): string[] {
  return hs.flatMap((h) => h.driver.taskIds());
}

describe('failover between two leaders sharing the store', () => {
  it('a run the old leader persisted as launched is reconciled by the new leader, not launched again', async () => {
    const old = await startCore();
    await old.core.upsert('iso8601', { name: 'r', command: 'true', schedule: `R/${iso(T0 + 1000)}/PT10S` });
    await old.advance(1000);
    const [taskId] = old.driver.taskIds();
    expect(taskId).toBe(`ct:${T0 + 1000}:0:r:`);
    depose(old);

    const next = await startCore({ store: old.store, clock: old.clock });
    await next.core.scheduler.subscribed();
    expect(next.driver.reconciles[0]).toEqual([{ taskId, agentId: 'agent-host-a' }]);
    await next.advance(5000);
    expect(launches(old, next)).toEqual([taskId]);
    // The master answers the reconciliation: the task runs, then ends; the next occurrence runs once.
    await next.status(taskId!, 'TASK_RUNNING', { reason: 'REASON_RECONCILIATION', source: 'SOURCE_MASTER' });
    await next.status(taskId!, 'TASK_FINISHED');
    await next.advance(6000);
    expect(launches(old, next)).toEqual([taskId, `ct:${T0 + 11_000}:0:r:`]);
    expect(next.job('r')).toMatchObject({ successCount: 1 });
  });

  it('a run that became due while no leader acted runs once when the new leader starts', async () => {
    const old = await startCore();
    await old.core.upsert('iso8601', { name: 'd', command: 'true', schedule: `R/${iso(T0 + 5000)}/PT1H`, epsilon: 'PT60S' });
    await old.advance(1000);
    // The leader freezes (no lease) before the run is due, then loses its leadership.
    old.acting = false;
    await old.advance(10_000);
    expect(old.driver.taskIds()).toEqual([]);
    expect(old.job('d').nextRun).toBe(iso(T0 + 5000)); // still due: not dropped
    depose(old);
    old.clock.advance(20_000); // no one leads for a while, within the job's epsilon

    const next = await startCore({ store: old.store, clock: old.clock });
    await next.core.scheduler.subscribed();
    await next.advance(1000);
    expect(launches(old, next)).toEqual([`ct:${T0 + 5000}:0:d:`]);
    await next.advance(10_000);
    expect(launches(old, next)).toHaveLength(1);
    expect(next.job('d').nextRun).toBe(iso(T0 + 5000 + 3_600_000));
  });

  it('a run missed by more than its epsilon while no leader acted is skipped once, as after a restart', async () => {
    const old = await startCore();
    await old.core.upsert('iso8601', { name: 'e', command: 'true', schedule: `R/${iso(T0 + 5000)}/PT1H`, epsilon: 'PT10S' });
    depose(old);
    old.clock.advance(60_000);
    const next = await startCore({ store: old.store, clock: old.clock });
    await next.advance(1000);
    expect(launches(old, next)).toEqual([]);
    expect(next.core.history('e').map((r) => r.state)).toEqual(['skipped']);
  });

  it('a run queued but not launched by the old leader is launched once by the new one', async () => {
    const old = await startCore();
    old.driver.offerOnRevive = false;
    await old.core.upsert('iso8601', { name: 'q', command: 'true', schedule: `R/${iso(T0 + 100)}/PT1H` });
    await old.advance(500);
    expect(old.driver.taskIds()).toEqual([]);
    depose(old);
    const next = await startCore({ store: old.store, clock: old.clock });
    await next.core.scheduler.subscribed();
    await next.advance(1000);
    expect(launches(old, next)).toEqual([`ct:${T0 + 100}:0:q:`]);
  });
});

describe('a leader that may not act (no lease)', () => {
  it('keeps a due run due and runs it once as soon as it may act again', async () => {
    const h = await startCore();
    await h.core.upsert('iso8601', { name: 'f', command: 'true', schedule: `R/${iso(T0 + 1000)}/PT1H` });
    h.acting = false;
    await h.advance(3000);
    expect(h.driver.taskIds()).toEqual([]);
    h.acting = true;
    await h.advance(GATE_RETRY_MS);
    expect(h.driver.taskIds()).toEqual([`ct:${T0 + 1000}:0:f:`]);
    await h.advance(5000);
    expect(h.driver.taskIds()).toHaveLength(1);
  });

  it('does not launch into offers while it may not act', async () => {
    const h = await startCore();
    h.driver.offerOnRevive = false;
    await h.core.upsert('iso8601', { name: 'o', command: 'true', schedule: `R/${iso(T0 + 100)}/PT1H` });
    await h.advance(200); // queued, waiting for offers
    h.acting = false;
    await h.offer();
    await h.advance(1000);
    expect(h.driver.taskIds()).toEqual([]);
    h.acting = true;
    await h.advance(GATE_RETRY_MS);
    expect(h.driver.taskIds()).toEqual([`ct:${T0 + 100}:0:o:`]);
  });

  it('holds a run-now until it may act, and answers UNAVAILABLE when that takes too long', async () => {
    const h = await startCore();
    await h.core.upsert('iso8601', { name: 'n', command: 'true', schedule: `R/${iso(T0 + 3_600_000)}/PT1H` });
    h.acting = false;
    let done = false;
    const held = h.core.runNow('n').then(() => (done = true));
    await h.advance(1000);
    expect(done).toBe(false);
    h.acting = true;
    await h.advance(GATE_RETRY_MS);
    await held;
    expect(h.driver.taskIds()).toHaveLength(1);

    h.acting = false;
    const refused = h.core.runNow('n').catch((error: unknown) => error);
    await h.advance(WRITE_WAIT_MS + GATE_RETRY_MS);
    expect(isStratoError(await refused, 'UNAVAILABLE')).toBe(true);
    expect(h.driver.taskIds()).toHaveLength(1);
  });

  it('refuses status updates (left unacknowledged, the master sends them again)', async () => {
    const h = await startCore();
    h.acting = false;
    await expect(h.core.scheduler.updates([])).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
