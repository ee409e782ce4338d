import { app, harness, noForce } from './test-harness';

async function running(instances = 1) {
  const h = await harness();
  await h.handle.core.createApp(app('/web', { instances, backoffSeconds: 10, backoffFactor: 2 }), noForce);
  await h.offer('o1');
  await h.statusAll('TASK_RUNNING');
  expect(h.handle.core.deployments()).toEqual([]);
  return h;
}

describe('status updates and self-healing', () => {
  it('relaunches a FAILED task only after the backoff, and records lastTaskFailure', async () => {
    const h = await running();
    const failed = h.driver.tasks()[0].taskId;
    await h.status(failed, 'TASK_FAILED', { message: 'exit 1' });

    expect(h.repository.instances('/web')).toEqual([]);
    expect(h.handle.core.appStatus('/web').lastTaskFailure).toMatchObject({ taskId: failed, state: 'TASK_FAILED', message: 'exit 1' });
    const [item] = h.handle.core.queue();
    expect(item).toMatchObject({ count: 1, delay: { overdue: false, timeLeftSeconds: 10 } });

    await h.offer('o2');
    expect(h.driver.declines).toContain('o2');
    expect(h.driver.tasks()).toHaveLength(1);

    const revived = h.driver.revived;
    h.clock.advance(10_000);
    expect(h.driver.revived).toBe(revived + 1);
    await h.offer('o3');
    expect(h.driver.tasks()).toHaveLength(2);
    expect(h.driver.tasks()[1].taskId).not.toBe(failed);
    expect(h.handle.core.queue()).toEqual([]);
  });

  it('doubles the delay on a second failure and resetDelay lifts it', async () => {
    const h = await running();
    await h.status(h.driver.tasks()[0].taskId, 'TASK_FAILED');
    h.clock.advance(10_000);
    await h.offer('o2');
    await h.status(h.driver.tasks()[1].taskId, 'TASK_FAILED');
    expect(h.handle.core.queue()[0]).toMatchObject({ delay: { overdue: false, timeLeftSeconds: 20 } });
    expect(h.handle.core.resetDelay('/web')).toBe(true);
    expect(h.handle.core.resetDelay('/nope')).toBe(false);
    await h.offer('o3');
    expect(h.driver.tasks()).toHaveLength(3);
  });

  it('relaunches a task killed out of band at once (no backoff for TASK_KILLED)', async () => {
    const h = await running();
    await h.status(h.driver.tasks()[0].taskId, 'TASK_KILLED');
    expect(h.handle.core.queue()[0]).toMatchObject({ count: 1, delay: { overdue: true, timeLeftSeconds: 0 } });
    await h.offer('o2');
    expect(h.driver.tasks()).toHaveLength(2);
  });

  it('killTasks without scale kills and the app replaces them; with scale it is a deployment', async () => {
    const h = await running(2);
    const [a, b] = h.driver.tasks().map((t) => t.taskId);
    const killed = await h.handle.core.killTasks('/web', { taskIds: [a], scale: false, force: false });
    expect('tasks' in killed && killed.tasks.map((t) => t.id)).toEqual([a]);
    expect(h.driver.kills).toEqual([a]);
    await h.status(a, 'TASK_KILLED');
    await h.offer('o2');
    expect(h.driver.tasks()).toHaveLength(3);
    await h.statusAll('TASK_RUNNING');

    const result = await h.handle.core.killTasks('/web', { taskIds: [b], scale: true, force: false });
    await h.handle.idle();
    expect('deploymentId' in result).toBe(true);
    expect(h.driver.kills).toEqual([a, b]);
    expect(h.handle.core.app('/web')?.instances).toBe(1);
    await h.status(b, 'TASK_KILLED');
    expect(h.handle.core.deployments()).toEqual([]);
    expect(h.handle.core.queue()).toEqual([]);
  });
});
