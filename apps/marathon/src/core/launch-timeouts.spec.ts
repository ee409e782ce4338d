import { MemoryStore } from '@strato/coordination';
import { app, harness, noForce } from './test-harness';

async function staged(store?: MemoryStore, config = {}) {
  const h = await harness(store, config);
  await h.handle.core.createApp(app('/web', { backoffSeconds: 100 }), noForce);
  await h.offer('o1');
  expect(h.repository.instances('/web')).toEqual([expect.objectContaining({ state: 'TASK_STAGING' })]);
  return h;
}

describe('launch timeout (--task_launch_timeout)', () => {
  it('kills a task stuck in STAGING past the timeout, replaces it after a backoff', async () => {
    const h = await staged();
    const [task] = h.driver.tasks();
    await h.advance(299_000, 10_000);
    expect(h.driver.kills).toEqual([]);
    await h.advance(1000);
    expect(h.driver.kills).toEqual([task.taskId]);
    expect(h.repository.instances('/web')[0]).toMatchObject({ goal: 'Running', state: 'TASK_STAGING' });

    await h.status(task.taskId, 'TASK_KILLED');
    expect(h.repository.instances('/web')).toEqual([]);
    expect(h.handle.core.queue()[0]).toMatchObject({ count: 1, delay: { overdue: false } });
    await h.offer('o2');
    expect(h.driver.tasks()).toHaveLength(1);
    await h.advance(100_000, 10_000);
    await h.offer('o3');
    expect(h.driver.tasks()).toHaveLength(2);
    expect(h.driver.tasks()[1].taskId).not.toBe(task.taskId);
  });

  it('raises the backoff once for a task killed as overdue that then ends FAILED', async () => {
    const h = await staged();
    const [task] = h.driver.tasks();
    await h.advance(300_000, 10_000);
    expect(h.driver.kills).toEqual([task.taskId]);
    await h.status(task.taskId, 'TASK_FAILED');
    // One failure: the replacement waits backoffSeconds (100 s), not 100 s x backoffFactor.
    await h.advance(100_000, 10_000);
    await h.offer('o2');
    expect(h.driver.tasks()).toHaveLength(2);
  });

  it('counts STARTING as not yet running, and a configured timeout', async () => {
    const h = await staged(undefined, { taskLaunchTimeoutMs: 60_000 });
    const [task] = h.driver.tasks();
    await h.status(task.taskId, 'TASK_STARTING');
    await h.advance(59_000);
    expect(h.driver.kills).toEqual([]);
    await h.advance(1000);
    expect(h.driver.kills).toEqual([task.taskId]);
  });

  it('leaves a task that reached TASK_RUNNING in time alone', async () => {
    const h = await staged();
    await h.advance(200_000, 10_000);
    await h.statusAll('TASK_RUNNING');
    await h.advance(600_000, 10_000);
    expect(h.driver.kills).toEqual([]);
    expect(h.handle.core.deployments()).toEqual([]);
  });

  it('re-arms the timeout of persisted staging instances after a restart', async () => {
    const store = new MemoryStore();
    const before = await staged(store);
    const [task] = before.driver.tasks();
    before.handle.stop();

    const after = await harness(store);
    await after.handle.start();
    await after.advance(299_000, 10_000);
    expect(after.driver.kills).toEqual([]);
    await after.advance(1000);
    expect(after.driver.kills).toEqual([task.taskId]);
  });
});
