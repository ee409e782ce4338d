import type { ReadinessCheckResult } from '@strato/deployment-planner';
import type { Harness } from './test-harness';
import { app, FakeReadinessProbe, harness, noForce } from './test-harness';

const READY = FakeReadinessProbe.status(200);
const ports = [{ port: 0, name: 'admin' }, { port: 0, name: 'http' }];
const readinessChecks = [{ portName: 'http', path: '/ready', intervalSeconds: 10, timeoutSeconds: 5, preserveLastResponse: true }];

function currentResults(h: Harness): readonly ReadinessCheckResult[] {
  return h.handle.core.deployments().flatMap((d) => d.currentActions.flatMap((a) => a.readinessCheckResults));
}

function running(h: Harness): string[] {
  return h.repository.instances('/web').filter((i) => i.state === 'TASK_RUNNING' && i.goal === 'Running').map((i) => i.taskId);
}

describe('readiness checks', () => {
  it('keeps a scale-up deployment until every new instance is ready, showing the results meanwhile', async () => {
    const h = await harness();
    await h.handle.core.createApp(app('/web', { instances: 2, portDefinitions: ports, readinessChecks }), noForce);
    await h.offer('o1');
    await h.statusAll('TASK_RUNNING');
    const [a, b] = h.repository.instances('/web');
    await h.advance(30_000);
    expect(h.handle.core.deployments()).toHaveLength(1);
    expect(h.readiness.calls[0]).toEqual({ protocol: 'HTTP', host: 'host-o1', port: a.hostPorts[1], path: '/ready' });
    const notReady = { name: 'readinessCheck', ready: false, lastResponse: { status: 503, contentType: 'text/plain', body: 'status 503' } };
    expect(currentResults(h)).toEqual([{ ...notReady, taskId: a.taskId }, { ...notReady, taskId: b.taskId }]);
    expect(h.handle.core.deployments()[0].currentActions[0]).toMatchObject({ action: 'ScaleApplication', app: '/web' });
    expect(h.handle.core.appStatus('/web').readinessCheckResults).toHaveLength(2);

    h.readiness.answers.set(`host-o1:${a.hostPorts[1]}`, READY);
    await h.advance(10_000);
    expect(h.handle.core.deployments()).toHaveLength(1);
    expect(currentResults(h).map((r) => [r.taskId, r.ready])).toEqual([[a.taskId, true], [b.taskId, false]]);

    h.readiness.fallback = READY;
    await h.advance(10_000);
    expect(h.handle.core.deployments()).toEqual([]);
    expect(h.handle.core.appStatus('/web').readinessCheckResults).toEqual([]);
    const calls = h.readiness.calls.length;
    await h.advance(60_000);
    expect(h.readiness.calls).toHaveLength(calls);
  });

  it('kills the old instance of a restart only once the new one is ready', async () => {
    const h = await harness();
    const upgradeStrategy = { minimumHealthCapacity: 1, maximumOverCapacity: 1 };
    await h.handle.core.createApp(app('/web', { instances: 1, portDefinitions: ports, readinessChecks, upgradeStrategy }), noForce);
    h.readiness.answers.set('host-o1', READY);
    await h.offer('o1');
    await h.statusAll('TASK_RUNNING');
    await h.advance(1000);
    expect(h.handle.core.deployments()).toEqual([]);
    const [old] = running(h);

    h.clock.advance(60_000);
    await h.handle.core.restartApp('/web', noForce);
    await h.handle.idle();
    const before = h.readiness.calls.length;
    await h.offer('o2');
    await h.statusAll('TASK_RUNNING');
    const fresh = running(h).find((t) => t !== old)!;
    await h.advance(30_000);
    expect(h.driver.kills).toEqual([]);
    expect(h.handle.core.deployments()).toHaveLength(1);
    expect(currentResults(h)).toEqual([expect.objectContaining({ taskId: fresh, ready: false })]);
    expect(h.readiness.calls.slice(before).every((c) => c.host === 'host-o2')).toBe(true);

    h.readiness.answers.set('host-o2', READY);
    await h.advance(10_000);
    expect(h.driver.kills).toEqual([old]);
    await h.status(old, 'TASK_KILLED');
    expect(h.handle.core.deployments()).toEqual([]);
    expect(running(h)).toEqual([fresh]);
  });
});
