import { freePort, startZooKeeper, TestZooKeeper, waitFor } from '@strato/testing';
import { BadVersionError, NodeExistsError, NoNodeError, NotEmptyError, SessionLostError } from './zk-errors';
import { WatchEvent, ZkSession } from './zk-session';

let zk: TestZooKeeper;
const sessions: ZkSession[] = [];

async function session(): Promise<ZkSession> {
  const s = await ZkSession.connect({ servers: zk.connectString, sessionTimeoutMs: 2_000 });
  sessions.push(s);
  return s;
}

beforeAll(async () => {
  zk = await startZooKeeper();
});

afterAll(async () => {
  for (const s of sessions) s.close();
  await zk?.stop();
});

describe('ZkSession', () => {
  it('creates, reads, sets, lists and deletes nodes, with typed errors', async () => {
    const s = await session();
    expect(s.state).toBe('connected');
    expect(s.id).toMatch(/^[0-9a-f]+$/);
    await s.mkdirp('/session/a/b');
    await s.mkdirp('/session/a/b'); // again: nothing to do
    expect(await s.create('/session/a/x', Buffer.from('1'))).toBe('/session/a/x');
    expect((await s.get('/session/a/x')).data.toString()).toBe('1');
    expect((await s.get('/session/a')).data.length).toBe(0);
    expect((await s.children('/session/a')).sort()).toEqual(['b', 'x']);
    const stat = await s.set('/session/a/x', Buffer.from('2'));
    expect(stat.version).toBe(1);
    expect(await s.exists('/session/nothing')).toBeUndefined();

    await expect(s.create('/session/a/x', Buffer.alloc(0))).rejects.toThrow(NodeExistsError);
    await expect(s.create('/session/missing/x', Buffer.alloc(0))).rejects.toThrow(/ZooKeeper create \/session\/missing\/x: no parent node/);
    await expect(s.get('/session/nothing')).rejects.toThrow(NoNodeError);
    await expect(s.set('/session/a/x', Buffer.alloc(0), 0)).rejects.toThrow(BadVersionError);
    await expect(s.delete('/session/a')).rejects.toThrow(NotEmptyError);
    await s.delete('/session/a/x', 1);
    expect(await s.children('/session/a')).toEqual(['b']);
  });

  it('creates ephemeral and sequential nodes; ephemerals go with their session', async () => {
    const owner = await session();
    const other = await session();
    await owner.mkdirp('/session/group');
    const first = await owner.create('/session/group/m-', Buffer.from('a'), 'ephemeral-sequential');
    const second = await owner.create('/session/group/m-', Buffer.from('b'), 'ephemeral-sequential');
    expect(first).toMatch(/^\/session\/group\/m-\d{10}$/);
    expect(Number(second.slice(-10))).toBe(Number(first.slice(-10)) + 1);
    expect((await other.exists(first))?.ephemeralOwner).toBe(owner.id);
    owner.close();
    expect(owner.state).toBe('closed');
    await expect(owner.exists('/')).rejects.toThrow(SessionLostError);
    await waitFor(async () => (await other.children('/session/group')).length === 0, { description: 'the ephemerals to go' });
  });

  it('fires each watch once, for the first change after the read', async () => {
    const s = await session();
    const writer = await session();
    await s.mkdirp('/session/watch');
    const events: WatchEvent[] = [];
    expect(await s.exists('/session/watch/n', (e) => events.push(e))).toBeUndefined();
    await writer.create('/session/watch/n', Buffer.from('1'));
    await waitFor(() => events.length === 1);
    await s.get('/session/watch/n', (e) => events.push(e));
    await s.children('/session/watch', (e) => events.push(e));
    await writer.set('/session/watch/n', Buffer.from('2'));
    await writer.set('/session/watch/n', Buffer.from('3'));
    await writer.create('/session/watch/m', Buffer.alloc(0));
    await writer.create('/session/watch/o', Buffer.alloc(0));
    await waitFor(() => events.length === 3);
    await s.exists('/session/watch'); // a round trip: any further event would have come before its answer
    expect(events.map((e) => `${e.type} ${e.path}`).sort()).toEqual(['changed /session/watch/n', 'child /session/watch', 'created /session/watch/n']);
  });

  it('fails to connect to a server that is not there, with a clear error', async () => {
    const port = await freePort();
    await expect(ZkSession.connect({ servers: `127.0.0.1:${port}`, sessionTimeoutMs: 1_000, connectTimeoutMs: 500 })).rejects.toThrow(
      `could not connect to ZooKeeper at 127.0.0.1:${port} within 500 ms`,
    );
  });
});
