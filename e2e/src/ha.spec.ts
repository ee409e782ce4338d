import { waitFor } from '@strato/testing';
import { join } from 'node:path';
import { getJson, HaCluster, HaService, SESSION_TIMEOUT_MS } from './support/ha-cluster';
import { linesOf, parseTaskId, RunsPageJson } from './support/chronos';
import { AppInfoJson } from './support/marathon';

/** Answers 503 on /ready to the first `n` requests there, then 200: each new task takes a few seconds to be ready. */
const readyAfter = (n: number): string =>
  `node -e "let k=0;require('http').createServer((q,s)=>{if(q.url==='/ready'){k++;s.statusCode=k>${n}?200:503}s.end('k'+k)}).listen(process.env.PORT0)"`;

async function api(service: HaService, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${service.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function app(service: HaService, id: string): Promise<AppInfoJson | undefined> {
  return (await getJson<{ app: AppInfoJson }>(`${service.url}/v2/apps${id}?embed=app.tasks`))?.app;
}

/** The framework's RUNNING task ids at the leading master whose id starts with `prefix`. */
async function runningAtMaster(cluster: HaCluster, prefix: string, except?: HaService): Promise<string[] | undefined> {
  const state = await cluster.masterState(except);
  const marathon = state?.frameworks.find((f) => f.name === 'marathon');
  return marathon?.tasks.filter((t) => t.id.startsWith(prefix) && t.state === 'TASK_RUNNING').map((t) => t.id).sort();
}

describe('high availability on ZooKeeper (3 masters, 2 Marathons, 2 Chronos)', () => {
  let cluster: HaCluster;

  beforeAll(async () => {
    cluster = await HaCluster.start();
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  /** Starts a killed service again, as the supervisor of `npm run cluster:ha` does: it comes back as a standby. */
  const revive = (service: HaService) => {
    if (!service.alive) service.start();
  };

  it('kill -9 of the leading master: a new leader, agents re-register, RUNNING tasks stay RUNNING, Marathon still scales', async () => {
    const leading = await waitFor(() => cluster.leadingMarathon(), { description: 'the leading Marathon' });
    const standby = cluster.marathons.find((m) => m !== leading)!; // a standby proxies the write to the leader
    const id = '/ha/web';
    const created = await api(standby, 'POST', '/v2/apps', { id, cmd: 'sleep 600', instances: 3, cpus: 0.1, mem: 16 });
    expect(created.status).toBe(201);
    const before = await waitFor(async () => {
      const ids = await runningAtMaster(cluster, 'ha_web.');
      return ids?.length === 3 ? ids : undefined;
    }, { timeoutMs: 30_000, description: 'three RUNNING tasks at the master' });

    const old = (await cluster.leadingMaster())!;
    await old.process.kill9();
    const next = await waitFor(() => cluster.leadingMaster(), { timeoutMs: SESSION_TIMEOUT_MS * 5, description: 'a new leading master' });
    expect(next).not.toBe(old);
    // The standby saw its link to the leader drop at once and warmed up while ZooKeeper waited out the session.
    expect(next!.process.logs).toMatch(/the link to the leading master dropped: warming up for a takeover/);
    await cluster.waitForAgents(2);
    const after = await waitFor(async () => {
      const ids = await runningAtMaster(cluster, 'ha_web.');
      return ids?.length === 3 ? ids : undefined;
    }, { timeoutMs: 30_000, description: 'the three tasks RUNNING at the new leader' });
    expect(after).toEqual(before);
    const leader = (await waitFor(() => cluster.leadingMarathon(), { description: 'the leading Marathon' }))!;
    const seen = await waitFor(async () => {
      const a = await app(leader, id);
      return a?.tasksRunning === 3 ? a : undefined;
    }, { description: 'Marathon to show the three tasks running' });
    expect(seen.tasks.map((t) => t.id).sort()).toEqual(before);

    expect((await api(leader, 'PUT', `/v2/apps${id}`, { instances: 4 })).status).toBe(200);
    const scaled = await waitFor(async () => {
      const ids = await runningAtMaster(cluster, 'ha_web.');
      return ids?.length === 4 ? ids : undefined;
    }, { timeoutMs: 30_000, description: 'four RUNNING tasks after the scale' });
    expect(before.every((t) => scaled.includes(t))).toBe(true);
    revive(old);
  });

  it('a leading master frozen (SIGSTOP) past the session timeout steps down and never acts beside the new leader', async () => {
    const frozen = (await waitFor(() => cluster.leadingMaster(), { description: 'the leading master' }))!;
    const electedBefore = (frozen.process.logs.match(/elected leader/g) ?? []).length;
    frozen.signal('SIGSTOP');
    // The others name the frozen one until its session expires, then the new leader.
    const next = await waitFor(async () => {
      const leader = await cluster.leadingMaster(frozen);
      return leader !== frozen ? leader : undefined;
    }, { timeoutMs: SESSION_TIMEOUT_MS * 5, description: 'a new leader while the old one is frozen' });
    expect(next).not.toBe(frozen);
    await cluster.waitForAgents(2, 30_000, frozen);

    frozen.signal('SIGCONT');
    const code = await waitFor(async () => (frozen.alive ? undefined : { code: await frozen.process.wait() }), { timeoutMs: 20_000, description: 'the old leader to step down and exit' });
    expect(code.code).toBe(1);
    expect(frozen.process.logs).toMatch(/lost leadership/);
    expect((frozen.process.logs.match(/elected leader/g) ?? []).length).toBe(electedBefore);
    expect(await cluster.leadingMaster()).toBe(next);
    const state = await cluster.waitForAgents(2);
    expect(state.slaves.filter((a) => a.active)).toHaveLength(2);
    expect((await runningAtMaster(cluster, 'ha_web.'))?.length).toBe(4);
    revive(frozen);
  });

  it('kill -9 of the leading Marathon in the middle of a rolling restart: the standby finishes the deployment', async () => {
    const id = '/ha/rolling';
    const rc = { name: 'ready', protocol: 'HTTP', path: '/ready', portName: 'http', intervalSeconds: 2, timeoutSeconds: 1, httpStatusCodesForReady: [200] };
    const body = {
      id, cmd: readyAfter(1), instances: 3, cpus: 0.1, mem: 16, portDefinitions: [{ port: 0, name: 'http' }], readinessChecks: [rc],
      upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 0.34 },
    };
    const leader = (await waitFor(() => cluster.leadingMarathon(), { description: 'the leading Marathon' }))!;
    const created = await api(leader, 'POST', '/v2/apps', body);
    expect(`${created.status} ${await created.text()}`).toMatch(/^201 /);
    const first = await waitFor(async () => {
      const a = await app(leader, id);
      return a?.tasksRunning === 3 && a.deployments.length === 0 ? a : undefined;
    }, { timeoutMs: 60_000, description: 'the app to run 3 ready tasks' });

    const restart = await api(leader, 'POST', `/v2/apps${id}/restart`);
    expect(restart.status).toBe(200);
    // Mid-way: some task of the new version runs, the deployment is still going.
    const midway = await waitFor(async () => {
      const a = await app(leader, id);
      return a && a.deployments.length > 0 && a.tasks.some((t) => t.version !== first.version && t.state === 'TASK_RUNNING') ? a : undefined;
    }, { timeoutMs: 30_000, intervalMs: 100, description: 'the rolling restart to be under way' });
    await leader.process.kill9();

    const successor = (await waitFor(() => cluster.leadingMarathon(), { timeoutMs: SESSION_TIMEOUT_MS * 5, description: 'the standby Marathon to lead' }))!;
    expect(successor).not.toBe(leader);
    const done = await waitFor(async () => {
      const a = await app(successor, id);
      return a && a.deployments.length === 0 && a.tasksRunning === 3 && a.tasks.length === 3 ? a : undefined;
    }, { timeoutMs: 60_000, description: 'the new leader to finish the restart' });
    expect(done.version).toBe(midway.version);
    expect(done.tasks.every((t) => t.version === midway.version)).toBe(true);
    const atMaster = await runningAtMaster(cluster, 'ha_rolling.');
    expect(atMaster).toEqual(done.tasks.map((t) => t.id).sort());
    revive(leader);
  });

  it('kill of the leading Chronos with a job due every 2 s: one run per due time, missed ones collapse into one, none twice', async () => {
    const out = join(cluster.dir, 'ha-tick.out');
    const leader = (await waitFor(() => cluster.leadingChronos(), { description: 'the leading Chronos' }))!;
    const job = { name: 'ha-tick', command: `echo "$mesos_task_id" >> '${out}'`, schedule: 'R//PT2S', owner: 'ha@example.com' };
    expect((await api(leader, 'POST', '/scheduler/iso8601', job)).status).toBe(204);
    await waitFor(() => linesOf(out).length >= 2, { timeoutMs: 30_000, description: 'two runs' });

    // A graceful stop hands over at once: no due time is missed.
    await leader.process.stop(8_000);
    const second = (await waitFor(() => cluster.leadingChronos(), { timeoutMs: SESSION_TIMEOUT_MS * 5, description: 'the standby Chronos to lead' }))!;
    const handedOver = linesOf(out).length;
    await waitFor(() => linesOf(out).length >= handedOver + 3, { timeoutMs: 30_000, description: 'three runs by the new leader' });
    revive(leader);
    await waitFor(() => cluster.leadingChronos(), { description: 'both Chronos to agree on the leader' });

    // kill -9: nobody leads until the session times out; the due times in that gap collapse into one run.
    await second.process.kill9();
    const third = (await waitFor(() => cluster.leadingChronos(), { timeoutMs: SESSION_TIMEOUT_MS * 5, description: 'a Chronos to lead again' }))!;
    const afterKill = linesOf(out).length;
    await waitFor(() => linesOf(out).length >= afterKill + 3, { timeoutMs: 30_000, description: 'three runs after the kill' });
    // The run history (kept in ZooKeeper across both handovers) has one run per due time, each run once.
    const history = await waitFor(async () => {
      const page = await getJson<RunsPageJson>(`${third.url}/v1/scheduler/job/ha-tick/runs?offset=0&limit=200`);
      const ended = page?.runs.filter((r) => r.state === 'success');
      return ended && ended.length >= linesOf(out).length ? ended : undefined;
    }, { description: 'the run history to show every run' });
    expect((await api(third, 'DELETE', '/scheduler/job/ha-tick')).status).toBe(204);
    const historyDues = history.map((r) => parseTaskId(r.taskId).dueMs);
    expect(new Set(historyDues).size).toBe(historyDues.length);

    const dues = linesOf(out).map((taskId) => parseTaskId(taskId).dueMs);
    expect(new Set(dues).size).toBe(dues.length); // none twice
    for (const due of dues) expect(historyDues).toContain(due);
    const gaps = dues.slice(1).map((due, i) => due - dues[i]!);
    expect(gaps.every((gap) => gap % 2000 === 0 && gap > 0)).toBe(true);
    // Only the kill -9 may skip due times (collapsed into one run); the graceful handover skips none.
    expect(gaps.filter((gap) => gap > 2000).length).toBeLessThanOrEqual(1);
    revive(second);
  });

  it('a ZooKeeper restart: every service reconnects and nothing is lost', async () => {
    // A settled cluster: every live instance (the ones revived above too) answers and names the same leaders.
    const leaders = async () => {
      const [master, marathon, chronos] = [await cluster.leadingMaster(), await cluster.leadingMarathon(), await cluster.leadingChronos()];
      return master && marathon && chronos ? { master, marathon, chronos } : undefined;
    };
    const masterBefore = (await waitFor(leaders, { timeoutMs: 30_000, description: 'every instance to be up and agree on the leaders' })).master;
    const before = (await runningAtMaster(cluster, 'ha_'))!;
    await cluster.zk.restart();
    await waitFor(leaders, { timeoutMs: 30_000, description: 'leaders for the masters, Marathon and Chronos after the restart' });
    expect(await cluster.leadingMaster()).toBe(masterBefore);
    await cluster.waitForAgents(2);
    const after = await waitFor(async () => {
      const ids = await runningAtMaster(cluster, 'ha_');
      return ids && ids.length === before.length ? ids : undefined;
    }, { timeoutMs: 30_000, description: 'the same RUNNING tasks' });
    expect(after).toEqual(before);
    const marathon = (await cluster.leadingMarathon())!;
    const apps = (await getJson<{ apps: { id: string }[] }>(`${marathon.url}/v2/apps`))!.apps.map((a) => a.id).sort();
    expect(apps).toEqual(['/ha/rolling', '/ha/web']);
    expect((await api(marathon, 'PUT', '/v2/apps/ha/web', { instances: 2 })).status).toBe(200);
    await waitFor(async () => (await runningAtMaster(cluster, 'ha_web.'))?.length === 2, { timeoutMs: 30_000, description: 'a scale-down after the restart' });
  });
});
