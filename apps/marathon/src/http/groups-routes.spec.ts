import { Api, NOW, startApi, storedApp, task } from './testing/harness';
import { FakeCore } from './testing/fake-core';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('groups routes', () => {
  let core: FakeCore;
  let api: Api;

  beforeEach(async () => {
    core = new FakeCore([storedApp('/prod/web', { instances: 2 }), storedApp('/prod/db'), storedApp('/dev/tools/cli')]);
    core.taskList = [task('/prod/web', 1)];
    core.statuses.set('/prod/web', { tasksRunning: 1, deployments: [{ id: 'dep-a' }] });
    api = await startApi(core);
  });

  afterEach(async () => {
    await api?.close();
    expect(api.errors).toEqual([]);
  });

  const writes = () => core.calls.filter((c) => c.op === 'putGroup' || c.op === 'deleteGroup') as Json[];

  describe('GET', () => {
    it('answers the root GroupInfo tree with app counts and deployments', async () => {
      const { status, body } = await api.call('GET', '/v2/groups');
      expect(status).toBe(200);
      const root = body as Json;
      expect(Object.keys(root).sort()).toEqual(['apps', 'dependencies', 'groups', 'id', 'pods', 'version']);
      expect(root).toMatchObject({ id: '/', apps: [], pods: [], dependencies: [] });
      expect(root.groups.map((g: Json) => g.id)).toEqual(['/dev', '/prod']);
      expect(root.groups[0].groups[0]).toMatchObject({ id: '/dev/tools', apps: [{ id: '/dev/tools/cli' }] });
      const web = root.groups[1].apps.find((a: Json) => a.id === '/prod/web');
      expect(web).toMatchObject({ instances: 2, tasksRunning: 1, deployments: [{ id: 'dep-a' }] });
      expect(web.tasks).toBeUndefined();
      expect(root.groups[1].enforceRole).toBe(false);
    });

    it('GET /v2/groups/{id} answers the subtree; embed selects groups/apps and app tasks', async () => {
      const prod = await api.call('GET', '/v2/groups/prod');
      expect(prod.status).toBe(200);
      expect((prod.body as Json).apps.map((a: Json) => a.id)).toEqual(['/prod/db', '/prod/web']);

      const onlyGroups = await api.call('GET', '/v2/groups?embed=group.groups');
      expect((onlyGroups.body as Json).groups[1].apps).toEqual([]);
      expect((onlyGroups.body as Json).groups[1].id).toBe('/prod');

      const onlyApps = await api.call('GET', '/v2/groups/prod?embed=group.apps');
      expect((onlyApps.body as Json).apps).toHaveLength(2);
      const withTasks = await api.call('GET', '/v2/groups/prod?embed=group.apps&embed=group.apps.tasks');
      const web = (withTasks.body as Json).apps.find((a: Json) => a.id === '/prod/web');
      expect(web.tasks.map((t: Json) => t.id)).toEqual([task('/prod/web', 1).id]);

      const dev = await api.call('GET', '/v2/groups/dev?embed=group.apps');
      expect((dev.body as Json).groups).toEqual([]);
    });

    it('404 for an unknown group', async () => {
      const { status, body } = await api.call('GET', '/v2/groups/nope/x');
      expect(status).toBe(404);
      expect(body).toEqual({ message: "Group '/nope/x' does not exist" });
    });
  });

  describe('POST', () => {
    it('creates a group: 201, Location, DeploymentResult, request origin passed on', async () => {
      const { status, headers, body } = await api.call('POST', '/v2/groups', {
        id: 'shop',
        apps: [{ id: 'db', cmd: 'db' }, { id: 'web', cmd: 'web', dependencies: ['db'] }],
      });
      expect(status).toBe(201);
      expect(headers.get('location')).toBe('/shop');
      expect(headers.get('marathon-deployment-id')).toBe((body as Json).deploymentId);
      expect(body).toEqual({ deploymentId: 'deployment-1', version: NOW.toISOString() });
      const [call] = writes();
      expect(call.options).toMatchObject({ force: false, create: true, uri: '/v2/groups' });
      expect(typeof call.options.clientIp).toBe('string');
      expect(call.group.apps.map((a: Json) => [a.id, a.dependencies])).toEqual([['/shop/db', []], ['/shop/web', ['/shop/db']]]);
      expect(core.app('/shop/web')).toBeDefined();
    });

    it('POST /v2/groups/{id} resolves relative ids against the URL group', async () => {
      const { status } = await api.call('POST', '/v2/groups/team?force=true', { id: 'a', apps: [{ id: 'x', cmd: 'x' }] });
      expect(status).toBe(201);
      expect(writes()[0].group.id).toBe('/team/a');
      expect(writes()[0].options.force).toBe(true);
    });

    it('409 when the group exists', async () => {
      const { status, body } = await api.call('POST', '/v2/groups', { id: '/prod' });
      expect(status).toBe(409);
      expect(body).toMatchObject({ message: 'Group /prod is already created. Use PUT to change this group.' });
    });

    it('422 from validateGroup (app not a child of its group)', async () => {
      const { status, body } = await api.call('POST', '/v2/groups', { id: '/g', apps: [{ id: '/elsewhere/x', cmd: 'x' }] });
      expect(status).toBe(422);
      expect((body as Json).details[0].path).toBe('/apps(0)/id');
      expect(writes()).toEqual([]);
    });
  });

  describe('PUT', () => {
    it('updates a subtree and answers a DeploymentResult', async () => {
      const { status, headers, body } = await api.call('PUT', '/v2/groups/prod', { apps: [{ id: 'web', cmd: 'new' }] });
      expect(status).toBe(200);
      expect(headers.get('marathon-deployment-id')).toBe('deployment-1');
      expect(body).toEqual({ deploymentId: 'deployment-1', version: NOW.toISOString() });
      expect(writes()[0].group.apps.map((a: Json) => a.id)).toEqual(['/prod/web']);
      expect(core.app('/prod/db')).toBeUndefined();
    });

    it('keeps the apps of the group when the body leaves them out', async () => {
      await api.call('PUT', '/v2/groups/prod', { dependencies: ['/dev'] });
      const target = writes()[0].group;
      expect(target.apps.map((a: Json) => a.id)).toEqual(['/prod/db', '/prod/web']);
      expect(target.dependencies).toEqual(['/dev']);
    });

    it('dryRun=true answers the steps and changes nothing', async () => {
      const { status, headers, body } = await api.call('PUT', '/v2/groups?dryRun=true', { id: '/new', apps: [{ id: 'a', cmd: 'a' }] });
      expect(status).toBe(200);
      expect(headers.get('marathon-deployment-id')).toBeNull();
      expect(body).toEqual({ steps: [{ actions: [{ action: 'StartApplication', app: '/new/a' }] }] });
      expect(writes()[0].options.dryRun).toBe(true);
      expect(core.app('/new/a')).toBeUndefined();
    });

    it('scaleBy multiplies the instances of every transitive app', async () => {
      const { status } = await api.call('PUT', '/v2/groups/prod', { scaleBy: 1.5 });
      expect(status).toBe(200);
      const target = writes()[0].group;
      expect(target.apps.map((a: Json) => [a.id, a.instances])).toEqual([['/prod/db', 2], ['/prod/web', 3]]);
    });

    it('scaleBy of an unknown group is 404', async () => {
      const { status } = await api.call('PUT', '/v2/groups/nope', { scaleBy: 2 });
      expect(status).toBe(404);
    });

    it('422 for invalid content, 400 for a bad dryRun', async () => {
      expect((await api.call('PUT', '/v2/groups', { id: '/g', apps: [{ id: 'x' }] })).status).toBe(422);
      expect((await api.call('PUT', '/v2/groups?dryRun=maybe', { id: '/g' })).status).toBe(400);
    });
  });

  describe('DELETE', () => {
    it('deletes a group and its apps', async () => {
      const { status, headers, body } = await api.call('DELETE', '/v2/groups/prod');
      expect(status).toBe(200);
      expect(headers.get('marathon-deployment-id')).toBe('deployment-1');
      expect((body as Json).deploymentId).toBe('deployment-1');
      expect(writes()[0]).toMatchObject({ op: 'deleteGroup', id: '/prod', options: { force: false } });
      expect(core.apps().map((a) => a.id)).toEqual(['/dev/tools/cli']);
    });

    it('DELETE /v2/groups deletes everything; unknown group is 404', async () => {
      expect((await api.call('DELETE', '/v2/groups/nope')).status).toBe(404);
      expect((await api.call('DELETE', '/v2/groups')).status).toBe(200);
      expect(core.apps()).toEqual([]);
    });
  });
});
