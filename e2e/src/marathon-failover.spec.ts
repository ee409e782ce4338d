import { TestCluster } from './support/cluster';
import { agentRunningTasks, TestMarathon } from './support/marathon';

describe('Marathon restart keeps apps and tasks', () => {
  let cluster: TestCluster;
  let marathon: TestMarathon;

  beforeAll(async () => {
    cluster = await TestCluster.start({ agents: 2 });
    marathon = await TestMarathon.start(cluster);
  });

  afterAll(async () => {
    await marathon?.stop();
    await cluster?.stop();
  });

  it('re-attaches to its running tasks after SIGTERM and a start with the same work dir, and can still scale', async () => {
    const id = '/e2e/survivor';
    const prefix = 'e2e_survivor.';
    expect((await marathon.post('/v2/apps', { id, cmd: 'sleep 300', instances: 3, cpus: 0.1, mem: 16 })).status).toBe(201);
    const before = await marathon.waitForRunning(id, 3);
    const ids = before.tasks.map((t) => t.id).sort();
    expect((await agentRunningTasks(cluster, prefix)).map((t) => t.id).sort()).toEqual(ids);
    const { frameworkId } = await marathon.json<{ frameworkId: string }>('/v2/info');

    expect(await marathon.process!.stop(8000)).toBe(0);
    await marathon.startProcess();

    expect((await marathon.json<{ frameworkId: string }>('/v2/info')).frameworkId).toBe(frameworkId);
    const after = await marathon.waitForRunning(id, 3);
    expect(after.tasks.map((t) => t.id).sort()).toEqual(ids);
    expect((await marathon.json<{ apps: { id: string }[] }>('/v2/apps')).apps.map((a) => a.id)).toEqual([id]);
    const onAgents = await agentRunningTasks(cluster, prefix);
    expect(onAgents.map((t) => t.id).sort()).toEqual(ids);
    expect((await cluster.state()).frameworks).toHaveLength(1);

    expect((await marathon.put(`/v2/apps${id}`, { instances: 4 })).status).toBe(200);
    const scaled = await marathon.waitForRunning(id, 4);
    expect(ids.every((t) => scaled.tasks.some((s) => s.id === t))).toBe(true);
    expect(new Set(scaled.tasks.map((t) => t.id)).size).toBe(4);
    expect((await agentRunningTasks(cluster, prefix)).length).toBe(4);

    expect((await marathon.api(`/v2/apps${id}`, { method: 'DELETE' })).status).toBe(200);
  });
});
