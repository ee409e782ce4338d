import { JsonRecords, KeyValueStore } from './index';

/**
 * The behaviour every `KeyValueStore` shares (run by store.spec.ts for the file and memory stores and
 * by zk/zk-store.spec.ts for ZooKeeper). `make` returns a fresh, empty store for each test.
 */
export function describeStoreContract(name: string, make: () => KeyValueStore | Promise<KeyValueStore>): void {
  describe(`${name} (store contract)`, () => {
    it('puts, gets, overwrites and deletes values', async () => {
      const store = await make();
      expect(await store.get('apps/web')).toBeUndefined();
      await store.put('apps/web', Buffer.from('v1'));
      await store.put('apps/web', Buffer.from('v2'));
      expect((await store.get('apps/web'))?.toString()).toBe('v2');
      await store.delete('apps/web');
      expect(await store.get('apps/web')).toBeUndefined();
    });

    it('lists children, and a key can have a value and children', async () => {
      const store = await make();
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
      const store = await make();
      await expect(store.put('../etc', Buffer.from('x'))).rejects.toThrow(/invalid store key/);
      await expect(store.get('a/../../b')).rejects.toThrow(/invalid store key/);
      await expect(store.put('', Buffer.from('x'))).rejects.toThrow(/invalid store key/);
    });

    it('applies a batch in order, all or none', async () => {
      const store = await make();
      await store.put('instances/a', Buffer.from('a0'));
      await store.batch([
        { op: 'put', key: 'instances/b', value: Buffer.from('b1') },
        { op: 'put', key: 'instances/a', value: Buffer.from('a1') },
        { op: 'delete', key: 'instances/b' },
        { op: 'put', key: 'instances/c', value: Buffer.from('c1') },
      ]);
      expect(await store.children('instances')).toEqual(['a', 'c']);
      expect((await store.get('instances/a'))?.toString()).toBe('a1');
      await expect(store.batch([{ op: 'put', key: 'instances/d', value: Buffer.from('d') }, { op: 'delete', key: '../x' }])).rejects.toThrow(/invalid store key/);
      expect(await store.get('instances/d')).toBeUndefined();
    });

    it('deletes a whole subtree and prunes empty branches', async () => {
      const store = await make();
      await store.put('apps/web/versions/v1', Buffer.from('1'));
      await store.put('apps/web', Buffer.from('current'));
      await store.put('apps/db/versions/v1', Buffer.from('1'));
      await store.delete('apps/db/versions/v1');
      expect(await store.children('apps')).toEqual(['web']);
      await store.delete('apps/web');
      expect(await store.get('apps/web/versions/v1')).toBeUndefined();
      expect(await store.children('')).toEqual([]);
    });

    it('hands out copies of values', async () => {
      const store = await make();
      const value = Buffer.from('abc');
      await store.put('k', value);
      value[0] = 0x7a;
      const read = await store.get('k');
      read![1] = 0x7a;
      expect((await store.get('k'))?.toString()).toBe('abc');
    });

    it('keeps typed JSON records', async () => {
      const records = new JsonRecords<{ n: number }>(await make(), 'deployments');
      await records.put('d1', { n: 1 });
      await records.put('d2', { n: 2 });
      expect(await records.all()).toEqual([{ n: 1 }, { n: 2 }]);
      await records.delete('d1');
      expect(await records.ids()).toEqual(['d2']);
    });
  });
}
