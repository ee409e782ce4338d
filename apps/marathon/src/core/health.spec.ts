import type { Harness } from './test-harness';
import { app, harness, noForce } from './test-harness';

const OK = { ok: true };
const DOWN = { ok: false, cause: 'HTTP 503' };
const httpCheck = { protocol: 'HTTP', path: '/health', portIndex: 0, gracePeriodSeconds: 300, intervalSeconds: 10, timeoutSeconds: 5, maxConsecutiveFailures: 3, delaySeconds: 0 };

function healthyRunning(h: Harness): number {
  return h.repository.instances('/web').filter((i) => i.state === 'TASK_RUNNING' && i.goal === 'Running' && i.healthy === true).length;
}

function eventsOf(h: Harness, type: string) {
  return h.events.filter((e) => e.eventType === type) as unknown as Record<string, unknown>[];
}

/** One instance of /web with an HTTP check, RUNNING on host-o1 and passing its check. */
async function healthy(extra: Record<string, unknown> = {}) {
  const h = await harness();
  await h.handle.core.createApp(app('/web', { healthChecks: [httpCheck], backoffSeconds: 10, ...extra }), noForce);
  await h.offer('o1');
  await h.statusAll('TASK_RUNNING');
  h.probe.answers.set('host-o1', OK);
  await h.advance(1000);
  expect(healthyRunning(h)).toBe(h.handle.core.app('/web')?.instances);
  return h;
}

describe('Marathon-run health checks', () => {
  it('probes the instance host and port and marks it healthy only once the probe passes; the deployment waits for it', async () => {
    const h = await harness();
    await h.handle.core.createApp(app('/web', { healthChecks: [httpCheck] }), noForce);
    await h.offer('o1');
    expect(h.probe.calls).toEqual([]);
    await h.statusAll('TASK_RUNNING');
    const [instance] = h.repository.instances('/web');

    h.probe.fallback = DOWN;
    await h.advance(25_000);
    expect(h.probe.calls.length).toBeGreaterThanOrEqual(2);
    expect(h.probe.calls[0]).toMatchObject({ protocol: 'HTTP', host: 'host-o1', port: instance.hostPorts[0], path: '/health' });
    expect(h.repository.instance(instance.instanceId)?.healthy).not.toBe(true);
    expect(h.handle.core.deployments()).toHaveLength(1);
    expect(h.handle.core.appStatus('/web')).toMatchObject({ tasksRunning: 1, tasksHealthy: 0 });

    h.probe.fallback = OK;
    await h.advance(10_000);
    expect(h.repository.instance(instance.instanceId)?.healthy).toBe(true);
    expect(h.handle.core.deployments()).toEqual([]);
    const status = h.handle.core.appStatus('/web');
    expect(status).toMatchObject({ tasksHealthy: 1, tasksUnhealthy: 0 });
    expect(status.tasks[0].healthCheckResults).toEqual([
      expect.objectContaining({ instanceId: instance.instanceId, alive: true, consecutiveFailures: 0, lastSuccess: expect.any(String) }),
    ]);
    expect(h.handle.core.tasks('/web')[0].healthCheckResults).toHaveLength(1);
    expect(eventsOf(h, 'health_status_changed_event')).toEqual([expect.objectContaining({ appId: '/web', instanceId: instance.instanceId, alive: true })]);
  });

  it('counts an instance whose check fails after a success as unhealthy', async () => {
    const h = await healthy();
    h.probe.answers.set('host-o1', DOWN);
    await h.advance(10_000);
    expect(h.repository.instances('/web')[0].healthy).toBe(false);
    expect(h.handle.core.appStatus('/web')).toMatchObject({ tasksHealthy: 0, tasksUnhealthy: 1 });
    expect(eventsOf(h, 'failed_health_check_event')).toHaveLength(1);
    expect(eventsOf(h, 'health_status_changed_event').map((e) => e.alive)).toEqual([true, false]);
  });

  it('kills an instance after maxConsecutiveFailures, bumps the backoff and replaces it', async () => {
    const h = await healthy({ backoffSeconds: 100 });
    const [task] = h.driver.tasks();
    h.probe.answers.set('host-o1', DOWN);
    await h.advance(20_000);
    expect(h.driver.kills).toEqual([]);
    await h.advance(10_000);
    expect(h.driver.kills).toEqual([task.taskId]);
    expect(eventsOf(h, 'failed_health_check_event')).toHaveLength(3);
    expect(eventsOf(h, 'unhealthy_instance_kill_event')).toEqual([
      expect.objectContaining({ appId: '/web', taskId: task.taskId, reason: 'HTTP 503', host: 'host-o1', slaveId: 'agent-host-o1' }),
    ]);
    await h.advance(15_000);
    expect(h.driver.kills).toEqual([task.taskId]);
    await h.advance(45_000);
    // Not killed again for its health: the kill is re-sent every --kill_retry_timeout (30 s) until the task ends.
    expect(h.driver.kills).toEqual([task.taskId, task.taskId, task.taskId]);
    expect(eventsOf(h, 'unhealthy_instance_kill_event')).toHaveLength(1);

    await h.status(task.taskId, 'TASK_KILLED');
    expect(h.repository.instances('/web')).toEqual([]);
    expect(h.handle.core.queue()[0]).toMatchObject({ count: 1, delay: { overdue: false } });
    const delayed = h.driver.launches.length;
    await h.offer('o2');
    expect(h.driver.launches).toHaveLength(delayed);
    await h.advance(100_000);
    await h.offer('o3');
    expect(h.driver.tasks()).toHaveLength(2);
    expect(h.handle.core.queue()).toEqual([]);
  });

  it('stops checking instances that leave RUNNING and everything on stop()', async () => {
    const h = await healthy({ instances: 2 });
    const [a] = h.driver.tasks();
    await h.status(a.taskId, 'TASK_KILLING');
    let before = h.probe.calls.length;
    await h.advance(30_000);
    const byHost = (from: number) => h.probe.calls.slice(from).map((c) => c.port);
    const aPort = h.repository.instance(a.taskId.replace('._app', ''))?.hostPorts[0];
    expect(byHost(before)).not.toContain(aPort);
    expect(h.probe.calls.length).toBeGreaterThan(before);
    h.handle.stop();
    before = h.probe.calls.length;
    await h.advance(30_000);
    expect(h.probe.calls.length).toBe(before);
  });

  it('a restart kills old instances only once new ones pass their checks, never below minimumHealthCapacity', async () => {
    const h = await healthy({ instances: 2, upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 0.5 } });
    const old = new Set(h.repository.instances('/web').map((i) => i.instanceId));
    h.probe.fallback = DOWN;
    const result = await h.handle.core.restartApp('/web', noForce);
    await h.handle.idle();
    await h.offer('r0');
    await h.statusAll('TASK_RUNNING');
    await h.advance(60_000);
    expect(h.driver.kills).toEqual([]);
    expect(h.handle.core.deployments()).toHaveLength(1);

    h.probe.fallback = OK;
    let minSeen = healthyRunning(h);
    const acked = new Set<string>();
    for (let round = 1; round < 20 && h.handle.core.deployments().length > 0; round++) {
      await h.advance(10_000);
      minSeen = Math.min(minSeen, healthyRunning(h));
      for (const id of h.driver.kills.filter((k) => !acked.has(k))) {
        acked.add(id);
        await h.status(id, 'TASK_KILLED');
        minSeen = Math.min(minSeen, healthyRunning(h));
      }
      await h.offer(`r${round}`);
      await h.statusAll('TASK_RUNNING');
      minSeen = Math.min(minSeen, healthyRunning(h));
    }
    expect(h.handle.core.deployments()).toEqual([]);
    expect(minSeen).toBeGreaterThanOrEqual(2);
    const now = h.repository.instances('/web');
    expect(now).toHaveLength(2);
    expect(now.every((i) => !old.has(i.instanceId) && i.configVersion === result.version && i.healthy === true)).toBe(true);
  });
});
