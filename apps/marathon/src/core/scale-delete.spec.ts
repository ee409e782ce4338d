import { stampChange } from '@strato/app-definition';
import { app, harness, noForce, T0 } from './test-harness';

async function threeRunning(killSelection = 'YOUNGEST_FIRST') {
  const h = await harness();
  await h.handle.core.createApp(app('/web', { instances: 3, killSelection }), noForce);
  await h.offer('o1');
  for (const task of h.driver.tasks()) {
    h.clock.advance(1000);
    await h.status(task.taskId, 'TASK_RUNNING');
  }
  expect(h.handle.core.deployments()).toEqual([]);
  return h;
}

describe('scale and delete', () => {
  it.each([
    ['YOUNGEST_FIRST', [2, 1]],
    ['OLDEST_FIRST', [0, 1]],
  ])('scales 3 → 1 killing by %s', async (killSelection, victims) => {
    const h = await threeRunning(killSelection);
    const ids = h.driver.tasks().map((t) => t.taskId);
    const current = h.handle.core.app('/web')!;
    const scaled = stampChange(current, { ...current, instances: 1 }, T0 + 60_000);
    const result = await h.handle.core.putApp(scaled, noForce);
    await h.handle.idle();
    expect(result.created).toBe(false);
    expect(h.handle.core.deployments()[0].steps).toEqual([{ actions: [{ action: 'ScaleApplication', app: '/web' }] }]);
    expect(h.driver.kills).toEqual(victims.map((i) => ids[i]));
    expect(h.repository.instances('/web').filter((i) => i.goal === 'Decommissioned')).toHaveLength(2);

    for (const id of h.driver.kills) await h.status(id, 'TASK_KILLED');
    expect(h.handle.core.deployments()).toEqual([]);
    expect(h.repository.instances('/web')).toHaveLength(1);
    expect(h.handle.core.queue()).toEqual([]);
  });

  it('scales 1 → 3 by queueing launches', async () => {
    const h = await harness();
    await h.handle.core.createApp(app('/web'), noForce);
    await h.offer('o1');
    await h.statusAll('TASK_RUNNING');
    const current = h.handle.core.app('/web')!;
    await h.handle.core.putApp(stampChange(current, { ...current, instances: 3 }, T0 + 1000), noForce);
    await h.handle.idle();
    expect(h.handle.core.queue()[0]).toMatchObject({ count: 2 });
    await h.offer('o2');
    await h.statusAll('TASK_RUNNING');
    expect(h.repository.instances('/web')).toHaveLength(3);
    expect(h.handle.core.deployments()).toEqual([]);
  });

  it('delete kills every instance, removes the app and never relaunches', async () => {
    const h = await threeRunning();
    const ids = h.driver.tasks().map((t) => t.taskId);
    await h.handle.core.deleteApp('/web', noForce);
    await h.handle.idle();
    expect(h.handle.core.app('/web')).toBeUndefined();
    expect(h.handle.core.apps()).toEqual([]);
    expect([...h.driver.kills].sort()).toEqual([...ids].sort());
    expect(h.handle.core.deployments()[0].steps[0].actions).toEqual([{ action: 'StopApplication', app: '/web' }]);

    for (const id of ids) await h.status(id, 'TASK_KILLED');
    expect(h.handle.core.deployments()).toEqual([]);
    expect(h.repository.instances()).toEqual([]);
    expect(h.handle.core.queue()).toEqual([]);
    await h.offer('o9');
    expect(h.driver.tasks()).toHaveLength(3);
    await expect(h.handle.core.deleteApp('/web', noForce)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
