import { MemoryStore } from '@strato/coordination';
import type { GroupDefinition } from '@strato/app-definition';
import { MarathonRepository } from '../state';
import { app, harness, noForce, T0 } from './test-harness';

const force = { force: true };
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function group(id: string, apps: GroupDefinition['apps'], seconds: number): GroupDefinition {
  return { id, apps, groups: [], dependencies: [], version: at(seconds), enforceRole: false };
}

describe('group versions, rollback and PATCH', () => {
  it('every write stores a root version; groups list the versions they existed in, newest first', async () => {
    const store = new MemoryStore();
    const h = await harness(store);
    await h.handle.core.putGroup(group('/g', [app('/g/web', { cmd: 'sleep 1' }, 1)], 1), noForce);
    await h.handle.core.putApp(app('/other', {}, 2), noForce);
    h.clock.advance(3000);
    await h.handle.core.deleteGroup('/g', force);
    expect(h.handle.core.groupVersions('/')).toEqual([at(3), at(2), at(1)]);
    expect(h.handle.core.groupVersions('/g')).toEqual([at(2), at(1)]);
    expect(h.handle.core.groupVersions('/nope')).toBeUndefined();
    expect(h.handle.core.groupVersion('/g', at(1))?.apps.map((a) => [a.id, a.cmd])).toEqual([['/g/web', 'sleep 1']]);
    expect(h.handle.core.groupVersion('/g', at(3))).toBeUndefined();
    // Persisted: a restarted Marathon sees the same versions.
    const reloaded = await MarathonRepository.load(store);
    expect(reloaded.groupVersions('/g')).toEqual([at(2), at(1)]);
  });

  it('PUT with only a version rolls the subtree back in one deployment (changed app restamped, deleted app revived)', async () => {
    const h = await harness();
    await h.handle.core.putGroup(group('/g', [app('/g/web', { cmd: 'sleep 1' }, 1), app('/g/db', {}, 1)], 1), noForce);
    await h.handle.core.putGroup(group('/g', [app('/g/web', { cmd: 'sleep 2', instances: 3 }, 5)], 5), force);
    expect(h.handle.core.app('/g/db')).toBeUndefined();
    h.clock.advance(10_000);
    const result = await h.handle.core.rollbackGroup('/g', at(1), force);
    expect(result.version).toBe(at(10));
    expect(h.handle.core.app('/g/web')).toMatchObject({ cmd: 'sleep 1', instances: 1, version: at(10) });
    expect(h.handle.core.app('/g/db')).toMatchObject({ version: at(10), versionInfo: { lastConfigChangeAt: at(10) } });
    expect(h.handle.core.deployments().map((d) => d.id)).toContain(result.deploymentId);
    expect(h.handle.core.groupVersions('/g')?.[0]).toBe(at(10));
    await expect(h.handle.core.rollbackGroup('/g', at(99), force)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `Group '/g' not available in version ${at(99)}`,
    });
  });

  it('rolls back to a version holding an app deleted since, after a restart too', async () => {
    const store = new MemoryStore();
    const h = await harness(store);
    await h.handle.core.putGroup(group('/g', [app('/g/web', {}, 1), app('/g/db', { cmd: 'db 1' }, 1)], 1), noForce);
    await h.handle.core.putGroup(group('/g', [app('/g/web', {}, 1)], 5), force);
    expect(h.handle.core.app('/g/db')).toBeUndefined();
    expect(h.handle.core.versions('/g/db')).toBeUndefined();
    const restarted = await harness(store);
    restarted.clock.advance(10_000);
    await restarted.handle.core.rollbackGroup('/g', at(1), force);
    expect(restarted.handle.core.app('/g/db')).toMatchObject({ cmd: 'db 1', version: at(10) });
  });

  it('PATCH sets enforceRole, persisted, without a deployment or a restart', async () => {
    const store = new MemoryStore();
    const h = await harness(store);
    await h.handle.core.putGroup(group('/g', [app('/g/web', {}, 1)], 1), noForce);
    await h.offer('o1');
    await h.statusAll('TASK_RUNNING');
    const launched = h.driver.tasks().length;
    h.clock.advance(1000);
    const patched = await h.handle.core.patchGroup('/g', true, noForce);
    expect(patched).toMatchObject({ id: '/g', enforceRole: true, apps: [{ id: '/g/web' }] });
    await h.handle.idle();
    expect(h.handle.core.deployments()).toEqual([]);
    expect(h.driver.tasks()).toHaveLength(launched);
    expect(h.driver.kills).toEqual([]);
    expect((await MarathonRepository.load(store)).group('/g')).toMatchObject({ enforceRole: true });
    await expect(h.handle.core.patchGroup('/nope', true, noForce)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
