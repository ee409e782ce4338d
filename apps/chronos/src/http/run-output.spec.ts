import { listenHttp, Metrics, type HttpServer } from '@strato/service';
import { masterHttpUrl, sandboxUrl } from './run-output';
import { standbyHttpApp } from './standby';
import { FakeApi, run } from './testing/fake-api';
import { NOW, startServer, type Server } from './testing/harness';

const TASK = `ct:${NOW}:0:nightly:`;
const path = (job: string, taskId: string, file = 'stdout', prefix = '/scheduler') => `${prefix}/job/${encodeURIComponent(job)}/runs/${encodeURIComponent(taskId)}/${file}`;
const manual: RequestInit = { redirect: 'manual' };

describe('masterHttpUrl', () => {
  it('is the HTTP address the master described, IPv6 in brackets', () => {
    expect(masterHttpUrl({ hostname: 'm1.example', port: 5050 })).toBe('http://m1.example:5050');
    expect(masterHttpUrl({ hostname: '::1', port: 5050 })).toBe('http://[::1]:5050');
  });

  it('is undefined without a master, a host or an HTTP port (a master that did not describe itself)', () => {
    expect(masterHttpUrl(undefined)).toBeUndefined();
    expect(masterHttpUrl({ hostname: 'm1', port: 0 })).toBeUndefined();
    expect(masterHttpUrl({ hostname: '', port: 5050 })).toBeUndefined();
  });
});

describe('sandboxUrl', () => {
  it("names the agent, framework, task and file in the master's sandbox query, encoded", () => {
    const url = new URL(sandboxUrl('http://m1:5050/', { frameworkId: 'fw 1', agentId: 'a-S0', taskId: 'ct:1:0:j:a&b', file: 'stderr' }));
    expect(`${url.origin}${url.pathname}`).toBe('http://m1:5050/master/sandbox');
    expect(Object.fromEntries(url.searchParams)).toEqual({ agent_id: 'a-S0', framework_id: 'fw 1', task_id: 'ct:1:0:j:a&b', file: 'stderr' });
  });
});

describe('GET /scheduler/job/{name}/runs/{taskId}/stdout|stderr', () => {
  let server: Server;
  let api: FakeApi;

  beforeEach(async () => {
    api = new FakeApi();
    api.addJob({ name: 'nightly', command: 'echo hi' }, [run('nightly', NOW, 5000, 'success', { agentId: 'agent-7' })]);
    server = await startServer(api);
  });

  afterEach(async () => {
    expect(server.errors).toEqual([]);
    await server.close();
  });

  it("redirects (307) a finished run's stdout and stderr to the leading master's sandbox link, under both prefixes", async () => {
    for (const [file, prefix] of [['stdout', '/scheduler'], ['stderr', '/v1/scheduler']]) {
      const res = await server.call('GET', path('nightly', TASK, file, prefix), undefined, manual);
      expect(res.status).toBe(307);
      expect(res.headers.get('location')).toBe(sandboxUrl('http://master-1:5050', { frameworkId: 'fw-1', agentId: 'agent-7', taskId: TASK, file: file as 'stdout' }));
    }
  });

  it('finds a run whose task id carries arguments with slashes and spaces (encoded in the path)', async () => {
    const withArgs = `ct:${NOW}:1:nightly:--dir /tmp/a b`;
    api.historyMap.get('nightly')!.push(run('nightly', NOW, 5000, 'failure', { taskId: withArgs, agentId: 'agent-8' }));
    const res = await server.call('GET', path('nightly', withArgs, 'stderr'), undefined, manual);
    expect(res.status).toBe(307);
    expect(new URL(res.headers.get('location')!).searchParams.get('task_id')).toBe(withArgs);
  });

  it('redirects for a run that is still running', async () => {
    const running = `ct:${NOW + 1}:0:nightly:`;
    api.activeMap.set('nightly', [{ taskId: running, due: new Date(NOW).toISOString(), attempt: 0, arguments: '', state: 'running', agentId: 'agent-9' }]);
    const res = await server.call('GET', path('nightly', running), undefined, manual);
    expect(res.status).toBe(307);
    expect(new URL(res.headers.get('location')!).searchParams.get('agent_id')).toBe('agent-9');
  });

  it('answers 404 with a message for an unknown job, an unknown run and a run never launched', async () => {
    expect(await server.call('GET', path('nope', TASK), undefined, manual)).toMatchObject({ status: 404, body: { message: "Job 'nope' not found", status: 'Not Found' } });
    expect(await server.call('GET', path('nightly', 'ct:1:0:nightly:'), undefined, manual)).toMatchObject({
      status: 404,
      body: { message: "Run 'ct:1:0:nightly:' of job 'nightly' not found" },
    });
    api.activeMap.set('nightly', [{ taskId: 'queued-1', due: new Date(NOW).toISOString(), attempt: 0, arguments: '', state: 'queued' }]);
    const queued = await server.call('GET', path('nightly', 'queued-1'), undefined, manual);
    expect(queued).toMatchObject({ status: 404, body: { message: expect.stringMatching(/has not been launched on an agent yet/) } });
    expect((await server.call('GET', path('nightly', TASK, 'sandbox'), undefined, manual)).status).toBe(404);
  });

  it('answers 503 with a message while no master or no framework id is known', async () => {
    server.masterUrl = undefined;
    expect(await server.call('GET', path('nightly', TASK), undefined, manual)).toMatchObject({ status: 503, body: { message: expect.stringMatching(/No leading master/), status: 'Service Unavailable' } });
    server.masterUrl = 'http://master-1:5050';
    server.frameworkId = undefined;
    expect(await server.call('GET', path('nightly', TASK), undefined, manual)).toMatchObject({ status: 503, body: { message: expect.stringMatching(/framework id/) } });
  });

  it("is proxied by a standby: the leader's 307 comes back unchanged", async () => {
    const standby: HttpServer = await listenHttp(standbyHttpApp({ metrics: new Metrics(), self: 'standby:1', leaderUrl: () => server.base }), '127.0.0.1', 0);
    try {
      const res = await fetch(`http://127.0.0.1:${standby.port}${path('nightly', TASK)}`, manual);
      expect(res.status).toBe(307);
      expect(res.headers.get('location')).toBe(sandboxUrl('http://master-1:5050', { frameworkId: 'fw-1', agentId: 'agent-7', taskId: TASK, file: 'stdout' }));
    } finally {
      await standby.close();
    }
  });
});
