import { waitFor } from '@strato/testing';
import { useMarathonCluster } from './support/marathon';

describe('Marathon API: event stream and errors', () => {
  const env = useMarathonCluster();

  const remove = async (id: string) => {
    expect((await env.marathon.api(`/v2/apps${id}`, { method: 'DELETE' })).status).toBe(200);
    await waitFor(async () => (await env.marathon.api(`/v2/apps${id}`)).status === 404 || undefined, { timeoutMs: 20_000, description: `${id} to be gone` });
    // The app is gone at once; its stop deployment ends once its tasks have: let it finish before the next test.
    const stopping = async () => (await env.marathon.deployments()).some((d) => d.affectedApps.includes(id));
    await waitFor(async () => !(await stopping()) || undefined, { timeoutMs: 20_000, description: `the stop deployment of ${id} to finish` });
  };

  it('streams the life of a new app over /v2/events', async () => {
    const events = await env.marathon.events();
    await events.waitFor('event_stream_attached');
    const id = '/e2e/streamed';
    const res = await env.marathon.post('/v2/apps', { id, cmd: 'sleep 300', instances: 1, cpus: 0.1, mem: 16 });
    expect(res.status).toBe(201);
    const deploymentId = res.headers.get('marathon-deployment-id')!;

    const info = await events.waitFor('deployment_info', (e) => (e.data.plan as { id: string }).id === deploymentId);
    expect(info.data.currentStep).toBeDefined();
    const running = await events.waitFor('status_update_event', (e) => e.data.appId === id && e.data.taskStatus === 'TASK_RUNNING');
    expect(running.data).toMatchObject({ taskId: expect.stringMatching(/^e2e_streamed\.instance-/), host: '127.0.0.1' });
    await events.waitFor('deployment_success', (e) => e.data.id === deploymentId);
    await events.waitFor('group_change_success');
    for (const e of events.events) expect(e.data.eventType).toBe(e.event);
    await remove(id);
  });

  it('answers malformed JSON, unknown apps, duplicates and invalid apps like Marathon', async () => {
    const malformed = await env.marathon.api('/v2/apps', { method: 'POST', body: '{"id": "/e2e/bad",' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ message: 'Invalid JSON' });

    const missing = await env.marathon.api('/v2/apps/x');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: "App '/x' does not exist" });

    const id = '/e2e/dup';
    expect((await env.marathon.post('/v2/apps', { id, cmd: 'sleep 300', instances: 1, cpus: 0.1, mem: 16 })).status).toBe(201);
    const duplicate = await env.marathon.post('/v2/apps', { id, cmd: 'sleep 300' });
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toMatchObject({ message: `An app with id [${id}] already exists.` });

    const invalid = await env.marathon.post('/v2/apps', { id: '/e2e/invalid', cmd: 'true', cpus: -1, upgradeStrategy: { minimumHealthCapacity: 2 } });
    expect(invalid.status).toBe(422);
    const body = (await invalid.json()) as { message: string; details: { path: string; errors: string[] }[] };
    expect(body.message).toBe('Object is not valid');
    expect(body.details.map((d) => d.path)).toEqual(expect.arrayContaining(['/cpus', '/upgradeStrategy/minimumHealthCapacity']));
    expect(body.details.every((d) => d.errors.length > 0)).toBe(true);
    expect((await env.marathon.api('/v2/apps/e2e/invalid')).status).toBe(404);
    await remove(id);
  });

  it('refuses a change to an app locked by a deployment with 409 unless forced', async () => {
    const id = '/e2e/locked';
    const created = await env.marathon.post('/v2/apps', { id, cmd: 'sleep 300', instances: 1, cpus: 0.1, mem: 16, constraints: [['hostname', 'CLUSTER', 'nowhere']] });
    expect(created.status).toBe(201);
    const deploymentId = created.headers.get('marathon-deployment-id')!;
    expect((await env.marathon.deployments()).map((d) => d.id)).toContain(deploymentId);

    const locked = await env.marathon.put(`/v2/apps${id}`, { instances: 2 });
    expect(locked.status).toBe(409);
    const body = (await locked.json()) as { message: string; deployments: { id: string }[] };
    expect(body.deployments).toEqual([{ id: deploymentId }]);
    expect(body.message).toContain('locked');

    const forced = await env.marathon.put(`/v2/apps${id}?force=true`, { constraints: [] });
    expect(forced.status).toBe(200);
    const { deploymentId: next } = (await forced.json()) as { deploymentId: string };
    expect(next).not.toBe(deploymentId);
    await env.marathon.waitForRunning(id, 1);
    expect((await env.marathon.deployments()).filter((d) => d.affectedApps.includes(id))).toEqual([]);
    await remove(id);
  });

  it('keeps group versions and rolls a group back to its first version', async () => {
    const web = { id: 'web', cmd: 'sleep 300', instances: 1, cpus: 0.1, mem: 16 };
    expect((await env.marathon.post('/v2/groups', { id: '/e2e-rollback', apps: [web] })).status).toBe(201);
    await env.marathon.waitForRunning('/e2e-rollback/web', 1);
    const updated = await env.marathon.put('/v2/groups/e2e-rollback?force=true', { id: '/e2e-rollback', apps: [{ ...web, cmd: 'sleep 301', instances: 2 }] });
    expect(updated.status).toBe(200);
    await env.marathon.waitForRunning('/e2e-rollback/web', 2);

    const versions = await env.marathon.json<string[]>('/v2/groups/e2e-rollback/versions');
    expect(versions.length).toBeGreaterThanOrEqual(2);
    const first = versions[versions.length - 1];
    const then = await env.marathon.json<{ apps: { cmd: string; instances: number }[] }>(`/v2/groups/e2e-rollback/versions/${first}`);
    expect(then.apps).toMatchObject([{ cmd: 'sleep 300', instances: 1 }]);

    const rolledBack = await env.marathon.put('/v2/groups/e2e-rollback?force=true', { version: first });
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.headers.get('marathon-deployment-id')).toBe(((await rolledBack.json()) as { deploymentId: string }).deploymentId);
    expect(await env.marathon.app('/e2e-rollback/web')).toMatchObject({ cmd: 'sleep 300', instances: 1 });
    const unknown = await env.marathon.put('/v2/groups/e2e-rollback', { version: '2001-01-01T00:00:00.000Z' });
    expect(unknown.status).toBe(404);
    expect((await env.marathon.api('/v2/groups/e2e-rollback?force=true', { method: 'DELETE' })).status).toBe(200);
    await waitFor(async () => (await env.marathon.api('/v2/groups/e2e-rollback')).status === 404 || undefined, { timeoutMs: 20_000, description: 'the group to be gone' });
  });

  it('keeps a DOCKER app in /v2/queue with UnsupportedContainerType (agents run processes only)', async () => {
    const id = '/e2e/docker';
    const created = await env.marathon.post('/v2/apps', { id, cmd: 'sleep 300', instances: 1, cpus: 0.1, mem: 16, container: { type: 'DOCKER', docker: { image: 'nginx' } } });
    expect(created.status).toBe(201);
    type Step = { reason: string; declined: number };
    const item = await waitFor(
      async () => {
        const { queue } = await env.marathon.json<{ queue: { app: { id: string }; count: number; processedOffersSummary: { rejectSummaryLastOffers: Step[] } }[] }>('/v2/queue');
        const entry = queue.find((q) => q.app.id === id);
        const step = entry?.processedOffersSummary.rejectSummaryLastOffers.find((r) => r.reason === 'UnsupportedContainerType');
        return step && step.declined > 0 ? entry : undefined;
      },
      { timeoutMs: 20_000, description: `${id} to be rejected for UnsupportedContainerType in /v2/queue` },
    );
    expect(item.count).toBe(1);
    expect((await env.marathon.app(id)).tasksRunning).toBe(0);
    expect((await env.marathon.api(`/v2/apps${id}?force=true`, { method: 'DELETE' })).status).toBe(200);
    await waitFor(async () => (await env.marathon.api(`/v2/apps${id}`)).status === 404 || undefined, { timeoutMs: 20_000, description: `${id} to be gone` });
  });
});
