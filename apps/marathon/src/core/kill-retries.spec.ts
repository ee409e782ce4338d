import { stampChange } from '@strato/app-definition';
import { MemoryStore } from '@strato/coordination';
import { app, harness, noForce, T0 } from './test-harness';

async function twoRunning(store?: MemoryStore) {
  const h = await harness(store);
  await h.handle.core.createApp(app('/web', { instances: 2 }), noForce);
  await h.offer('o1');
  await h.statusAll('TASK_RUNNING');
  expect(h.handle.core.deployments()).toEqual([]);
  return h;
}

/** Scale 2 → 1: the youngest instance gets goal Decommissioned and a kill. */
async function scaleDown(h: Awaited<ReturnType<typeof twoRunning>>): Promise<string> {
  const current = h.handle.core.app('/web')!;
  await h.handle.core.putApp(stampChange(current, { ...current, instances: 1 }, T0 + 1000), noForce);
  await h.handle.idle();
  expect(h.driver.kills).toHaveLength(1);
  return h.driver.kills[0];
}

describe('kill retries (--kill_retry_timeout)', () => {
  it('re-sends the kill of a decommissioned instance every timeout until the task ends', async () => {
    const h = await twoRunning();
    const victim = await scaleDown(h);
    await h.advance(29_000);
    expect(h.driver.kills).toEqual([victim]);
    await h.advance(1000);
    expect(h.driver.kills).toEqual([victim, victim]);
    await h.advance(30_000);
    expect(h.driver.kills).toEqual([victim, victim, victim]);

    await h.status(victim, 'TASK_KILLED');
    await h.advance(120_000, 10_000);
    expect(h.driver.kills).toEqual([victim, victim, victim]);
    expect(h.repository.instances('/web')).toHaveLength(1);
  });

  it('does not re-send once the task has ended', async () => {
    const h = await twoRunning();
    const victim = await scaleDown(h);
    await h.advance(10_000);
    await h.status(victim, 'TASK_KILLED');
    await h.advance(120_000, 10_000);
    expect(h.driver.kills).toEqual([victim]);
    expect(h.handle.core.deployments()).toEqual([]);
  });

  it('honours a configured timeout and retries kills of the tasks API (goal stays Running)', async () => {
    const h = await harness(undefined, { killRetryTimeoutMs: 5000 });
    await h.handle.core.createApp(app('/web'), noForce);
    await h.offer('o1');
    await h.statusAll('TASK_RUNNING');
    const [task] = h.driver.tasks();
    await h.handle.core.killTasks('/web', { taskIds: [task.taskId], scale: false, force: false });
    await h.advance(5000);
    expect(h.driver.kills).toEqual([task.taskId, task.taskId]);
    await h.status(task.taskId, 'TASK_KILLED');
    await h.advance(20_000);
    expect(h.driver.kills).toEqual([task.taskId, task.taskId]);
    expect(h.handle.core.queue()[0]).toMatchObject({ count: 1 });
  });

  it('re-arms the retries of persisted instances being killed after a restart', async () => {
    const store = new MemoryStore();
    const before = await twoRunning(store);
    const victim = await scaleDown(before);
    before.handle.stop();

    const after = await harness(store);
    await after.handle.start();
    const sentAtStart = after.driver.kills.filter((id) => id === victim).length;
    await after.advance(30_000);
    expect(after.driver.kills.filter((id) => id === victim)).toHaveLength(sentAtStart + 1);
    await after.status(victim, 'TASK_KILLED');
    await after.advance(60_000, 10_000);
    expect(after.driver.kills.filter((id) => id === victim)).toHaveLength(sentAtStart + 1);
  });
});
