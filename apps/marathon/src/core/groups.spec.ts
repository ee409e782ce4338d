import { scaleGroup, type GroupDefinition } from '@strato/app-definition';
import { app, harness, noForce, T0 } from './test-harness';

const V1 = new Date(T0 + 1000).toISOString();

function group(id: string, apps: GroupDefinition['apps'], extra: Partial<GroupDefinition> = {}): GroupDefinition {
  return { id, apps, groups: [], dependencies: [], version: V1, ...extra };
}

/** /g with db and web, web depending on db. */
function dbAndWeb(): GroupDefinition {
  return group('/g', [app('/g/db', {}, 1), app('/g/web', { dependencies: ['/g/db'] }, 1)], { enforceRole: false });
}

const stepApps = (steps: readonly { actions: readonly { app: string }[] }[]) => steps.map((s) => s.actions.map((a) => a.app));

describe('group writes', () => {
  it('deploys a group in dependency order: web only after db is running', async () => {
    const h = await harness();
    const result = await h.handle.core.putGroup(dbAndWeb(), noForce);
    await h.handle.idle();
    expect(result.deploymentId).not.toBe('');
    // Start (0 instances) both, then scale db, then web.
    expect(h.handle.core.deployments()[0].steps).toEqual([
      { actions: [{ action: 'StartApplication', app: '/g/db' }, { action: 'StartApplication', app: '/g/web' }] },
      { actions: [{ action: 'ScaleApplication', app: '/g/db' }] },
      { actions: [{ action: 'ScaleApplication', app: '/g/web' }] },
    ]);
    expect(h.repository.group('/g')).toMatchObject({ id: '/g', dependencies: [], version: V1 });

    await h.offer('o1');
    // Only db launched: web waits for db's step.
    expect(h.driver.tasks().map((t) => t.taskId.split('.')[0])).toEqual(['g_db']);
    await h.statusAll('TASK_RUNNING');
    await h.offer('o2');
    expect(h.driver.tasks().map((t) => t.taskId.split('.')[0])).toEqual(['g_db', 'g_web']);
    await h.statusAll('TASK_RUNNING');
    expect(h.handle.core.deployments()).toEqual([]);
    expect(h.handle.core.group('/g')?.apps.map((a) => a.id)).toEqual(['/g/db', '/g/web']);
    expect(h.events.find((e) => e.eventType === 'group_change_success')).toMatchObject({ groupId: '/g', version: V1 });
    expect(h.events.some((e) => e.eventType === 'api_post_event')).toBe(false);
  });

  it('create refuses an existing group; PUT replaces the subtree (removed app stopped, unchanged app kept)', async () => {
    const h = await harness();
    await h.handle.core.putGroup(dbAndWeb(), noForce);
    await h.offer('o1');
    await h.statusAll('TASK_RUNNING');
    await h.offer('o2');
    await h.statusAll('TASK_RUNNING');
    await expect(h.handle.core.putGroup(dbAndWeb(), { force: false, create: true })).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
      message: 'Group /g is already created. Use PUT to change this group.',
    });
    const dbVersion = h.handle.core.app('/g/db')!.version;
    const V2 = new Date(T0 + 5000).toISOString();
    await h.handle.core.putGroup({ ...group('/g', [app('/g/db', {}, 5)]), version: V2 }, noForce);
    await h.handle.idle();
    expect(stepApps(h.handle.core.deployments()[0].steps)).toEqual([['/g/web']]);
    expect(h.handle.core.app('/g/web')).toBeUndefined();
    expect(h.handle.core.app('/g/db')!.version).toBe(dbVersion);
    expect(h.driver.kills).toHaveLength(1);
  });

  it('dryRun plans without persisting or deploying', async () => {
    const h = await harness();
    const result = await h.handle.core.putGroup(dbAndWeb(), { force: false, dryRun: true });
    await h.handle.idle();
    expect(result.deploymentId).toBe('');
    expect(result.steps.flatMap((s) => s.actions.map((a) => a.app))).toEqual(expect.arrayContaining(['/g/db', '/g/web']));
    expect(h.handle.core.apps()).toEqual([]);
    expect(h.handle.core.deployments()).toEqual([]);
    expect(h.repository.groups()).toEqual([]);
  });

  it('deleting a group stops all its apps and drops the group records', async () => {
    const h = await harness();
    await h.handle.core.createApp(app('/other'), noForce);
    await h.handle.core.putGroup({ ...dbAndWeb(), groups: [group('/g/sub', [app('/g/sub/x')])] }, noForce);
    for (const o of ['o1', 'o2', 'o3']) {
      await h.offer(o);
      await h.statusAll('TASK_RUNNING');
    }
    expect(h.driver.tasks()).toHaveLength(4);
    const groupTasks = h.driver.tasks().filter((t) => t.taskId.startsWith('g_')).map((t) => t.taskId);
    const result = await h.handle.core.deleteGroup('/g', noForce);
    await h.handle.idle();
    expect(result).toEqual({ deploymentId: expect.any(String), version: new Date(h.clock.now()).toISOString() });
    expect([...h.driver.kills].sort()).toEqual([...groupTasks].sort());
    expect(h.handle.core.apps().map((a) => a.id)).toEqual(['/other']);
    expect(h.repository.groups()).toEqual([]);
    expect(h.handle.core.group('/g')).toBeUndefined();
    await expect(h.handle.core.deleteGroup('/g', noForce)).rejects.toMatchObject({ code: 'NOT_FOUND', message: "Group '/g' does not exist" });
  });

  it('scaleBy multiplies the instances of every transitive app', async () => {
    const h = await harness();
    await h.handle.core.putGroup({ ...dbAndWeb(), groups: [group('/g/sub', [app('/g/sub/x', { instances: 2 })])] }, noForce);
    for (const o of ['o1', 'o2', 'o3']) {
      await h.offer(o);
      await h.statusAll('TASK_RUNNING');
    }
    expect(h.handle.core.deployments()).toEqual([]);
    const scaled = scaleGroup(h.handle.core.group('/g')!, 1.5, T0 + 60_000);
    await h.handle.core.putGroup(scaled, noForce);
    await h.handle.idle();
    expect(h.handle.core.apps().map((a) => [a.id, a.instances])).toEqual([['/g/db', 2], ['/g/sub/x', 3], ['/g/web', 2]]);
    const db = h.handle.core.app('/g/db')!;
    expect(db.versionInfo.lastConfigChangeAt).toBe(new Date(T0 + 1000).toISOString());
    expect(db.versionInfo.lastScalingAt).toBe(new Date(T0 + 60_000).toISOString());
    expect(h.handle.core.deployments()[0].steps.flatMap((s) => s.actions.map((a) => a.action))).toEqual(
      expect.arrayContaining(['ScaleApplication']),
    );
  });

  it('app writes from the API publish api_post_event with the app JSON', async () => {
    const h = await harness();
    await h.handle.core.createApp(app('/web'), { force: false, clientIp: '10.0.0.9', uri: '/v2/apps' });
    await h.handle.core.deleteApp('/web', { force: true, clientIp: '10.0.0.9', uri: '/v2/apps/web' });
    await h.handle.core.createApp(app('/quiet'), noForce);
    const posts = h.events.filter((e) => e.eventType === 'api_post_event');
    expect(posts).toMatchObject([
      { clientIp: '10.0.0.9', uri: '/v2/apps', appDefinition: { id: '/web', cmd: 'sleep 100', instances: 1 } },
      { clientIp: '10.0.0.9', uri: '/v2/apps/web', appDefinition: { id: '/web' } },
    ]);
  });
});
