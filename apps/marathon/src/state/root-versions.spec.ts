import { FileStore, MemoryStore } from '@strato/coordination';
import { MarathonRepository } from './repository';
import { app, FailingStore, iso } from './test-fixtures';
import { tempDir } from '@strato/testing';

describe('MarathonRepository root versions', () => {
  it('stores a snapshot per version, answers group versions newest first and a past group, survives a restart', async () => {
    const dir = tempDir('strato-marathon-roots-');
    const repo = await MarathonRepository.load(new FileStore(dir));
    await repo.putApp(app('/g/web', 1, { cmd: 'sleep 1' }));
    await repo.putRootVersion(iso(1));
    await repo.putGroup({ id: '/h', dependencies: [], enforceRole: true, version: iso(2) });
    await repo.putApp(app('/g/web', 2, { cmd: 'sleep 2' }));
    await repo.putRootVersion(iso(2));
    await repo.deleteApp('/g/web');
    await repo.putRootVersion(iso(3));

    expect(repo.groupVersions('/')).toEqual([iso(3), iso(2), iso(1)]);
    expect(repo.groupVersions('/g')).toEqual([iso(2), iso(1)]);
    expect(repo.groupVersions('/h')).toEqual([iso(3), iso(2)]);
    expect(repo.groupAt('/g', iso(1))?.apps.map((a) => a.cmd)).toEqual(['sleep 1']);
    expect(repo.groupAt('/', iso(2))).toMatchObject({ version: iso(2), groups: [{ id: '/g' }, { id: '/h', enforceRole: true }] });
    expect(repo.groupAt('/g', iso(3))).toBeUndefined();
    expect(repo.groupAt('/g', iso(9))).toBeUndefined();

    const reloaded = await MarathonRepository.load(new FileStore(dir));
    expect(reloaded.groupVersions('/')).toEqual(repo.groupVersions('/'));
    expect(reloaded.groupAt('/g', iso(2))).toEqual(repo.groupAt('/g', iso(2)));
  });

  it('keeps the newest maxVersions, at write and at load', async () => {
    const store = new MemoryStore();
    const repo = await MarathonRepository.load(store, { maxVersions: 3 });
    for (let s = 1; s <= 5; s++) await repo.putRootVersion(iso(s));
    expect(repo.groupVersions('/')).toEqual([iso(5), iso(4), iso(3)]);
    expect(await store.children('root-versions')).toHaveLength(3);
    const smaller = await MarathonRepository.load(store, { maxVersions: 2 });
    expect(smaller.groupVersions('/')).toEqual([iso(5), iso(4)]);
    expect(await store.children('root-versions')).toHaveLength(2);
  });

  it('stores references to app versions only, never the definitions', async () => {
    const store = new MemoryStore();
    const repo = await MarathonRepository.load(store);
    for (let n = 0; n < 100; n++) await repo.putApp(app(`/g/app-${n}`, 1, { cmd: `sleep ${n}`, env: { BIG: 'x'.repeat(1000) } }));
    await repo.putRootVersion(iso(1));
    const bytes = (await store.get(`root-versions/${iso(1)}`))!;
    expect(bytes.toString()).not.toContain('cmd');
    expect(bytes.length).toBeLessThan(100 * 80);
    expect(JSON.parse(bytes.toString())).toEqual({
      version: iso(1),
      apps: Array.from({ length: 100 }, (_, n) => `/g/app-${n}`).sort().map((id) => ({ id, version: iso(1) })),
      groups: [],
    });
    expect(repo.groupAt('/g', iso(1))?.apps.find((a) => a.id === '/g/app-7')?.cmd).toBe('sleep 7');
  });

  it('keeps the referenced versions of a deleted app (also across a reload), hidden from its versions', async () => {
    const dir = tempDir('strato-marathon-roots-');
    const repo = await MarathonRepository.load(new FileStore(dir));
    await repo.putApp(app('/g/db', 1, { cmd: 'db 1' }));
    await repo.putRootVersion(iso(1));
    await repo.putApp(app('/g/db', 2, { cmd: 'db 2' }));
    await repo.deleteApp('/g/db');
    await repo.putRootVersion(iso(3));
    expect(repo.app('/g/db')).toBeUndefined();
    expect(repo.versions('/g/db')).toBeUndefined();
    expect(repo.appVersion('/g/db', iso(1))).toBeUndefined();
    // Version 2 was never in a root version: deleted with the app; version 1 stays for root version 1.
    expect(await new FileStore(dir).children('apps/g_db/versions')).toEqual([iso(1)]);
    expect(repo.groupAt('/g', iso(1))?.apps).toMatchObject([{ id: '/g/db', cmd: 'db 1' }]);

    const reloaded = await MarathonRepository.load(new FileStore(dir));
    expect(reloaded.apps()).toEqual([]);
    expect(reloaded.versions('/g/db')).toBeUndefined();
    expect(reloaded.groupAt('/g', iso(1))?.apps).toMatchObject([{ id: '/g/db', cmd: 'db 1' }]);
    // Re-created, the app lists its kept version again (as Marathon does: versions are stored by app id).
    await reloaded.putApp(app('/g/db', 5));
    expect(reloaded.versions('/g/db')).toEqual([iso(5), iso(1)]);
  });

  it('pruning root versions deletes the app versions only they referenced', async () => {
    const store = new MemoryStore();
    const repo = await MarathonRepository.load(store, { maxVersions: 2 });
    await repo.putApp(app('/gone', 1));
    await repo.putApp(app('/live', 1));
    await repo.putRootVersion(iso(1));
    await repo.deleteApp('/gone');
    await repo.putApp(app('/live', 2));
    await repo.putRootVersion(iso(2));
    await repo.putApp(app('/live', 3));
    // Beyond maxVersions, but root version 1 references it: `prune` keeps it.
    expect(repo.versions('/live')).toEqual([iso(3), iso(2), iso(1)]);
    expect(await store.children('apps/gone/versions')).toEqual([iso(1)]);
    await repo.putRootVersion(iso(3));
    expect(repo.groupVersions('/')).toEqual([iso(3), iso(2)]);
    expect(repo.versions('/live')).toEqual([iso(3), iso(2)]);
    expect(await store.children('apps/live/versions')).toEqual([iso(2), iso(3)]);
    expect(await store.children('apps')).toEqual(['live']);
  });

  it('at load, keeps the versions of deleted apps that root versions reference and deletes the others', async () => {
    const store = new MemoryStore();
    const put = (key: string, value: unknown) => store.put(key, Buffer.from(JSON.stringify(value)));
    await put(`apps/gone/versions/${iso(1)}`, app('/gone', 1, { cmd: 'kept' }));
    await put(`apps/gone/versions/${iso(2)}`, app('/gone', 2));
    await put(`apps/left/versions/${iso(1)}`, app('/left', 1));
    await put(`root-versions/${iso(1)}`, { version: iso(1), apps: [{ id: '/gone', version: iso(1) }], groups: [] });
    const repo = await MarathonRepository.load(store);
    expect(repo.apps()).toEqual([]);
    expect(repo.groupAt('/', iso(1))?.apps).toMatchObject([{ id: '/gone', cmd: 'kept' }]);
    expect(await store.children('apps')).toEqual(['gone']);
    expect(await store.children('apps/gone/versions')).toEqual([iso(1)]);
  });

  it('a snapshot that is not durable rejects and is not cached', async () => {
    const store = new FailingStore(new MemoryStore());
    const repo = await MarathonRepository.load(store);
    store.failPut = (key) => key.startsWith('root-versions/');
    await expect(repo.putRootVersion(iso(1))).rejects.toThrow('disk full');
    expect(repo.groupVersions('/')).toEqual([]);
  });
});
