import { Api, NOW, startApi, storedApp, task } from './testing/harness';
import { FakeCore } from './testing/fake-core';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const V1 = '2024-01-01T00:00:00.000Z';
const V2 = '2024-02-01T00:00:00.000Z';

describe('apps routes', () => {
  let core: FakeCore;
  let api: Api;

  beforeEach(async () => {
    core = new FakeCore([
      storedApp('/prod/web', { labels: { env: 'prod', tier: 'frontend' }, instances: 2 }),
      storedApp('/prod/db', { cmd: 'postgres -D /data', labels: { env: 'prod', tier: 'backend' } }),
      storedApp('/dev/Web2'.toLowerCase(), { labels: { env: 'dev' } }),
    ]);
    core.store(storedApp('/prod/web', { labels: { env: 'prod', tier: 'frontend' }, instances: 3 }, V2));
    core.taskList = [task('/prod/web', 1), task('/prod/web', 2, { host: 'agent-x', state: 'TASK_STAGING' }), task('/prod/db', 3)];
    core.statuses.set('/prod/web', {
      tasksRunning: 1, tasksStaged: 1, deployments: [{ id: 'dep-a' }], lastTaskFailure: { taskId: 'old', state: 'TASK_FAILED' },
      readinessCheckResults: [{ name: 'readinessCheck', taskId: 't1', ready: false }],
    });
    api = await startApi(core);
  });

  afterEach(async () => {
    await api?.close();
    expect(api.errors).toEqual([]); // nothing became a 500
  });

  const ids = (body: unknown) => ((body as Json).apps as Json[]).map((a) => a.id);
  const writes = () => core.calls.filter((c) => c.op !== 'resetDelay');

  describe('GET /v2/apps', () => {
    it('lists apps with counts and deployments, tasks only when embedded', async () => {
      const res = await api.call('GET', '/v2/apps');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8'); // as res.json answers
      expect(res.headers.get('etag')).toMatch(/^W\/"/);
      expect(ids(res.body)).toEqual(['/prod/web', '/prod/db', '/dev/web2']);
      const web = (res.body as Json).apps[0];
      expect(web).toMatchObject({ id: '/prod/web', instances: 3, cmd: 'sleep 100', version: V2, tasksRunning: 1, tasksStaged: 1, tasksHealthy: 0, tasksUnhealthy: 0, deployments: [{ id: 'dep-a' }] });
      expect(web).not.toHaveProperty('tasks');
      expect(web).not.toHaveProperty('lastTaskFailure');
      expect(Object.keys(web).slice(-5)).toEqual(['tasksStaged', 'tasksRunning', 'tasksHealthy', 'tasksUnhealthy', 'deployments']);
    });

    it('embeds tasks, lastTaskFailure and readiness on request (repeated or comma-separated)', async () => {
      const res = await api.call('GET', '/v2/apps?embed=apps.tasks&embed=apps.lastTaskFailure,apps.readiness');
      const web = (res.body as Json).apps[0];
      expect(web.tasks.map((t: Json) => t.id)).toEqual([task('/prod/web', 1).id, task('/prod/web', 2).id]);
      expect(web.lastTaskFailure).toEqual({ taskId: 'old', state: 'TASK_FAILED' });
      expect(web.readinessCheckResults).toEqual([{ name: 'readinessCheck', taskId: 't1', ready: false }]);
      const failures = (await api.call('GET', '/v2/apps?embed=apps.failures')).body as Json;
      expect(failures.apps[0]).toHaveProperty('tasks');
      expect(failures.apps[0]).toHaveProperty('lastTaskFailure');
    });

    it.each([
      ['id=WEB', ['/prod/web', '/dev/web2']],
      ['id=prod/w', ['/prod/web']],
      ['cmd=POSTGRES', ['/prod/db']],
      ['cmd=sleep&id=dev', ['/dev/web2']],
      ['label=env==prod', ['/prod/web', '/prod/db']],
      ['label=tier', ['/prod/web', '/prod/db']],
      ['label=env!=prod', ['/dev/web2']],
      ['label=' + encodeURIComponent('env in (dev, qa)'), ['/dev/web2']],
      ['label=' + encodeURIComponent('tier notin (backend),env==prod'), ['/prod/web']],
      ['label=', ['/prod/web', '/prod/db', '/dev/web2']],
    ])('filters with %s', async (query, expected) => {
      const res = await api.call('GET', `/v2/apps?${query}`);
      expect(res.status).toBe(200);
      expect(ids(res.body)).toEqual(expected);
    });

    it('answers 422 for a malformed label selector', async () => {
      const res = await api.call('GET', `/v2/apps?label=${encodeURIComponent('env in prod')}`);
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ message: 'Can not parse label selector env in prod' });
    });
  });

  describe('GET /v2/apps/{id}', () => {
    it('answers the app with tasks and lastTaskFailure always embedded', async () => {
      const res = await api.call('GET', '/v2/apps/prod/web');
      expect(res.status).toBe(200);
      const app = (res.body as Json).app;
      expect(app).toMatchObject({ id: '/prod/web', tasksRunning: 1, deployments: [{ id: 'dep-a' }], lastTaskFailure: { taskId: 'old' } });
      expect(app.tasks).toHaveLength(2);
      const db = ((await api.call('GET', '/v2/apps/prod/db/')).body as Json).app;
      expect(db.tasks).toHaveLength(1);
      expect(db).not.toHaveProperty('lastTaskFailure');
    });

    it('answers 404 for an unknown app, and for a group id', async () => {
      for (const path of ['/v2/apps/nope', '/v2/apps/prod']) {
        const res = await api.call('GET', path);
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ message: `App '${path.slice('/v2/apps'.length)}' does not exist` });
      }
    });

    it('lists the apps of a group with {group}/*', async () => {
      const res = await api.call('GET', '/v2/apps/prod/*');
      expect(res.status).toBe(200);
      expect(((res.body as Json)['*'] as Json[]).map((a) => a.id)).toEqual(['/prod/web', '/prod/db']);
      expect(((await api.call('GET', '/v2/apps/*')).body as Json)['*']).toHaveLength(3);
      const unknown = await api.call('GET', '/v2/apps/qa/*');
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({ message: "Group '/qa' does not exist" });
    });

    it('reaches apps whose id contains a reserved word before the last segment', async () => {
      core.store(storedApp('/tasks/restart/web'));
      const res = await api.call('GET', '/v2/apps/tasks/restart/web');
      expect(res.status).toBe(200);
      expect((res.body as Json).app.id).toBe('/tasks/restart/web');
      // `…/versions/{x}` is always a version lookup (as Marathon's {id:.+}/versions)
      const version = await api.call('GET', '/v2/apps/tasks/versions/web');
      expect(version.body).toEqual({ message: "App '/tasks' does not exist" });
    });
  });

  describe('POST /v2/apps', () => {
    it('creates the app: 201, Location, Marathon-Deployment-Id, AppInfo with zero counts', async () => {
      const res = await api.call('POST', '/v2/apps', { id: 'new/app', cmd: 'sleep 1', instances: 2 });
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toBe('/new/app');
      expect(res.headers.get('marathon-deployment-id')).toBe('deployment-1');
      expect(res.body).toMatchObject({
        id: '/new/app',
        instances: 2,
        version: NOW.toISOString(),
        tasksStaged: 0,
        tasksRunning: 0,
        tasksHealthy: 0,
        tasksUnhealthy: 0,
        deployments: [{ id: 'deployment-1' }],
        tasks: [],
      });
      expect(writes()).toEqual([{ op: 'createApp', app: expect.objectContaining({ id: '/new/app', version: NOW.toISOString() }), options: { force: false, clientIp: expect.any(String), uri: '/v2/apps' } }]);
    });

    it('answers 422 with the validation details and does not call the core', async () => {
      const res = await api.call('POST', '/v2/apps', { id: '/bad/tasks', cmd: 'x' });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({
        message: 'Object is not valid',
        details: [{ path: '/id', errors: ['must not end with any of the following reserved keywords: restart, tasks, versions, ., ..'] }],
      });
      const schema = await api.call('POST', '/v2/apps', { id: '/ok', cmd: 'x', cpus: -1 });
      expect(schema.status).toBe(422);
      expect((schema.body as Json).details.map((d: Json) => d.path)).toEqual(['/cpus']);
      expect(writes()).toEqual([]);
    });

    it('answers 422 for a body that is not an object and 400 for one that is not JSON', async () => {
      const missing = await api.call('POST', '/v2/apps');
      expect(missing.status).toBe(422);
      expect(missing.body).toEqual({ message: 'Object is not valid', details: [{ path: '/', errors: ['expected object'] }] });
      const broken = await api.call('POST', '/v2/apps', '{"id": ');
      expect(broken.status).toBe(400);
      expect((broken.body as Json).message).toBe('Invalid JSON');
    });

    it('answers 409 for an existing app and for a locked one; force reaches the core', async () => {
      const dup = await api.call('POST', '/v2/apps', { id: '/prod/web', cmd: 'x' });
      expect(dup.status).toBe(409);
      expect(dup.body).toEqual({ message: 'An app with id [/prod/web] already exists.' });
      core.locked.set('/locked', 'dep-9');
      const locked = await api.call('POST', '/v2/apps', { id: '/locked', cmd: 'x' });
      expect(locked.status).toBe(409);
      expect(locked.body).toMatchObject({ deployments: [{ id: 'dep-9' }] });
      expect((locked.body as Json).message).toContain("Override with the option '?force=true'");
      const forced = await api.call('POST', '/v2/apps?force=true', { id: '/locked', cmd: 'x' });
      expect(forced.status).toBe(201);
    });

    it.each(['yes', '1', ''])('answers 400 for force=%j', async (value) => {
      const res = await api.call('POST', `/v2/apps?force=${value}`, { id: '/x', cmd: 'x' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ message: `Query parameter 'force' must be 'true' or 'false', got '${value}'` });
      expect(writes()).toEqual([]);
    });
  });

  describe('PUT/PATCH /v2/apps/{id}', () => {
    it('merges a partial update (default) into the current app: 200 DeploymentResult + header', async () => {
      const res = await api.call('PUT', '/v2/apps/prod/db', { instances: 5, id: '/ignored' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ deploymentId: 'deployment-1', version: NOW.toISOString() });
      expect(res.headers.get('marathon-deployment-id')).toBe('deployment-1');
      const [call] = writes();
      expect(call).toMatchObject({ op: 'putApp', options: { force: false }, app: { id: '/prod/db', instances: 5, cmd: 'postgres -D /data', labels: { tier: 'backend' } } });
    });

    it('replaces the app with partialUpdate=false (so a missing cmd is a 422)', async () => {
      const res = await api.call('PUT', '/v2/apps/prod/db?partialUpdate=false', { instances: 5 });
      expect(res.status).toBe(422);
      expect(writes()).toEqual([]);
      const ok = await api.call('PUT', '/v2/apps/prod/db?partialUpdate=false&force=true', { cmd: 'new' });
      expect(ok.status).toBe(200);
      expect(writes()[0]).toMatchObject({ app: { cmd: 'new', labels: {} }, options: { force: true } });
    });

    it('creates an unknown app: 201 with Location', async () => {
      const res = await api.call('PUT', '/v2/apps/brand/new', { cmd: 'x' });
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toBe('/brand/new');
      expect(res.headers.get('marathon-deployment-id')).toBe('deployment-1');
    });

    it('PATCH merges and answers 404 for an unknown app', async () => {
      const res = await api.call('PATCH', '/v2/apps/prod/web', { labels: { a: 'b' } });
      expect(res.status).toBe(200);
      expect(writes()[0]).toMatchObject({ app: { instances: 3, labels: { a: 'b' } } });
      const missing = await api.call('PATCH', '/v2/apps/nope', { cmd: 'x' });
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ message: "App '/nope' does not exist" });
    });

    it('rolls back to a stored version with a {version} body', async () => {
      const res = await api.call('PUT', '/v2/apps/prod/web', { version: V1 });
      expect(res.status).toBe(200);
      expect(writes()[0]).toMatchObject({ op: 'putApp', app: { id: '/prod/web', instances: 2, version: NOW.toISOString() } });
      const unknown = await api.call('PUT', '/v2/apps/prod/web', { version: '2000-01-01T00:00:00.000Z' });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({ message: "App '/prod/web' does not exist in version 2000-01-01T00:00:00.000Z" });
      const noApp = await api.call('PUT', '/v2/apps/nope', { version: V1 });
      expect(noApp.status).toBe(404);
    });

    it('answers 409 with deployments when the app is locked', async () => {
      core.locked.set('/prod/web', 'dep-7');
      const res = await api.call('PUT', '/v2/apps/prod/web', { instances: 1 });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ deployments: [{ id: 'dep-7' }] });
    });
  });

  describe('PUT/PATCH /v2/apps', () => {
    it('updates and creates several apps', async () => {
      const res = await api.call('PUT', '/v2/apps', [{ id: '/prod/web', instances: 9 }, { id: 'other', cmd: 'x' }]);
      expect(res.status).toBe(200);
      expect(res.headers.get('marathon-deployment-id')).toBe('deployment-2');
      expect(writes().map((c) => c.op === 'putApp' && [c.app.id, c.app.instances, c.app.cmd])).toEqual([
        ['/prod/web', 9, 'sleep 100'],
        ['/other', 1, 'x'],
      ]);
    });

    it('validates every element first: 422 with element paths and nothing written', async () => {
      const res = await api.call('PUT', '/v2/apps', [{ id: '/prod/web', instances: 1 }, { id: '/x', cpus: 'lots' }, { cmd: 'no id' }]);
      expect(res.status).toBe(422);
      const paths = (res.body as Json).details.map((d: Json) => d.path);
      expect(paths).toEqual(expect.arrayContaining(['/(1)/cpus', '/(2)/id']));
      expect(writes()).toEqual([]);
      const notArray = await api.call('PUT', '/v2/apps', { id: '/x' });
      expect(notArray.status).toBe(422);
    });

    it('PATCH requires every app to exist', async () => {
      const res = await api.call('PATCH', '/v2/apps', [{ id: '/prod/web', instances: 1 }, { id: '/nope', instances: 1 }]);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: "App '/nope' does not exist" });
      expect(writes()).toEqual([]);
    });
  });

  describe('DELETE /v2/apps/{id}, restart', () => {
    it('deletes with force defaulting to true', async () => {
      const res = await api.call('DELETE', '/v2/apps/prod/web');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ deploymentId: 'deployment-1', version: expect.any(String) });
      expect(res.headers.get('marathon-deployment-id')).toBe('deployment-1');
      await api.call('DELETE', '/v2/apps/prod/db?force=false');
      expect(writes()).toEqual([
        { op: 'deleteApp', id: '/prod/web', options: { force: true, clientIp: expect.any(String), uri: '/v2/apps/prod/web' } },
        { op: 'deleteApp', id: '/prod/db', options: { force: false, clientIp: expect.any(String), uri: '/v2/apps/prod/db?force=false' } },
      ]);
      expect((await api.call('DELETE', '/v2/apps/prod/web')).status).toBe(404);
    });

    it('restarts with force defaulting to false; 404 for unknown apps; 409 when locked', async () => {
      const res = await api.call('POST', '/v2/apps/prod/web/restart');
      expect(res.status).toBe(200);
      expect(res.headers.get('marathon-deployment-id')).toBe('deployment-1');
      expect(writes()).toEqual([{ op: 'restartApp', id: '/prod/web', options: { force: false, clientIp: expect.any(String), uri: '/v2/apps/prod/web/restart' } }]);
      expect((await api.call('POST', '/v2/apps/nope/restart')).status).toBe(404);
      core.locked.set('/prod/web', 'dep-1');
      expect((await api.call('POST', '/v2/apps/prod/web/restart')).status).toBe(409);
      expect((await api.call('POST', '/v2/apps/prod/web/restart?force=true')).status).toBe(200);
    });

    it('answers "URI not found" for a POST to an app id', async () => {
      const res = await api.call('POST', '/v2/apps/prod/web', { cmd: 'x' });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'URI not found' });
    });
  });

  describe('versions', () => {
    it('lists versions newest first and answers one version', async () => {
      const list = await api.call('GET', '/v2/apps/prod/web/versions');
      expect(list.status).toBe(200);
      expect(list.body).toEqual({ versions: [V2, V1] });
      const one = await api.call('GET', `/v2/apps/prod/web/versions/${V1}`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ id: '/prod/web', instances: 2, version: V1 });
      expect(one.body).not.toHaveProperty('tasksRunning');
    });

    it('answers 404 for unknown apps and versions', async () => {
      expect((await api.call('GET', '/v2/apps/nope/versions')).body).toEqual({ message: "App '/nope' does not exist" });
      const res = await api.call('GET', '/v2/apps/prod/web/versions/2000-01-01T00:00:00.000Z');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: "App '/prod/web' does not exist in version 2000-01-01T00:00:00.000Z" });
    });
  });

  describe('app tasks', () => {
    it('lists the tasks of an app', async () => {
      const res = await api.call('GET', '/v2/apps/prod/web/tasks');
      expect(res.status).toBe(200);
      expect((res.body as Json).tasks.map((t: Json) => t.id)).toEqual([task('/prod/web', 1).id, task('/prod/web', 2).id]);
      expect((await api.call('GET', '/v2/apps/nope/tasks')).status).toBe(404);
    });

    it('kills the tasks of an app (optionally on one host) and answers them', async () => {
      const all = await api.call('DELETE', '/v2/apps/prod/web/tasks');
      expect(all.status).toBe(200);
      expect((all.body as Json).tasks).toHaveLength(2);
      expect(all.headers.get('marathon-deployment-id')).toBeNull();
      const host = await api.call('DELETE', '/v2/apps/prod/web/tasks?host=agent-x&force=true');
      expect((host.body as Json).tasks.map((t: Json) => t.host)).toEqual(['agent-x']);
      expect(writes()).toEqual([
        { op: 'killTasks', appId: '/prod/web', request: { scale: false, force: false } },
        { op: 'killTasks', appId: '/prod/web', request: { host: 'agent-x', scale: false, force: true } },
      ]);
    });

    it('answers a DeploymentResult with scale=true', async () => {
      const res = await api.call('DELETE', '/v2/apps/prod/web/tasks?scale=true');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ deploymentId: 'deployment-1', version: expect.any(String) });
      expect(res.headers.get('marathon-deployment-id')).toBe('deployment-1');
    });

    it('answers 400 for scale with wipe, and ignores wipe otherwise', async () => {
      const res = await api.call('DELETE', '/v2/apps/prod/web/tasks?scale=true&wipe=true');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ message: 'You cannot use scale and wipe at the same time.' });
      expect(writes()).toEqual([]);
      expect((await api.call('DELETE', '/v2/apps/prod/web/tasks?wipe=true')).status).toBe(200);
      expect((await api.call('DELETE', '/v2/apps/prod/web/tasks?wipe=maybe')).status).toBe(400);
    });

    it('kills one task: {task}, DeploymentResult with scale, 404 for unknown tasks', async () => {
      const id = task('/prod/web', 2).id;
      const res = await api.call('DELETE', `/v2/apps/prod/web/tasks/${id}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ task: expect.objectContaining({ id, host: 'agent-x' }) });
      expect(writes()).toEqual([{ op: 'killTasks', appId: '/prod/web', request: { taskIds: [id], scale: false, force: false } }]);
      const scaled = await api.call('DELETE', `/v2/apps/prod/web/tasks/${id}?scale=true`);
      expect(scaled.headers.get('marathon-deployment-id')).toBe('deployment-1');
      const other = task('/prod/db', 3).id; // a task of another app
      const missing = await api.call('DELETE', `/v2/apps/prod/web/tasks/${other}`);
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ message: `Task '${other}' does not exist` });
      expect((await api.call('DELETE', `/v2/apps/nope/tasks/${id}`)).body).toEqual({ message: "App '/nope' does not exist" });
    });
  });
});
