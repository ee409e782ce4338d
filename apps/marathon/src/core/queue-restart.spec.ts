import { restartBounds } from '@strato/deployment-planner';
import type { Harness } from './test-harness';
import { app, harness, noForce } from './test-harness';

describe('/v2/queue', () => {
  it('keeps an app whose constraint cannot be met in the queue, with the reasons', async () => {
    const h = await harness();
    await h.handle.core.createApp(app('/web', { instances: 3, constraints: [['rack', 'LIKE', 'r9']] }), noForce);
    await h.offer('o1', undefined, 'a1', [{ name: 'rack', value: { type: 'text', text: 'r1' } }]);
    expect(h.driver.launches).toEqual([]);
    expect(h.driver.declines).toEqual(['o1']);
    const [item] = h.handle.core.queue();
    expect(item).toMatchObject({ count: 3, role: '*', delay: { overdue: true, timeLeftSeconds: 0 }, since: '2026-01-01T00:00:00.000Z' });
    expect((item.app as { id: string }).id).toBe('/web');
    const summary = item.processedOffersSummary as { processedOffersCount: number; unusedOffersCount: number; rejectSummaryLaunchAttempt: { reason: string; declined: number }[] };
    expect(summary).toMatchObject({ processedOffersCount: 1, unusedOffersCount: 1 });
    expect(summary.rejectSummaryLaunchAttempt.find((r) => r.reason === 'UnfulfilledConstraint')?.declined).toBe(1);
    const unused = item.lastUnusedOffers as { offer: { id: string }; reason: string[] }[];
    expect(unused[0]).toMatchObject({ offer: { id: 'o1' }, reason: ['UnfulfilledConstraint'] });
  });

  it('reports offers too small for the app', async () => {
    const h = await harness();
    await h.handle.core.createApp(app('/big', { cpus: 8 }), noForce);
    await h.offer('o1');
    const summary = h.handle.core.queue()[0].processedOffersSummary as { rejectSummaryLastOffers: { reason: string; declined: number }[] };
    expect(summary.rejectSummaryLastOffers.find((r) => r.reason === 'InsufficientCpus')?.declined).toBe(1);
  });

  it('keeps DOCKER and image apps queued with UnsupportedContainerType (agents run processes only)', async () => {
    const h = await harness();
    const docker = { type: 'DOCKER', docker: { image: 'nginx' } };
    await h.handle.core.createApp(app('/docker', { instances: 2, container: docker }), noForce);
    await h.handle.core.createApp(app('/ucr', { container: { type: 'MESOS', docker: { image: 'nginx' } } }), noForce);
    await h.offer('o1');
    await h.offer('o2', undefined, 'other');
    expect(h.driver.launches).toEqual([]);
    const items = h.handle.core.queue();
    expect(items.map((i) => [(i.app as { id: string }).id, i.count])).toEqual([['/docker', 2], ['/ucr', 1]]);
    for (const item of items) {
      const summary = item.processedOffersSummary as { rejectSummaryLastOffers: { reason: string; declined: number; processed: number }[] };
      expect(summary.rejectSummaryLastOffers[0]).toEqual({ reason: 'UnsupportedContainerType', declined: 2, processed: 2 });
    }
  });
});

/** Drives a restart: offers, RUNNING for new tasks, KILLED for killed ones, checking the healthy floor after each event. */
async function driveRestart(h: Harness, minHealthy: number): Promise<number> {
  let minSeen = Infinity;
  const healthy = () => h.repository.instances('/web').filter((i) => i.state === 'TASK_RUNNING' && i.goal === 'Running').length;
  const acked = new Set<string>();
  for (let round = 0; round < 20 && h.handle.core.deployments().length > 0; round++) {
    await h.offer(`r${round}`);
    minSeen = Math.min(minSeen, healthy());
    await h.statusAll('TASK_RUNNING');
    minSeen = Math.min(minSeen, healthy());
    for (const id of h.driver.kills.filter((k) => !acked.has(k))) {
      acked.add(id);
      await h.status(id, 'TASK_KILLED');
      minSeen = Math.min(minSeen, healthy());
    }
  }
  expect(minSeen).toBeGreaterThanOrEqual(minHealthy);
  return minSeen;
}

describe('restart', () => {
  it.each([
    [1, 0],
    [0.5, 0.5],
    [0.7, 0],
  ])('replaces every instance without dropping below minimumHealthCapacity %s (over capacity %s)', async (minimumHealthCapacity, maximumOverCapacity) => {
    const h = await harness();
    await h.handle.core.createApp(app('/web', { instances: 3, upgradeStrategy: { minimumHealthCapacity, maximumOverCapacity } }), noForce);
    await h.offer('o1');
    await h.statusAll('TASK_RUNNING');
    const old = new Set(h.repository.instances('/web').map((i) => i.instanceId));

    h.clock.advance(60_000);
    const result = await h.handle.core.restartApp('/web', noForce);
    await h.handle.idle();
    expect(h.handle.core.deployments()[0]).toMatchObject({ id: result.deploymentId, steps: [{ actions: [{ action: 'RestartApplication', app: '/web' }] }] });

    const { minHealthy } = restartBounds(3, { minimumHealthCapacity, maximumOverCapacity });
    await driveRestart(h, minHealthy);
    expect(h.handle.core.deployments()).toEqual([]);
    const now = h.repository.instances('/web');
    expect(now).toHaveLength(3);
    expect(now.every((i) => !old.has(i.instanceId) && i.configVersion === result.version && i.state === 'TASK_RUNNING')).toBe(true);
  });

  it('waits for health when the app has health checks (healthy flag of MESOS_* checks)', async () => {
    const h = await harness();
    const healthChecks = [{ protocol: 'MESOS_TCP', gracePeriodSeconds: 300, intervalSeconds: 60, timeoutSeconds: 20, maxConsecutiveFailures: 3, delaySeconds: 15, portIndex: 0 }];
    await h.handle.core.createApp(app('/web', { instances: 1, healthChecks }), noForce);
    await h.offer('o1');
    const [task] = h.driver.tasks();
    await h.status(task.taskId, 'TASK_RUNNING');
    expect(h.handle.core.deployments()).toHaveLength(1);
    await h.status(task.taskId, 'TASK_RUNNING', { healthy: true });
    expect(h.handle.core.deployments()).toEqual([]);
    expect(h.handle.core.appStatus('/web')).toMatchObject({ tasksHealthy: 1, tasksUnhealthy: 0 });
  });
});
