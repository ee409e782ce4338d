import { MemoryStore } from '@strato/coordination';
import { app, harness, noForce } from './test-harness';

/** HA: the core acts on the cluster only while `canAct()` (the leader's lease); standalone it always may. */
describe('the core acts only while it may', () => {
  it('leaves offers alone, sends no kills, revives and deployment steps while it may not, and catches up on resume', async () => {
    let may = false;
    const h = await harness(new MemoryStore(), {}, { canAct: () => may });
    await h.handle.start();
    await h.handle.core.createApp(app('/paused', { instances: 2 }), noForce);
    await h.handle.idle();
    await h.offer('o1');
    await h.status('ghost.instance-x._app', 'TASK_RUNNING');
    await h.advance(3000);
    expect(h.driver.launches).toEqual([]);
    expect(h.driver.declines).toEqual([]);
    expect(h.driver.kills).toEqual([]);
    expect(h.driver.revived).toBe(0);
    expect(h.handle.core.deployments()).toHaveLength(1);

    may = true;
    h.handle.resume();
    await h.advance(1000);
    expect(h.driver.revived).toBeGreaterThan(0);
    await h.offer('o2');
    expect(h.driver.tasks()).toHaveLength(2);
    await h.statusAll('TASK_RUNNING');
    expect(h.handle.core.deployments()).toEqual([]);
  });

  it('stops a deleted app only once it may act again', async () => {
    let may = true;
    const h = await harness(new MemoryStore(), {}, { canAct: () => may });
    await h.handle.start();
    await h.handle.core.createApp(app('/stop-me'), noForce);
    await h.offer('o1');
    await h.statusAll('TASK_RUNNING');
    expect(h.handle.core.deployments()).toEqual([]);

    may = false;
    await h.handle.core.deleteApp('/stop-me', noForce);
    await h.advance(3000);
    expect(h.driver.kills).toEqual([]);

    may = true;
    // No resume(): the paused tick looks again by itself once the lease is back.
    await h.advance(2000);
    expect(h.driver.kills).toEqual([h.driver.tasks()[0].taskId]);
  });
});
