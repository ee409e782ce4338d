import { agentRunningTasks, useMarathonCluster } from './support/marathon';

describe('Marathon restart keeps apps and tasks', () => {
  const env = useMarathonCluster();

  it('re-attaches to its running tasks after SIGTERM and a start with the same work dir, and can still scale', async () => {
    const id = '/e2e/survivor';
    const prefix = 'e2e_survivor.';
    expect((await env.marathon.post('/v2/apps', { id, cmd: 'sleep 300', instances: 3, cpus: 0.1, mem: 16 })).status).toBe(201);
    const before = await env.marathon.waitForRunning(id, 3);
    const ids = before.tasks.map((t) => t.id).sort();
    expect((await agentRunningTasks(env.cluster, prefix)).map((t) => t.id).sort()).toEqual(ids);
    const { frameworkId } = await env.marathon.json<{ frameworkId: string }>('/v2/info');

    expect(await env.marathon.process!.stop(8000)).toBe(0);
    await env.marathon.startProcess();

    expect((await env.marathon.json<{ frameworkId: string }>('/v2/info')).frameworkId).toBe(frameworkId);
    const after = await env.marathon.waitForRunning(id, 3);
    expect(after.tasks.map((t) => t.id).sort()).toEqual(ids);
    expect((await env.marathon.json<{ apps: { id: string }[] }>('/v2/apps')).apps.map((a) => a.id)).toEqual([id]);
    const onAgents = await agentRunningTasks(env.cluster, prefix);
    expect(onAgents.map((t) => t.id).sort()).toEqual(ids);
    expect((await env.cluster.state()).frameworks).toHaveLength(1);

    expect((await env.marathon.put(`/v2/apps${id}`, { instances: 4 })).status).toBe(200);
    const scaled = await env.marathon.waitForRunning(id, 4);
    expect(ids.every((t) => scaled.tasks.some((s) => s.id === t))).toBe(true);
    expect(new Set(scaled.tasks.map((t) => t.id)).size).toBe(4);
    expect((await agentRunningTasks(env.cluster, prefix)).length).toBe(4);

    expect((await env.marathon.api(`/v2/apps${id}`, { method: 'DELETE' })).status).toBe(200);
  });
});
