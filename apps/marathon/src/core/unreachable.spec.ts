import { MemoryStore } from '@strato/coordination';
import type { Harness } from './test-harness';
import { app, harness, noForce, T0 } from './test-harness';

const strategy = { inactiveAfterSeconds: 60, expungeAfterSeconds: 120 };

async function running(unreachableStrategy: unknown = strategy, instances = 1, store?: MemoryStore) {
  const h = await harness(store);
  await h.handle.core.createApp(app('/web', { instances, unreachableStrategy, backoffSeconds: 100 }), noForce);
  await h.offer('o1');
  await h.statusAll('TASK_RUNNING');
  expect(h.handle.core.deployments()).toEqual([]);
  return h;
}

function counted(h: Harness) {
  return h.repository.instances('/web').filter((i) => i.goal === 'Running' && i.state === 'TASK_RUNNING');
}

describe('unreachableStrategy', () => {
  it('replaces an unreachable instance after inactiveAfterSeconds (no backoff) and expunges it after expungeAfterSeconds', async () => {
    const h = await running();
    const [task] = h.driver.tasks();
    await h.status(task.taskId, 'TASK_UNREACHABLE');
    const [instance] = h.repository.instances('/web');
    expect(instance).toMatchObject({ state: 'TASK_UNREACHABLE', unreachableSince: new Date(T0).toISOString() });

    await h.advance(59_000);
    expect(h.handle.core.queue()).toEqual([]);
    await h.advance(1000);
    expect(h.handle.core.queue()[0]).toMatchObject({ count: 1, delay: { overdue: true } });
    expect(h.events.filter((e) => e.eventType === 'instance_changed_event' && e.condition === 'UnreachableInactive')).toHaveLength(1);
    await h.offer('o2');
    expect(h.driver.tasks()).toHaveLength(2);
    await h.statusAll('TASK_RUNNING');
    expect(h.repository.instance(instance.instanceId)).toBeDefined();
    expect(h.driver.kills).toEqual([]);

    await h.advance(60_000);
    expect(h.repository.instance(instance.instanceId)).toBeUndefined();
    expect(h.driver.kills).toEqual([task.taskId]);
    expect(counted(h)).toHaveLength(1);
    expect(h.handle.core.queue()).toEqual([]);

    await h.status(task.taskId, 'TASK_RUNNING');
    expect(h.driver.kills).toEqual([task.taskId, task.taskId]);
    expect(h.repository.instances('/web')).toHaveLength(1);
  });

  it('with the default {0, 0} replaces and expunges at once', async () => {
    const h = await running({ inactiveAfterSeconds: 0, expungeAfterSeconds: 0 });
    const [task] = h.driver.tasks();
    await h.status(task.taskId, 'TASK_UNREACHABLE');
    expect(h.repository.instances('/web')).toEqual([]);
    expect(h.handle.core.queue()[0]).toMatchObject({ count: 1 });
    await h.offer('o2');
    expect(h.driver.tasks()).toHaveLength(2);
  });

  it('"disabled" never replaces nor expunges', async () => {
    const h = await running('disabled');
    await h.status(h.driver.tasks()[0].taskId, 'TASK_UNREACHABLE');
    await h.advance(3_600_000, 60_000);
    expect(h.handle.core.queue()).toEqual([]);
    expect(h.repository.instances('/web')).toEqual([expect.objectContaining({ state: 'TASK_UNREACHABLE' })]);
  });

  it('an instance back before inactiveAfterSeconds counts again and is never replaced', async () => {
    const h = await running();
    const [task] = h.driver.tasks();
    await h.status(task.taskId, 'TASK_UNREACHABLE');
    await h.advance(30_000);
    await h.status(task.taskId, 'TASK_RUNNING');
    expect(h.repository.instances('/web')[0].unreachableSince).toBeUndefined();
    await h.advance(300_000, 10_000);
    expect(h.handle.core.queue()).toEqual([]);
    expect(h.driver.kills).toEqual([]);
    expect(counted(h)).toHaveLength(1);
  });

  it('an instance back after its replacement launched makes the count exact again (killSelection)', async () => {
    const h = await running({ inactiveAfterSeconds: 60, expungeAfterSeconds: 600 }, 2);
    const [a] = h.driver.tasks();
    await h.status(a.taskId, 'TASK_UNREACHABLE');
    await h.advance(60_000);
    await h.offer('o2');
    await h.statusAll('TASK_RUNNING');
    const replacement = h.driver.tasks()[2].taskId;
    expect(counted(h)).toHaveLength(2);

    await h.status(a.taskId, 'TASK_RUNNING');
    expect(h.driver.kills).toEqual([replacement]);
    await h.status(replacement, 'TASK_KILLED');
    expect(counted(h).map((i) => i.taskId)).toContain(a.taskId);
    expect(counted(h)).toHaveLength(2);
    expect(h.handle.core.queue()).toEqual([]);
  });

  it('an instance back while its replacement is still queued drops the queued launch', async () => {
    const h = await running();
    const [task] = h.driver.tasks();
    await h.status(task.taskId, 'TASK_UNREACHABLE');
    await h.advance(60_000);
    expect(h.handle.core.queue()).toHaveLength(1);
    await h.status(task.taskId, 'TASK_RUNNING');
    expect(h.handle.core.queue()).toEqual([]);
    expect(h.driver.kills).toEqual([]);
  });

  it('a replaced instance that ends later is not replaced twice', async () => {
    const h = await running();
    const [task] = h.driver.tasks();
    await h.status(task.taskId, 'TASK_UNREACHABLE');
    await h.advance(60_000);
    await h.offer('o2');
    await h.status(task.taskId, 'TASK_FAILED');
    expect(h.handle.core.queue()).toEqual([]);
    expect(h.repository.instances('/web')).toHaveLength(1);
  });

  it('re-arms the timers of persisted unreachable instances after a restart', async () => {
    const store = new MemoryStore();
    const before = await running(strategy, 1, store);
    await before.status(before.driver.tasks()[0].taskId, 'TASK_UNREACHABLE');
    before.handle.stop();

    const notStarted = await harness(store);
    await notStarted.advance(60_000, 10_000);
    expect(notStarted.handle.core.queue()).toEqual([]);

    const after = await harness(store);
    await after.handle.start();
    await after.advance(59_000, 59_000);
    expect(after.handle.core.queue()).toEqual([]);
    await after.advance(1000);
    expect(after.handle.core.queue()[0]).toMatchObject({ count: 1 });
    await after.advance(60_000);
    expect(after.repository.instances('/web')).toEqual([]);
  });
});
