import type { DeploymentInfoJson } from '@strato/deployment-planner';
import { appIdOfTask } from './tasks-routes';
import { FakeCore } from './testing/fake-core';
import { Api, startApi, storedApp, task } from './testing/harness';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DEPLOYMENT: DeploymentInfoJson = {
  id: 'dep-1',
  version: '2024-01-01T00:00:00.000Z',
  affectedApps: ['/prod/web'],
  affectedPods: [],
  steps: [{ actions: [{ action: 'ScaleApplication', app: '/prod/web' }] }],
  currentActions: [{ action: 'ScaleApplication', app: '/prod/web', readinessCheckResults: [] }],
  currentStep: 1,
  totalSteps: 1,
} as unknown as DeploymentInfoJson;

describe('tasks, deployments and queue routes', () => {
  let core: FakeCore;
  let api: Api;
  const running = task('/prod/web', 1);
  const staging = task('/prod/web', 2, { state: 'TASK_STAGING' });
  const other = task('/my.app', 3, { state: 'TASK_KILLING' });

  beforeEach(async () => {
    core = new FakeCore([storedApp('/prod/web'), storedApp('/my.app')]);
    core.taskList = [running, staging, other];
    core.deploymentList = [DEPLOYMENT];
    api = await startApi(core);
  });

  afterEach(async () => {
    await api?.close();
    expect(api.errors).toEqual([]);
  });

  const taskIds = (body: unknown) => ((body as Json).tasks as Json[]).map((t) => t.id);

  describe('GET /v2/tasks', () => {
    it.each([
      ['', [running.id, staging.id, other.id]],
      ['?status=running', [running.id]],
      ['?status=STAGING', [staging.id]],
      ['?status[]=running&status[]=staging', [running.id, staging.id]],
      ['?status=running&status[]=staging', [running.id, staging.id]],
      ['?status=bogus', [running.id, staging.id, other.id]],
    ])('%s', async (query, expected) => {
      const res = await api.call('GET', `/v2/tasks${query}`);
      expect(res.status).toBe(200);
      expect(taskIds(res.body)).toEqual(expected);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.text).toBe(JSON.stringify({ tasks: (res.body as { tasks: unknown[] }).tasks }));
    });
  });

  describe('POST /v2/tasks/delete', () => {
    it('kills tasks of several apps and answers them', async () => {
      const res = await api.call('POST', '/v2/tasks/delete', { ids: [running.id, other.id] });
      expect(res.status).toBe(200);
      expect(taskIds(res.body)).toEqual([running.id, other.id]);
      expect(core.calls).toEqual([{ op: 'killTasks', appId: undefined, request: { taskIds: [running.id, other.id], scale: false, force: false } }]);
    });

    it('answers a DeploymentResult with scale=true', async () => {
      const res = await api.call('POST', '/v2/tasks/delete?scale=true&force=true', { ids: [running.id] });
      expect(res.status).toBe(200);
      expect(res.headers.get('marathon-deployment-id')).toBe('deployment-1');
      expect(core.calls[0]).toMatchObject({ request: { scale: true, force: true } });
    });

    it.each([
      ['?scale=true&wipe=true', { ids: [running.id] }, 'You cannot use scale and wipe at the same time.'],
      ['', { ids: ['not-a-task-id'] }, "Invalid task id 'not-a-task-id'"],
      ['', { ids: 'x' }, undefined],
      ['', [running.id], undefined],
      ['?force=nope', { ids: [running.id] }, "Query parameter 'force' must be 'true' or 'false', got 'nope'"],
    ])('answers 400 for %s %j', async (query, body, message) => {
      const res = await api.call('POST', `/v2/tasks/delete${query}`, body);
      expect(res.status).toBe(400);
      if (message) expect(res.body).toEqual({ message });
      expect(core.calls).toEqual([]);
    });

    it.each([
      ['prod_web.instance-5f1c0c3e-0000-4000-8000-000000000000._app', '/prod/web'],
      ['prod_web.instance-5f1c0c3e-0000-4000-8000-000000000000._app.3', '/prod/web'],
      ['my.app.instance-5f1c0c3e-0000-4000-8000-000000000000._app', '/my.app'],
      ['web.5f1c0c3e-0000-4000-8000-000000000000', '/web'],
      ['web', undefined],
      ['.instance-x._app', undefined],
    ])('appIdOfTask(%s) = %s', (id, expected) => {
      expect(appIdOfTask(id)).toBe(expected);
    });
  });

  describe('/v2/deployments', () => {
    it('lists the deployments as an array', async () => {
      const res = await api.call('GET', '/v2/deployments');
      expect(res.status).toBe(200);
      expect(res.body).toEqual([DEPLOYMENT]);
    });

    it('rolls back (200 DeploymentResult + header) by default', async () => {
      const res = await api.call('DELETE', '/v2/deployments/dep-1');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ deploymentId: 'deployment-1', version: expect.any(String) });
      expect(res.headers.get('marathon-deployment-id')).toBe('deployment-1');
      expect(core.calls).toEqual([{ op: 'cancelDeployment', id: 'dep-1', options: { force: false } }]);
    });

    it('stops it with force=true: 202, no body', async () => {
      const res = await api.call('DELETE', '/v2/deployments/dep-1?force=true');
      expect(res.status).toBe(202);
      expect(res.text).toBe('');
      expect(core.calls).toEqual([{ op: 'cancelDeployment', id: 'dep-1', options: { force: true } }]);
    });

    it('answers 404 for an unknown deployment', async () => {
      const res = await api.call('DELETE', '/v2/deployments/nope');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'DeploymentPlan nope does not exist' });
      expect(core.calls).toEqual([]);
    });
  });

  describe('/v2/queue', () => {
    it('lists the queue', async () => {
      core.queueItems = [{ app: { id: '/prod/web' }, count: 2 }];
      const res = await api.call('GET', '/v2/queue');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ queue: [{ app: { id: '/prod/web' }, count: 2 }] });
    });

    it('resets the delay of a queued app (nested id): 204', async () => {
      core.queued.add('/prod/web');
      const res = await api.call('DELETE', '/v2/queue/prod/web/delay');
      expect(res.status).toBe(204);
      expect(core.calls).toEqual([{ op: 'resetDelay', appId: '/prod/web' }]);
    });

    it('answers 404 for an app that is not queued, and for other paths', async () => {
      const res = await api.call('DELETE', '/v2/queue/prod/db/delay');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'Application /prod/db not found in tasks queue.' });
      const other = await api.call('DELETE', '/v2/queue/prod/web');
      expect(other.body).toEqual({ message: 'URI not found' });
    });
  });
});
