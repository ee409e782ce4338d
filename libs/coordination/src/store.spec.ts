import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore, JsonRecords, KeyValueStore, MemoryStore } from './index';

const stores: [string, () => KeyValueStore][] = [
  ['FileStore', () => new FileStore(mkdtempSync(join(tmpdir(), 'strato-store-')))],
  ['MemoryStore', () => new MemoryStore()],
];

describe.each(stores)('%s', (_name, make) => {
  it('puts, gets, overwrites and deletes values', async () => {
    const store = make();
    expect(await store.get('apps/web')).toBeUndefined();
    await store.put('apps/web', Buffer.from('v1'));
    await store.put('apps/web', Buffer.from('v2'));
    expect((await store.get('apps/web'))?.toString()).toBe('v2');
    await store.delete('apps/web');
    expect(await store.get('apps/web')).toBeUndefined();
  });

  it('lists children, and a key can have a value and children', async () => {
    const store = make();
    await store.put('apps/web', Buffer.from('current'));
    await store.put('apps/web/2026-01-01T00:00:00.000Z', Buffer.from('old'));
    await store.put('apps/db', Buffer.from('x'));
    expect(await store.children('apps')).toEqual(['db', 'web']);
    expect(await store.children('apps/web')).toEqual(['2026-01-01T00:00:00.000Z']);
    expect(await store.children('nothing')).toEqual([]);
    await store.delete('apps/web');
    expect(await store.children('apps')).toEqual(['db']);
  });

  it('refuses keys that could escape the store', async () => {
    const store = make();
    await expect(store.put('../etc', Buffer.from('x'))).rejects.toThrow(/invalid store key/);
    await expect(store.get('a/../../b')).rejects.toThrow(/invalid store key/);
    await expect(store.put('', Buffer.from('x'))).rejects.toThrow(/invalid store key/);
  });

  it('keeps typed JSON records', async () => {
    const records = new JsonRecords<{ n: number }>(make(), 'deployments');
    await records.put('d1', { n: 1 });
    await records.put('d2', { n: 2 });
    expect(await records.all()).toEqual([{ n: 1 }, { n: 2 }]);
    await records.delete('d1');
    expect(await records.ids()).toEqual(['d2']);
  });
});

describe('FileStore durability', () => {
  it('survives a new instance on the same directory and leaves no temporary files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strato-store-'));
    await new FileStore(dir).put('framework-id', Buffer.from('abc'));
    expect((await new FileStore(dir).get('framework-id'))?.toString()).toBe('abc');
    expect(readdirSync(join(dir, 'framework-id'))).toEqual(['.value']);
  });
});
