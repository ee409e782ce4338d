import { FileStore, KeyValueStore, MemoryStore } from '@strato/coordination';
import { MarathonRepository } from './repository';
import { app, deployment, FailingStore, instance, iso } from './test-fixtures';
import { tempDir } from '@strato/testing';

interface Backing {
  store: KeyValueStore;
  /** The same durable state seen by a fresh store object (a restarted process). */
  reopen(): KeyValueStore;
}

const backings: [string, () => Backing][] = [
  ['MemoryStore', () => {
    const store = new MemoryStore();
    return { store, reopen: () => store };
  }],
  ['FileStore', () => {
    const dir = tempDir('strato-marathon-state-');
    return { store: new FileStore(dir), reopen: () => new FileStore(dir) };
  }],
];

/** Everything a reader can see, for comparing a repository with its reloaded self. */
function snapshot(repo: MarathonRepository) {
  return {
    apps: repo.apps(),
    versions: Object.fromEntries(repo.apps().map((a) => [a.id, repo.versions(a.id)])),
    groups: repo.groups(),
    root: repo.rootGroup(),
    instances: repo.instances(),
    deployments: repo.deployments(),
  };
}

describe.each(backings)('MarathonRepository on %s', (_name, make) => {
  let backing: Backing;
  beforeEach(() => {
    backing = make();
  });

  it('round-trips apps, and stores each put as a version', async () => {
    const repo = await MarathonRepository.load(backing.store);
    const v1 = app('/prod/web', 1);
    const v2 = app('/prod/web', 2, { instances: 3 });
    await repo.putApp(v1);
    await repo.putApp(v2);
    await repo.putApp(app('/db', 5));
    expect(repo.app('/prod/web')).toEqual(v2);
    expect(repo.app('prod/web/')).toEqual(v2);
    expect(repo.apps().map((a) => a.id)).toEqual(['/db', '/prod/web']);
    expect(repo.appVersion('/prod/web', iso(1))).toEqual(v1);
    expect(repo.appVersion('/prod/web', iso(2))?.instances).toBe(3);
    expect(repo.appVersion('/prod/web', iso(9))).toBeUndefined();
    expect(repo.app('/nope')).toBeUndefined();
    expect(repo.versions('/nope')).toBeUndefined();
    expect(await backing.store.children('apps')).toEqual(['db', 'prod_web']);
    expect(await backing.store.children('apps/prod_web/versions')).toEqual([iso(1), iso(2)]);
  });

  it('lists versions newest first', async () => {
    const repo = await MarathonRepository.load(backing.store);
    for (const s of [1, 30, 2, 400]) await repo.putApp(app('/web', s));
    expect(repo.versions('/web')).toEqual([iso(400), iso(30), iso(2), iso(1)]);
  });

  it('keeps at most maxVersions versions, pruning the oldest from the store too', async () => {
    const repo = await MarathonRepository.load(backing.store, { maxVersions: 3 });
    for (let s = 1; s <= 5; s++) await repo.putApp(app('/web', s));
    expect(repo.versions('/web')).toEqual([iso(5), iso(4), iso(3)]);
    expect(repo.appVersion('/web', iso(2))).toBeUndefined();
    expect(await backing.store.children('apps/web/versions')).toEqual([iso(3), iso(4), iso(5)]);
    expect((await MarathonRepository.load(backing.reopen(), { maxVersions: 3 })).versions('/web')).toHaveLength(3);
  });

  it('never prunes the current version, even when it is older than the others', async () => {
    const repo = await MarathonRepository.load(backing.store, { maxVersions: 2 });
    for (const s of [5, 6, 1]) await repo.putApp(app('/web', s));
    expect(repo.app('/web')?.version).toBe(iso(1));
    expect(repo.versions('/web')).toEqual([iso(6), iso(1)]);
  });

  it('prunes at load when maxVersions was lowered', async () => {
    const repo = await MarathonRepository.load(backing.store);
    for (let s = 1; s <= 4; s++) await repo.putApp(app('/web', s));
    const reloaded = await MarathonRepository.load(backing.reopen(), { maxVersions: 2 });
    expect(reloaded.versions('/web')).toEqual([iso(4), iso(3)]);
    expect(await backing.reopen().children('apps/web/versions')).toEqual([iso(3), iso(4)]);
  });

  it('deletes an app with all its versions', async () => {
    const repo = await MarathonRepository.load(backing.store);
    await repo.putApp(app('/web', 1));
    await repo.putApp(app('/web', 2));
    await repo.putApp(app('/db', 1));
    expect(await repo.deleteApp('/web')).toBe(true);
    expect(await repo.deleteApp('/web')).toBe(false);
    expect(repo.app('/web')).toBeUndefined();
    expect(repo.versions('/web')).toBeUndefined();
    expect(repo.appVersion('/web', iso(1))).toBeUndefined();
    expect(await backing.store.children('apps')).toEqual(['db']);
    expect(await backing.store.children('apps/web/versions')).toEqual([]);
    await repo.putApp(app('/web', 7));
    expect(repo.versions('/web')).toEqual([iso(7)]);
  });

  it('keeps the versions a root version references: prune skips them, deleteApp leaves them stored', async () => {
    const repo = await MarathonRepository.load(backing.store, { maxVersions: 2 });
    await repo.putApp(app('/web', 1));
    await repo.putRootVersion(iso(1));
    for (let s = 2; s <= 4; s++) await repo.putApp(app('/web', s));
    expect(repo.versions('/web')).toEqual([iso(4), iso(3), iso(1)]);
    expect(await repo.deleteApp('/web')).toBe(true);
    expect(repo.versions('/web')).toBeUndefined();
    expect(await backing.store.get('apps/web')).toBeUndefined();
    expect(await backing.store.children('apps/web/versions')).toEqual([iso(1)]);
    const reloaded = await MarathonRepository.load(backing.reopen(), { maxVersions: 2 });
    expect(reloaded.versions('/web')).toBeUndefined();
    expect(reloaded.groupAt('/', iso(1))?.apps.map((a) => a.version)).toEqual([iso(1)]);
  });

  it('round-trips explicit groups', async () => {
    const repo = await MarathonRepository.load(backing.store);
    await repo.putGroup({ id: '/prod', dependencies: ['/db'], enforceRole: true, version: iso(1) });
    await repo.putGroup({ id: '/', dependencies: [], version: iso(2) });
    expect(repo.groups()).toEqual([
      { id: '/', dependencies: [], version: iso(2) },
      { id: '/prod', dependencies: ['/db'], enforceRole: true, version: iso(1) },
    ]);
    expect(await backing.store.children('groups')).toEqual(['_', 'prod']);
    expect(await repo.deleteGroup('/prod')).toBe(true);
    expect(await repo.deleteGroup('/prod')).toBe(false);
    expect(repo.group('/prod')).toBeUndefined();
    expect(await backing.store.children('groups')).toEqual(['_']);
  });

  it('builds the root group from apps and group records, rebuilding it after writes', async () => {
    const repo = await MarathonRepository.load(backing.store);
    await repo.putApp(app('/prod/web', 3));
    await repo.putApp(app('/prod/db/pg', 5));
    await repo.putApp(app('/tool', 1));
    await repo.putGroup({ id: '/prod', dependencies: ['/tool'], enforceRole: true, version: iso(2) });
    await repo.putGroup({ id: '/empty', dependencies: [], version: iso(9) });
    const root = repo.rootGroup();
    expect(root).toMatchObject({ id: '/', dependencies: [], version: iso(9) });
    expect(root.apps.map((a) => a.id)).toEqual(['/tool']);
    expect(root.groups.map((g) => [g.id, g.version, g.enforceRole])).toEqual([
      ['/empty', iso(9), false],
      ['/prod', iso(5), true],
    ]);
    const prod = root.groups[1];
    expect(prod).toMatchObject({ id: '/prod', dependencies: ['/tool'], enforceRole: true });
    expect(prod.apps.map((a) => a.id)).toEqual(['/prod/web']);
    expect(prod.groups.map((g) => [g.id, g.apps.map((a) => a.id), g.version, g.enforceRole])).toEqual([
      ['/prod/db', ['/prod/db/pg'], iso(5), undefined],
    ]);
    await repo.deleteApp('/tool');
    expect(repo.rootGroup().apps).toEqual([]);
  });

  it('round-trips instances and finds them by app', async () => {
    const repo = await MarathonRepository.load(backing.store);
    await repo.putInstance(instance('web.instance-1', '/web'));
    await repo.putInstance(instance('web.instance-2', '/web', { healthy: true, agentId: 'a1', hostname: 'h1' }));
    await repo.putInstance(instance('db.instance-1', '/db'));
    expect(repo.instances('/web').map((i) => i.instanceId)).toEqual(['web.instance-1', 'web.instance-2']);
    expect(repo.instances().map((i) => i.instanceId)).toEqual(['db.instance-1', 'web.instance-1', 'web.instance-2']);
    expect(repo.instance('web.instance-2')).toEqual(instance('web.instance-2', '/web', { healthy: true, agentId: 'a1', hostname: 'h1' }));
    await repo.putInstance(instance('web.instance-1', '/web', { state: 'TASK_KILLING', goal: 'Decommissioned' }));
    expect(repo.instance('web.instance-1')).toMatchObject({ state: 'TASK_KILLING', goal: 'Decommissioned' });
    expect(await repo.deleteInstance('web.instance-1')).toBe(true);
    expect(await repo.deleteInstance('web.instance-1')).toBe(false);
    expect(repo.instances('/web').map((i) => i.instanceId)).toEqual(['web.instance-2']);
    expect(repo.instances('/none')).toEqual([]);
    expect(await backing.store.children('instances')).toEqual(['db.instance-1', 'web.instance-2']);
    await expect(repo.putInstance(instance('a/b', '/web'))).rejects.toThrow(/invalid instance id/);
  });

  it('round-trips deployments', async () => {
    const repo = await MarathonRepository.load(backing.store);
    await repo.putDeployment(deployment('d2', 2));
    await repo.putDeployment(deployment('d1', 1));
    await repo.putDeployment({ ...deployment('d2', 2), currentStep: 1 });
    expect(repo.deployments().map((d) => [d.plan.id, d.currentStep])).toEqual([['d1', 0], ['d2', 1]]);
    expect(repo.deployment('d1')).toEqual(deployment('d1', 1));
    expect(await repo.deleteDeployment('d1')).toBe(true);
    expect(await repo.deleteDeployment('d1')).toBe(false);
    expect(await backing.store.children('deployments')).toEqual(['d2']);
  });

  it('reloads the same state from the store (persistence), leaving framework/id alone', async () => {
    await backing.store.put('framework/id', Buffer.from('{"frameworkId":"f1"}'));
    const repo = await MarathonRepository.load(backing.store);
    await repo.putApp(app('/prod/web', 1));
    await repo.putApp(app('/prod/web', 2, { instances: 2, env: { A: 'b' } }));
    await repo.putApp(app('/db', 1));
    await repo.putGroup({ id: '/prod', dependencies: ['/db'], enforceRole: false, version: iso(3) });
    await repo.putInstance(instance('prod_web.instance-1', '/prod/web', { startedAt: iso(4) }));
    await repo.putDeployment(deployment('d1'));
    const reloaded = await MarathonRepository.load(backing.reopen());
    expect(snapshot(reloaded)).toEqual(snapshot(repo));
    expect(reloaded.appVersion('/prod/web', iso(1))).toEqual(repo.appVersion('/prod/web', iso(1)));
    expect(reloaded.apps()).toHaveLength(2);
    expect((await backing.reopen().get('framework/id'))?.toString()).toBe('{"frameworkId":"f1"}');
  });

  it('returns frozen values, so callers cannot change the cache', async () => {
    const repo = await MarathonRepository.load(backing.store);
    const input = app('/web', 1);
    await repo.putApp(input);
    input.instances = 9;
    expect(repo.app('/web')?.instances).toBe(1);
    expect(() => {
      (repo.app('/web') as { instances: number }).instances = 5;
    }).toThrow(TypeError);
    expect(() => (repo.rootGroup().apps as unknown[]).push(1)).toThrow(TypeError);
  });

  it('runs concurrent writes in call order', async () => {
    const repo = await MarathonRepository.load(backing.store, { maxVersions: 2 });
    await Promise.all([1, 2, 3, 4].map((s) => repo.putApp(app('/web', s))).concat([repo.deleteApp('/web').then(() => undefined)]));
    expect(repo.app('/web')).toBeUndefined();
    const writes = [5, 6, 7].map((s) => repo.putApp(app('/web', s)));
    await Promise.all(writes);
    expect(repo.versions('/web')).toEqual([iso(7), iso(6)]);
    expect(snapshot(await MarathonRepository.load(backing.reopen(), { maxVersions: 2 }))).toEqual(snapshot(repo));
  });
});

describe.each(backings)('MarathonRepository on a failing %s', (_name, make) => {
  let backing: Backing;
  let failing: FailingStore;
  let repo: MarathonRepository;
  beforeEach(async () => {
    backing = make();
    failing = new FailingStore(backing.store);
    repo = await MarathonRepository.load(failing);
    await repo.putApp(app('/web', 1));
    await repo.putGroup({ id: '/prod', dependencies: [], version: iso(1) });
    await repo.putInstance(instance('web.instance-1', '/web'));
    await repo.putDeployment(deployment('d1'));
  });

  it('leaves the cache and the store unchanged when a put rejects', async () => {
    const before = snapshot(repo);
    failing.failPut = () => true;
    await expect(repo.putApp(app('/web', 2))).rejects.toThrow(/disk full/);
    await expect(repo.putApp(app('/other', 2))).rejects.toThrow(/disk full/);
    await expect(repo.putGroup({ id: '/prod', dependencies: ['/web'], version: iso(2) })).rejects.toThrow(/disk full/);
    await expect(repo.putInstance(instance('web.instance-1', '/web', { state: 'TASK_FAILED' }))).rejects.toThrow();
    await expect(repo.putInstance(instance('web.instance-2', '/web'))).rejects.toThrow();
    await expect(repo.putDeployment({ ...deployment('d1'), currentStep: 1 })).rejects.toThrow();
    expect(snapshot(repo)).toEqual(before);
    expect(snapshot(await MarathonRepository.load(backing.reopen()))).toEqual(before);
  });

  it('rolls back the version record when the current definition cannot be written', async () => {
    failing.failPut = (key) => key === 'apps/web';
    await expect(repo.putApp(app('/web', 2))).rejects.toThrow(/disk full/);
    expect(repo.versions('/web')).toEqual([iso(1)]);
    expect(await backing.store.children('apps/web/versions')).toEqual([iso(1)]);
  });

  it('leaves the cache unchanged when a delete rejects', async () => {
    const before = snapshot(repo);
    failing.failDelete = () => true;
    await expect(repo.deleteApp('/web')).rejects.toThrow(/disk gone/);
    await expect(repo.deleteGroup('/prod')).rejects.toThrow(/disk gone/);
    await expect(repo.deleteInstance('web.instance-1')).rejects.toThrow(/disk gone/);
    await expect(repo.deleteDeployment('d1')).rejects.toThrow(/disk gone/);
    expect(snapshot(repo)).toEqual(before);
  });

  it('keeps serving writes after a failed one', async () => {
    failing.failPut = () => true;
    await expect(repo.putApp(app('/web', 2))).rejects.toThrow();
    failing.failPut = () => false;
    await repo.putApp(app('/web', 3));
    expect(repo.versions('/web')).toEqual([iso(3), iso(1)]);
  });

  it('reports a failed prune without failing the write, and prunes again at the next write', async () => {
    const errors: string[] = [];
    const small = await MarathonRepository.load(failing, { maxVersions: 1, onCleanupError: (_e, key) => errors.push(key) });
    failing.failDelete = () => true;
    await small.putApp(app('/web', 2));
    expect(small.app('/web')?.version).toBe(iso(2));
    expect(small.versions('/web')).toEqual([iso(2), iso(1)]);
    expect(errors).toEqual([`apps/web/versions/${iso(1)}`]);
    failing.failDelete = () => false;
    await small.putApp(app('/web', 3));
    expect(small.versions('/web')).toEqual([iso(3)]);
    expect(await backing.store.children('apps/web/versions')).toEqual([iso(3)]);
  });
});

describe('MarathonRepository.load', () => {
  it('removes versions left behind by an interrupted app delete', async () => {
    const store = new MemoryStore();
    await store.put(`apps/gone/versions/${iso(1)}`, Buffer.from(JSON.stringify(app('/gone', 1))));
    const repo = await MarathonRepository.load(store);
    expect(repo.apps()).toEqual([]);
    expect(await store.children('apps')).toEqual([]);
  });

  it('names the key of a corrupt record', async () => {
    const store = new MemoryStore();
    await store.put('instances/i1', Buffer.from('{not json'));
    await expect(MarathonRepository.load(store)).rejects.toThrow(/corrupt record at 'instances\/i1'/);
  });

  it('refuses a maxVersions below 1', async () => {
    await expect(MarathonRepository.load(new MemoryStore(), { maxVersions: 0 })).rejects.toThrow(/maxVersions/);
  });
});
