import { waitFor } from '@strato/testing';
import { TestCluster } from './support/cluster';
import { AppInfoJson, startClusterWithHostnames, TestMarathon } from './support/marathon';

interface QueueItem {
  app: { id: string };
  count: number;
  processedOffersSummary: { processedOffersCount: number; rejectSummaryLastOffers: { reason: string; declined: number; processed: number }[] };
}

describe('Marathon apps on a real cluster (rolling restart, placement, queue)', () => {
  let cluster: TestCluster;
  let marathon: TestMarathon;

  beforeAll(async () => {
    cluster = await startClusterWithHostnames(2);
    marathon = await TestMarathon.start(cluster);
  });

  afterAll(async () => {
    await marathon?.stop();
    await cluster?.stop();
  });

  const remove = async (id: string) => {
    expect((await marathon.api(`/v2/apps${id}`, { method: 'DELETE' })).status).toBe(200);
    await waitFor(async () => (await marathon.api(`/v2/apps${id}`)).status === 404 || undefined, { timeoutMs: 20_000, description: `${id} to be gone` });
  };

  /** Samples the app every ~100 ms until `done` holds; returns every sample. */
  const sampleUntil = async (id: string, done: (a: AppInfoJson) => boolean, timeoutMs = 30_000) => {
    const samples: { running: number; total: number; states: string[] }[] = [];
    await waitFor(
      async () => {
        const a = await marathon.app(id);
        samples.push({ running: a.tasksRunning, total: a.tasks.length, states: a.tasks.map((t) => t.state) });
        return done(a) || undefined;
      },
      { timeoutMs, intervalMs: 100, description: `${id} to finish its rolling restart` },
    );
    return samples;
  };

  it('rolls a restart and a new cmd through a 3-instance app within minimumHealthCapacity / maximumOverCapacity', async () => {
    const id = '/e2e/rolling';
    // Old tasks take ~1 s to exit after SIGTERM, so the restart lasts long enough to be sampled.
    const slowStop = (n: number) => `trap 'sleep 1; exit 0' TERM; while :; do sleep 0.1; done # ${n}`;
    const created = await marathon.post('/v2/apps', {
      id, cmd: slowStop(1), instances: 3, cpus: 0.1, mem: 16,
      upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0.5 },
    });
    expect(created.status).toBe(201);
    const before = await marathon.waitForRunning(id, 3);
    const minRunning = Math.ceil(3 * 0.5);
    const maxTotal = Math.floor(3 * 1.5);

    for (const step of ['restart', 'new cmd'] as const) {
      const oldIds = new Set((await marathon.app(id)).tasks.map((t) => t.id));
      const res = step === 'restart' ? await marathon.api(`/v2/apps${id}/restart`, { method: 'POST' }) : await marathon.put(`/v2/apps${id}`, { cmd: slowStop(2) });
      expect(res.status).toBe(200);
      const { deploymentId } = (await res.json()) as { deploymentId: string };
      expect(res.headers.get('marathon-deployment-id')).toBe(deploymentId);

      const samples = await sampleUntil(id, (a) => a.deployments.length === 0 && a.tasksRunning === 3 && a.tasks.length === 3 && a.tasks.every((t) => !oldIds.has(t.id)));
      expect(samples.length).toBeGreaterThan(1);
      expect(Math.min(...samples.map((s) => s.running))).toBeGreaterThanOrEqual(minRunning);
      expect(Math.max(...samples.map((s) => s.total))).toBeLessThanOrEqual(maxTotal);
      // Marathon subscribes with TASK_KILLING_STATE: an old task is TASK_KILLING for the ~1 s it takes to exit.
      expect(samples.some((s) => s.states.includes('TASK_KILLING'))).toBe(true);
      expect((await marathon.deployments()).filter((d) => d.affectedApps.includes(id))).toEqual([]);
    }
    const after = await marathon.app(id);
    expect(after.cmd).toBe(slowStop(2));
    expect(after.tasks.some((t) => before.tasks.some((b) => b.id === t.id))).toBe(false);
    await remove(id);
  });

  it('runs a UNIQUE hostname app once per agent', async () => {
    const id = '/e2e/unique';
    expect((await marathon.post('/v2/apps', { id, cmd: 'sleep 300', instances: 2, cpus: 0.1, mem: 16, constraints: [['hostname', 'UNIQUE']] })).status).toBe(201);
    const a = await marathon.waitForRunning(id, 2);
    expect(new Set(a.tasks.map((t) => t.host))).toEqual(new Set(['agent-0', 'agent-1']));
    expect(new Set(a.tasks.map((t) => t.slaveId)).size).toBe(2);
    await remove(id);
  });

  it('explains in /v2/queue why an app cannot be placed (UnfulfilledConstraint, InsufficientCpus)', async () => {
    const nowhere = '/e2e/nowhere';
    const huge = '/e2e/huge';
    expect((await marathon.post('/v2/apps', { id: nowhere, cmd: 'sleep 300', instances: 1, cpus: 0.1, mem: 16, constraints: [['hostname', 'CLUSTER', 'nowhere']] })).status).toBe(201);
    expect((await marathon.post('/v2/apps', { id: huge, cmd: 'sleep 300', instances: 1, cpus: 64, mem: 16 })).status).toBe(201);

    const reasonsOf = async (appId: string) => {
      const { queue } = await marathon.json<{ queue: QueueItem[] }>('/v2/queue');
      const item = queue.find((q) => q.app.id === appId);
      return item?.processedOffersSummary.rejectSummaryLastOffers.filter((r) => r.declined > 0).map((r) => r.reason);
    };
    await waitFor(async () => (await reasonsOf(nowhere))?.includes('UnfulfilledConstraint') || undefined, {
      timeoutMs: 20_000,
      description: `${nowhere} to be rejected for UnfulfilledConstraint in /v2/queue`,
    });
    await waitFor(async () => (await reasonsOf(huge))?.includes('InsufficientCpus') || undefined, {
      timeoutMs: 20_000,
      description: `${huge} to be rejected for InsufficientCpus in /v2/queue`,
    });
    const { queue } = await marathon.json<{ queue: QueueItem[] }>('/v2/queue');
    expect(queue.find((q) => q.app.id === nowhere)).toMatchObject({ count: 1 });
    expect(queue.find((q) => q.app.id === nowhere)!.processedOffersSummary.processedOffersCount).toBeGreaterThan(0);
    for (const id of [nowhere, huge]) {
      const a = await marathon.app(id);
      expect(a.tasksRunning).toBe(0);
      expect(a.tasks).toEqual([]);
    }
    await remove(nowhere);
    await remove(huge);
  });
});
