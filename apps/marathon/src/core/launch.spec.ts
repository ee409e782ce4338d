import { MemoryStore } from '@strato/coordination';
import { isTerminal, type TaskStatus } from '@strato/domain';
import { app, harness, noForce } from './test-harness';

describe('create app → launch on offers', () => {
  it('launches 3 instances on an offer, persisted STAGING before the ACCEPT, and finishes the deployment on RUNNING', async () => {
    const h = await harness();
    const durableAtLaunch: (string | undefined)[] = [];
    h.driver.onLaunch = (tasks) => tasks.forEach((t) => durableAtLaunch.push(h.repository.instances().find((i) => i.taskId === t.taskId)?.state));

    const result = await h.handle.core.createApp(app('/prod/web', { instances: 3, env: { FOO: 'bar' }, labels: { team: 'a' }, taskKillGracePeriodSeconds: 7 }), noForce);
    await h.handle.idle();
    expect(result.version).toBe('2026-01-01T00:00:00.000Z');
    expect(h.handle.core.deployments().map((d) => d.id)).toEqual([result.deploymentId]);
    expect(h.handle.core.appStatus('/prod/web').deployments).toEqual([{ id: result.deploymentId }]);
    expect(h.driver.revived).toBeGreaterThan(0);

    await h.offer('o1');
    expect(h.driver.launches).toHaveLength(1);
    const tasks = h.driver.tasks();
    expect(tasks).toHaveLength(3);
    expect(durableAtLaunch).toEqual(['TASK_STAGING', 'TASK_STAGING', 'TASK_STAGING']);
    expect(tasks[0].taskId).toMatch(/^prod_web\.instance-u\d+\._app$/);
    expect(tasks[0].command?.shell).toBe(true);
    expect(tasks[0].command?.value).toBe('sleep 100');
    expect(tasks[0].command?.environment).toMatchObject({
      MARATHON_APP_ID: '/prod/web', MARATHON_APP_VERSION: result.version, MARATHON_APP_RESOURCE_CPUS: '0.5', MARATHON_APP_RESOURCE_MEM: '64', FOO: 'bar', HOST: 'host-o1',
    });
    expect(tasks[0].killGracePeriodMs).toBe(7000);
    expect(tasks[0].labels).toEqual([{ key: 'team', value: 'a' }]);
    expect(tasks[0].resources.cpus()).toBe(0.5);
    expect(new Set(tasks.map((t) => t.command?.environment.PORT0)).size).toBe(3);
    expect(h.handle.core.appStatus('/prod/web').tasksStaged).toBe(3);

    await h.statusAll('TASK_RUNNING');
    expect(h.handle.core.deployments()).toEqual([]);
    const status = h.handle.core.appStatus('/prod/web');
    expect(status).toMatchObject({ tasksRunning: 3, tasksStaged: 0, deployments: [] });
    expect(status.tasks[0]).toMatchObject({ appId: '/prod/web', host: 'host-o1', slaveId: 'agent-host-o1', state: 'TASK_RUNNING', version: result.version });
    expect(status.tasks[0].startedAt).toBeDefined();
    expect(h.handle.core.tasks()).toHaveLength(3);
    expect(h.handle.core.queue()).toEqual([]);
  });

  it('builds argv commands from args, and declines offers nobody needs, then suppresses', async () => {
    const h = await harness();
    await h.handle.core.createApp(app('/argv', { cmd: undefined, args: ['/bin/serve', '--port', '80'] }), noForce);
    await h.offer('o1');
    expect(h.driver.tasks()[0].command).toMatchObject({ shell: false, value: '/bin/serve', arguments: ['/bin/serve', '--port', '80'] });
    await h.offer('o2');
    expect(h.driver.declines).toEqual(['o2']);
    expect(h.driver.suppressed).toBeGreaterThan(0);
  });

  it('kills a task it does not know', async () => {
    const h = await harness();
    await h.status('ghost.instance-x._app', 'TASK_RUNNING');
    expect(h.driver.kills).toEqual(['ghost.instance-x._app']);
    expect(isTerminal('TASK_RUNNING')).toBe(false);
  });
});

describe('bursts of status updates', () => {
  it('persists a batch of updates with one store write, and spaces deployment ticks by tickSpacingMs', async () => {
    const store = new MemoryStore();
    const batches: number[] = [];
    const batch = store.batch.bind(store);
    store.batch = (ops) => (batches.push(ops.length), batch(ops));
    const h = await harness(store, { tickSpacingMs: 1000 });
    await h.handle.core.createApp(app('/burst', { instances: 3 }), noForce);
    await h.offer('o1');
    const running = h.driver.tasks().map((t): TaskStatus => ({
      taskId: t.taskId, state: 'TASK_RUNNING', message: '', source: 'SOURCE_EXECUTOR', reason: 'REASON_UNSPECIFIED', agentId: 'agent', timestamp: h.clock.now() / 1000, labels: [],
    }));
    batches.length = 0;
    await h.handle.scheduler.updates(running);
    await h.handle.idle();
    expect(batches).toEqual([3]);
    expect(h.handle.core.appStatus('/burst').tasksRunning).toBe(3);
    expect(h.handle.core.deployments()).toHaveLength(1); // the tick waits for its turn
    await h.advance(1000);
    expect(h.handle.core.deployments()).toEqual([]);
  });
});
