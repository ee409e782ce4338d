import { stampChange } from '@strato/app-definition';
import { MemoryStore } from '@strato/coordination';
import { app, harness, noForce, T0 } from './test-harness';

describe('deployments: locks, force, cancel, rollback, resume', () => {
  it('answers 409 with the locking deployment, and force cancels it', async () => {
    const h = await harness();
    const first = await h.handle.core.createApp(app('/web', { instances: 2 }), noForce);
    const current = h.handle.core.app('/web')!;
    const next = stampChange(current, { ...current, cmd: 'sleep 200' }, T0 + 1000);

    const error = await h.handle.core.putApp(next, noForce).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFLICT', details: { deployments: [{ id: first.deploymentId }] } });
    expect(h.handle.core.app('/web')?.cmd).toBe('sleep 100');

    const forced = await h.handle.core.putApp(next, { force: true });
    await h.handle.idle();
    expect(h.handle.core.deployments().map((d) => d.id)).toEqual([forced.deploymentId]);
    expect(h.handle.core.app('/web')?.cmd).toBe('sleep 200');
    await h.offer('o1');
    await h.statusAll('TASK_RUNNING');
    expect(h.handle.core.deployments()).toEqual([]);
    expect(h.driver.tasks().every((t) => t.command?.value === 'sleep 200')).toBe(true);
  });

  it('refuses a second app with the same id', async () => {
    const h = await harness();
    await h.handle.core.createApp(app('/web'), noForce);
    await expect(h.handle.core.createApp(app('/web'), noForce)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
  });

  it('force-cancels a deployment where it stands, and rolls back a creation by default', async () => {
    const h = await harness();
    const a = await h.handle.core.createApp(app('/a'), noForce);
    expect(await h.handle.core.cancelDeployment(a.deploymentId, { force: true })).toBeUndefined();
    expect(h.handle.core.deployments()).toEqual([]);
    expect(h.handle.core.app('/a')).toBeDefined();
    await expect(h.handle.core.cancelDeployment('nope', noForce)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const b = await h.handle.core.createApp(app('/b', { instances: 2 }), noForce);
    await h.offer('o1');
    const rollback = await h.handle.core.cancelDeployment(b.deploymentId, noForce);
    await h.handle.idle();
    expect(rollback?.deploymentId).toBeDefined();
    expect(h.handle.core.app('/b')).toBeUndefined();
    expect(h.handle.core.deployments().map((d) => d.id)).toEqual([rollback!.deploymentId]);
    expect(h.driver.kills).toHaveLength(2);
    for (const id of h.driver.kills) await h.status(id, 'TASK_KILLED');
    expect(h.handle.core.deployments()).toEqual([]);
  });

  it('resumes a persisted deployment after a restart and reconciles known tasks on subscription', async () => {
    const store = new MemoryStore();
    const before = await harness(store);
    await before.handle.core.createApp(app('/web', { instances: 2 }), noForce);
    await before.offer('o1');
    await before.status(before.driver.tasks()[0].taskId, 'TASK_RUNNING');

    const after = await harness(store);
    await after.handle.start();
    await after.handle.scheduler.subscribed();
    expect(after.driver.reconciles[0].map((t) => t.taskId).sort()).toEqual(before.driver.tasks().map((t) => t.taskId).sort());
    expect(after.driver.reconciles[1]).toEqual([]);
    expect(after.handle.core.deployments()).toHaveLength(1);
    await after.status(before.driver.tasks()[1].taskId, 'TASK_RUNNING');
    expect(after.handle.core.deployments()).toEqual([]);
  });

  it('the scale check tops up an app that lost instances while nobody watched', async () => {
    const store = new MemoryStore();
    const before = await harness(store);
    await before.handle.core.createApp(app('/web', { instances: 2 }), noForce);
    await before.offer('o1');
    await before.statusAll('TASK_RUNNING');
    await before.repository.deleteInstance(before.repository.instances()[0].instanceId);

    const after = await harness(store);
    await after.handle.start();
    expect(after.handle.core.queue()[0]).toMatchObject({ count: 1 });
  });
});
