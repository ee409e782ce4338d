import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileStore, MemoryStore } from './index';
import { describeStoreContract } from './store.contract';
import { tempDir } from '@strato/testing';

describeStoreContract('FileStore', () => new FileStore(tempDir('strato-store-')));
describeStoreContract('MemoryStore', () => new MemoryStore());

describe('FileStore durability', () => {
  const fresh = () => tempDir('strato-store-');

  it('survives a new instance on the same directory and leaves no temporary files', async () => {
    const dir = fresh();
    const first = new FileStore(dir);
    await first.put('framework-id', Buffer.from('abc'));
    await first.batch([{ op: 'put', key: 'a/b', value: Buffer.from('1') }, { op: 'delete', key: 'framework-id' }, { op: 'put', key: 'framework-id', value: Buffer.from('def') }]);
    first.close();
    const second = new FileStore(dir);
    expect((await second.get('framework-id'))?.toString()).toBe('def');
    expect((await second.get('a/b'))?.toString()).toBe('1');
    expect(readdirSync(dir)).toEqual(['journal.log']);
  });

  it('appends one journal line per write, however many keys a batch holds', async () => {
    const dir = fresh();
    const store = new FileStore(dir);
    await store.batch(Array.from({ length: 50 }, (_, i) => ({ op: 'put' as const, key: `instances/i${i}`, value: Buffer.from(`v${i}`) })));
    await store.put('x', Buffer.from('y'));
    expect(readFileSync(join(dir, 'journal.log'), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('compacts into a snapshot and reopens to the same state', async () => {
    const dir = fresh();
    const store = new FileStore(dir, { compactAtBytes: 2_000 });
    const expected = new Map<string, string>();
    for (let i = 0; i < 300; i++) {
      const key = `instances/i${i % 37}`;
      if (i % 5 === 4) {
        await store.delete(key);
        expected.delete(key);
      } else {
        await store.put(key, Buffer.from(`value-${i}`));
        expected.set(key, `value-${i}`);
      }
    }
    await store.close(); // waits for a compaction in progress
    expect(readdirSync(dir).sort()).toEqual(['journal.log', 'snapshot.json']);
    expect(statSync(join(dir, 'journal.log')).size).toBeLessThan(4_000);
    const reopened = new FileStore(dir);
    expect(await reopened.children('instances')).toEqual([...expected.keys()].map((k) => k.split('/')[1]).sort());
    for (const [key, value] of expected) expect((await reopened.get(key))?.toString()).toBe(value);
  });

  it('snapshots neither a deleted subtree nor its values, and writes a large snapshot in slices that reopen whole', async () => {
    const dir = fresh();
    const store = new FileStore(dir, { compactAtBytes: 50_000 });
    const big = Buffer.alloc(300, 'x');
    await store.batch([{ op: 'put', key: 'gone/a', value: Buffer.from('a') }, { op: 'put', key: 'gone/a/b', value: Buffer.from('b') }, { op: 'put', key: 'kept', value: Buffer.from('k') }]);
    await store.delete('gone');
    // One large write takes the journal past the threshold: the compaction that follows sees the delete.
    await store.batch(Array.from({ length: 2_000 }, (_, i) => ({ op: 'put' as const, key: `jobs/j${i}`, value: i < 200 ? Buffer.from(`v${i}`) : big })));
    await store.close();
    expect(readdirSync(dir).sort()).toEqual(['journal.log', 'snapshot.json']);
    expect(statSync(join(dir, 'journal.log')).size).toBe(0);
    const snapshot = readFileSync(join(dir, 'snapshot.json'), 'utf8');
    expect(snapshot).not.toContain('"gone');
    const reopened = new FileStore(dir);
    expect(await reopened.children('')).toEqual(['jobs', 'kept']);
    expect(await reopened.children('jobs')).toHaveLength(2_000);
    expect((await reopened.get('jobs/j7'))?.toString()).toBe('v7');
    expect((await reopened.get('jobs/j1999'))?.equals(big)).toBe(true);
  });

  it('commits concurrent writes in order, readable once durable, and compacts only between them', async () => {
    const dir = fresh();
    const store = new FileStore(dir, { compactAtBytes: 500 });
    const pending = Array.from({ length: 100 }, (_, i) => store.put(`k/k${i % 7}`, Buffer.from(`v${i}`)));
    expect(await store.get('k/k0')).toBeUndefined(); // not durable yet: the fdatasync runs off the event loop
    await Promise.all(pending);
    for (let k = 0; k < 7; k++) expect((await store.get(`k/k${k}`))?.toString()).toBe(`v${99 - ((99 - k) % 7)}`);
    await store.close();
    const reopened = new FileStore(dir);
    for (let k = 0; k < 7; k++) expect((await reopened.get(`k/k${k}`))?.toString()).toBe(`v${99 - ((99 - k) % 7)}`);
  });

  it('refuses writes once closed, after letting those in flight finish', async () => {
    const dir = fresh();
    const store = new FileStore(dir);
    const inFlight = store.put('a', Buffer.from('1'));
    const closing = store.close();
    await inFlight;
    await closing;
    await expect(store.put('b', Buffer.from('2'))).rejects.toThrow(/closed/);
    expect((await new FileStore(dir).get('a'))?.toString()).toBe('1');
  });

  it('imports the older one-file-per-key layout once', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'apps', 'web', 'versions', 'v1'), { recursive: true });
    writeFileSync(join(dir, 'apps', 'web', '.value'), 'current');
    writeFileSync(join(dir, 'apps', 'web', 'versions', 'v1', '.value'), 'old');
    mkdirSync(join(dir, 'framework', 'id'), { recursive: true });
    writeFileSync(join(dir, 'framework', 'id', '.value'), 'fw-1');
    const store = new FileStore(dir);
    expect((await store.get('apps/web'))?.toString()).toBe('current');
    expect(await store.children('apps/web/versions')).toEqual(['v1']);
    await store.put('framework/id', Buffer.from('fw-2'));
    await store.close();
    const again = new FileStore(dir);
    expect((await again.get('framework/id'))?.toString()).toBe('fw-2');
    expect((await again.get('apps/web/versions/v1'))?.toString()).toBe('old');
  });

  it('drops a torn last line (a write that was never acknowledged) and keeps appending cleanly', async () => {
    const dir = fresh();
    const store = new FileStore(dir);
    await store.put('kept', Buffer.from('yes'));
    store.close();
    appendFileSync(join(dir, 'journal.log'), '[["p","torn","AAA');
    const reopened = new FileStore(dir);
    expect(await reopened.get('torn')).toBeUndefined();
    await reopened.put('after', Buffer.from('ok'));
    reopened.close();
    const again = new FileStore(dir);
    expect((await again.get('kept'))?.toString()).toBe('yes');
    expect((await again.get('after'))?.toString()).toBe('ok');
  });

  it('refuses to open a journal corrupted before its last line', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'journal.log'), 'garbage\n[["p","k","AA=="]]\n');
    expect(() => new FileStore(dir)).toThrow(/corrupt entry at byte 0/);
  });

  it('replaying a journal over a snapshot that already holds it changes nothing (crash between rename and truncate)', async () => {
    const dir = fresh();
    const store = new FileStore(dir, { compactAtBytes: 1 });
    await store.put('a/x', Buffer.from('1'));
    await store.delete('a');
    await store.put('a/y', Buffer.from('2'));
    await store.close();
    const journal = '[["p","a/x","MQ=="]]\n[["d","a"]]\n[["p","a/y","Mg=="]]\n';
    writeFileSync(join(dir, 'journal.log'), journal);
    const reopened = new FileStore(dir);
    expect(await reopened.children('a')).toEqual(['y']);
    expect((await reopened.get('a/y'))?.toString()).toBe('2');
  });

  it('goes on taking writes while a compaction runs, and loses none of them', async () => {
    const dir = fresh();
    const store = new FileStore(dir, { compactAtBytes: 20_000 });
    const value = Buffer.alloc(300, 'x');
    let sawCompaction = false;
    for (let i = 0; i < 400; i++) {
      await store.put(`jobs/j${i % 150}`, Buffer.concat([value, Buffer.from(String(i))]));
      sawCompaction ||= readdirSync(dir).includes('journal.old.log');
    }
    expect(sawCompaction).toBe(true);
    await store.close();
    expect(readdirSync(dir)).not.toContain('journal.old.log');
    const reopened = new FileStore(dir);
    expect(await reopened.children('jobs')).toHaveLength(150);
    for (let j = 0; j < 150; j++) expect((await reopened.get(`jobs/j${j}`))?.toString()).toBe(`${value.toString()}${j + 300 >= 400 ? j + 150 : j + 300}`);
  });

  it('finishes a compaction cut short: old journal, stale snapshot and new journal replay to the latest state', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'snapshot.json'), JSON.stringify({ format: 'strato-kv/1', entries: [['a', Buffer.from('0').toString('base64')], ['gone', 'eA==']] }));
    writeFileSync(join(dir, 'journal.old.log'), '[["p","a","MQ=="]]\n[["d","gone"]]\n[["p","b","MQ=="]]\n');
    writeFileSync(join(dir, 'journal.log'), '[["p","b","Mg=="]]\n');
    const store = new FileStore(dir);
    expect((await store.get('a'))?.toString()).toBe('1');
    expect((await store.get('b'))?.toString()).toBe('2');
    expect(await store.get('gone')).toBeUndefined();
    expect(readdirSync(dir).sort()).toEqual(['journal.log', 'snapshot.json']);
    await store.put('c', Buffer.from('3'));
    await store.close();
    const again = new FileStore(dir);
    expect((await again.get('a'))?.toString()).toBe('1');
    expect((await again.get('b'))?.toString()).toBe('2');
    expect((await again.get('c'))?.toString()).toBe('3');
  });
});
