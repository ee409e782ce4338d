import { randomBytes } from 'node:crypto';
import { startZooKeeper, TestZooKeeper, waitFor } from '@strato/testing';
import { describeStoreContract } from '../store.contract';
import { BATCHES, ZooKeeperStore } from './zk-store';
import { ZkSession } from './zk-session';
import { CHUNK_BYTES, COMPRESS_ABOVE_BYTES, Format } from './zk-value';

let zk: TestZooKeeper;
const sessions: ZkSession[] = [];
let roots = 0;

async function session(): Promise<ZkSession> {
  // Long enough to outlast a ZooKeeper restart on a busy machine (the JVM alone takes seconds to start).
  const s = await ZkSession.connect({ servers: zk.connectString, sessionTimeoutMs: 12_000 });
  sessions.push(s);
  return s;
}

/** Every znode below `path` (relative), depth first. */
async function tree(s: ZkSession, path: string, base = path): Promise<string[]> {
  const out: string[] = [];
  for (const child of (await s.children(path)).sort()) {
    out.push(`${path}/${child}`.slice(base.length + 1));
    out.push(...(await tree(s, `${path}/${child}`, base)));
  }
  return out;
}

beforeAll(async () => {
  zk = await startZooKeeper();
});

afterAll(async () => {
  for (const s of sessions) s.close();
  await zk?.stop();
});

describeStoreContract('ZooKeeperStore', async () => ZooKeeperStore.open(await session(), `/strato/contract/${++roots}`));

describe('ZooKeeperStore', () => {
  const fresh = async (options = {}) => {
    const s = await session();
    const root = `/strato/store/${++roots}`;
    return { s, root, store: await ZooKeeperStore.open(s, root, options) };
  };

  it('keeps small values plain, one znode per key, with parents that hold no value', async () => {
    const { s, root, store } = await fresh();
    await store.put('apps/web', Buffer.from('hello'));
    expect((await s.get(`${root}/apps/web`)).data).toEqual(Buffer.concat([Buffer.of(Format.Plain), Buffer.from('hello')]));
    expect((await s.get(`${root}/apps`)).data.length).toBe(0);
    expect(await store.get('apps')).toBeUndefined();
    expect(await store.children('')).toEqual(['apps']); // the batches node is internal
    await store.put('empty', Buffer.alloc(0));
    expect(await store.get('empty')).toEqual(Buffer.alloc(0));
  });

  it('round-trips a 3 MB incompressible value in chunks, and replaces it with a small one without leftovers', async () => {
    const { s, root, store } = await fresh();
    const value = randomBytes(3 * 1024 * 1024);
    await store.put('big', value);
    const data = (await s.get(`${root}/big`)).data;
    expect(data[0]).toBe(Format.Chunked);
    const chunks = await s.children(`${root}/big`);
    expect(chunks).toHaveLength(Math.ceil(value.length / CHUNK_BYTES));
    expect(chunks.every((name) => name.startsWith('#'))).toBe(true);
    expect((await store.get('big'))?.equals(value)).toBe(true);
    expect(await store.children('big')).toEqual([]);
    const next = randomBytes(3 * 1024 * 1024);
    await store.put('big', next);
    expect(await s.children(`${root}/big`)).toHaveLength(chunks.length);
    expect(await s.children(`${root}/big`)).not.toEqual(chunks); // a new generation; the old one is gone
    expect((await store.get('big'))?.equals(next)).toBe(true);
    await store.put('big', Buffer.from('small'));
    expect(await s.children(`${root}/big`)).toEqual([]);
    expect((await store.get('big'))?.toString()).toBe('small');
  }, 20_000);

  it('compresses a 2 MB compressible value into one znode', async () => {
    const { s, root, store } = await fresh();
    const value = Buffer.from(Array.from({ length: 40_000 }, (_, i) => `{"instance":"web.${i}","state":"running"}\n`).join('')).subarray(0, 2 * 1024 * 1024);
    expect(value.length).toBeGreaterThan(COMPRESS_ABOVE_BYTES);
    await store.put('apps/web', value);
    const { data } = await s.get(`${root}/apps/web`);
    expect(data[0]).toBe(Format.Gzip);
    expect(data.length).toBeLessThan(CHUNK_BYTES);
    expect(await s.children(`${root}/apps/web`)).toEqual([]);
    expect((await store.get('apps/web'))?.equals(value)).toBe(true);
  });

  it('deletes a subtree with chunked values and leaves nothing behind', async () => {
    const { s, root, store } = await fresh();
    await store.put('keep', Buffer.from('k'));
    await store.put('apps/web', randomBytes(2 * CHUNK_BYTES));
    await store.put('apps/web/versions/v1', randomBytes(CHUNK_BYTES + 10));
    await store.put('apps/web/versions/v2', Buffer.from('small'));
    expect((await tree(s, root)).filter((p) => p.includes('#') && !p.startsWith(BATCHES))).toHaveLength(4);
    await store.delete('apps');
    expect(await tree(s, root)).toEqual([BATCHES, 'keep']);
  });

  it('completes a batch interrupted after its intent was written, when the store is next opened', async () => {
    const crash = new Error('simulated crash after the intent');
    const { s, root, store } = await fresh({
      afterIntentWritten: () => {
        throw crash;
      },
    });
    const large = randomBytes(2 * 1024 * 1024); // the intent itself is chunked
    await expect(
      store.batch([
        { op: 'put', key: 'instances/a', value: Buffer.from('a1') },
        { op: 'put', key: 'instances/big', value: large },
        { op: 'delete', key: 'instances/a' },
        { op: 'put', key: 'instances/c', value: Buffer.from('c1') },
      ]),
    ).rejects.toBe(crash);
    const intents = await s.children(`${root}/${BATCHES}`);
    expect(intents).toHaveLength(1);
    expect(intents[0]).toMatch(/^batch-\d{10}$/);
    expect(await s.exists(`${root}/instances`)).toBeUndefined(); // nothing applied yet
    s.close(); // the writer is gone

    const reopened = await ZooKeeperStore.open(await session(), root);
    expect(await reopened.children('instances')).toEqual(['big', 'c']);
    expect((await reopened.get('instances/big'))?.equals(large)).toBe(true);
    expect((await reopened.get('instances/c'))?.toString()).toBe('c1');
    expect(await reopened.session.children(`${root}/${BATCHES}`)).toEqual([]);
  }, 20_000);

  it('replays intents in sequence order, discards an unfinished one, and replays before the next write after a failure', async () => {
    const { s, root } = await fresh();
    const intent = (ops: unknown) => Buffer.concat([Buffer.of(Format.Plain), Buffer.from(JSON.stringify(ops))]);
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    await s.create(`${root}/${BATCHES}/batch-`, intent([['p', 'k', b64('first')], ['p', 'gone/x', b64('x')]]), 'persistent-sequential');
    await s.create(`${root}/${BATCHES}/batch-`, intent([['p', 'k', b64('second')], ['d', 'gone']]), 'persistent-sequential');
    await s.create(`${root}/${BATCHES}/batch-`, Buffer.alloc(0), 'persistent-sequential'); // its chunks were still being written
    const store = await ZooKeeperStore.open(s, root);
    expect((await store.get('k'))?.toString()).toBe('second');
    expect(await store.children('')).toEqual(['k']);
    expect(await s.children(`${root}/${BATCHES}`)).toEqual([]);

    let fail = true;
    const flaky = await ZooKeeperStore.open(s, root, {
      afterIntentWritten: () => {
        if (fail) throw new Error('connection lost');
      },
    });
    await expect(flaky.batch([{ op: 'put', key: 'k', value: Buffer.from('third') }])).rejects.toThrow(/connection lost/);
    fail = false;
    await flaky.put('other', Buffer.from('o')); // replays the failed batch first
    expect((await flaky.get('k'))?.toString()).toBe('third');
    expect(await s.children(`${root}/${BATCHES}`)).toEqual([]);
  });

  it('keeps its session and keeps working across a ZooKeeper restart (same data)', async () => {
    const { s, store } = await fresh();
    await store.put('before', Buffer.from('1'));
    const events: string[] = [];
    s.on('disconnected', () => events.push('disconnected'));
    s.on('connected', () => events.push('connected'));
    s.on('expired', () => events.push('expired'));
    await zk.restart();
    await waitFor(() => s.state === 'connected' && events.includes('connected'), { timeoutMs: 20_000, description: 'the session to reconnect' });
    await store.put('after', Buffer.from('2'));
    expect((await store.get('before'))?.toString()).toBe('1');
    expect(await store.children('')).toEqual(['after', 'before']);
    expect(events).toEqual(['disconnected', 'connected']);
  }, 40_000);

  it('refuses the ZooKeeper root as its root', async () => {
    await expect(ZooKeeperStore.open(await session(), '/')).rejects.toThrow(/root below \//);
  });
});
