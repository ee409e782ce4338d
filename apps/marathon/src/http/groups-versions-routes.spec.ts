import { buildRootGroup } from '../state';
import { Api, startApi, storedApp } from './testing/harness';
import { FakeCore } from './testing/fake-core';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const V1 = '2024-01-01T00:00:00.000Z';
const V2 = '2024-02-01T00:00:00.000Z';

describe('groups routes: versions, rollback, PATCH', () => {
  let core: FakeCore;
  let api: Api;

  beforeEach(async () => {
    const web1 = storedApp('/prod/web', { instances: 1, cmd: 'sleep 1' }, V1);
    const web2 = storedApp('/prod/web', { instances: 3, cmd: 'sleep 2' }, V2);
    core = new FakeCore([web2, storedApp('/dev/tools/cli')]);
    core.rootVersions.set(V1, { ...buildRootGroup([web1], []), version: V1 });
    core.rootVersions.set(V2, { ...buildRootGroup([web2, storedApp('/dev/tools/cli')], []), version: V2 });
    api = await startApi(core);
  });

  afterEach(async () => {
    await api?.close();
    expect(api.errors).toEqual([]);
  });

  describe('GET versions', () => {
    it('lists the root versions (plain array, newest first) and those a group existed in', async () => {
      expect(await api.call('GET', '/v2/groups/versions')).toMatchObject({ status: 200, body: [V2, V1] });
      expect((await api.call('GET', '/v2/groups/prod/versions')).body).toEqual([V2, V1]);
      expect((await api.call('GET', '/v2/groups/dev/tools/versions')).body).toEqual([V2]);
    });

    it('404 for a group that neither exists nor existed', async () => {
      const { status, body } = await api.call('GET', '/v2/groups/nope/versions');
      expect(status).toBe(404);
      expect(body).toEqual({ message: "Group '/nope' does not exist" });
    });

    it('GET /v2/groups/{id}/versions/{v} answers the GroupInfo of that version, 404 when absent', async () => {
      const { status, body } = await api.call('GET', `/v2/groups/prod/versions/${V1}`);
      expect(status).toBe(200);
      expect((body as Json).id).toBe('/prod');
      expect((body as Json).apps.map((a: Json) => [a.id, a.instances, a.cmd])).toEqual([['/prod/web', 1, 'sleep 1']]);
      const root = await api.call('GET', `/v2/groups/versions/${V1}`);
      expect((root.body as Json).version).toBe(V1);
      const missing = await api.call('GET', `/v2/groups/dev/versions/${V1}`);
      expect(missing).toMatchObject({ status: 404, body: { message: `Group '/dev' not available in version ${V1}` } });
    });
  });

  describe('PUT with only version (rollback)', () => {
    it('rolls the subtree back in one deployment with the header', async () => {
      const { status, headers, body } = await api.call('PUT', '/v2/groups/prod', { version: V1 });
      expect(status).toBe(200);
      expect(headers.get('marathon-deployment-id')).toBe('deployment-1');
      expect(body).toEqual({ deploymentId: 'deployment-1', version: expect.any(String) });
      expect(core.calls[0]).toMatchObject({ op: 'rollbackGroup', id: '/prod', version: V1, options: { force: false } });
      expect(core.app('/prod/web')).toMatchObject({ instances: 1, cmd: 'sleep 1' });
    });

    it('dryRun answers the steps; an unknown version is 404', async () => {
      const dry = await api.call('PUT', `/v2/groups/prod?dryRun=true`, { version: V1 });
      expect(dry.status).toBe(200);
      expect((dry.body as Json).steps).toHaveLength(1);
      expect(core.app('/prod/web')?.instances).toBe(3);
      const unknown = await api.call('PUT', '/v2/groups/prod', { version: '2023-01-01T00:00:00.000Z' });
      expect(unknown).toMatchObject({ status: 404, body: { message: "Group '/prod' not available in version 2023-01-01T00:00:00.000Z" } });
    });
  });

  describe('PATCH', () => {
    it('sets enforceRole of a top-level group and answers the group', async () => {
      const { status, body } = await api.call('PATCH', '/v2/groups/prod', { enforceRole: true });
      expect(status).toBe(200);
      expect(body).toMatchObject({ id: '/prod', enforceRole: true, apps: [{ id: '/prod/web' }] });
      expect(core.calls).toEqual([expect.objectContaining({ op: 'patchGroup', id: '/prod', enforceRole: true })]);
      expect(core.group('/prod')?.enforceRole).toBe(true);
    });

    it('422 for nested groups, the root, unknown fields and non-booleans; 404 for unknown groups', async () => {
      const nested = await api.call('PATCH', '/v2/groups/dev/tools', { enforceRole: true });
      expect(nested.status).toBe(422);
      expect((nested.body as Json).details).toEqual([{ path: '/enforceRole', errors: ['enforceRole can only be set for top-level groups, and /dev/tools is not top-level'] }]);
      expect((await api.call('PATCH', '/v2/groups', { enforceRole: true })).status).toBe(422);
      const unknown = await api.call('PATCH', '/v2/groups/prod', { enforceRole: true, dependencies: [] });
      expect(unknown).toMatchObject({ status: 422, body: { details: [{ path: '/dependencies' }] } });
      expect((await api.call('PATCH', '/v2/groups/prod', { enforceRole: 'yes' })).status).toBe(422);
      expect((await api.call('PATCH', '/v2/groups/nope', { enforceRole: true })).status).toBe(404);
      expect(core.calls).toEqual([]);
    });
  });
});
