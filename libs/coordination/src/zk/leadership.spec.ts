import { startZooKeeper, TestZooKeeper, waitFor } from '@strato/testing';
import { LeaderFollower } from './leader-follower';
import { Leadership } from './leadership';

const SESSION_MS = 4_000;
let zk: TestZooKeeper;
const started: Leadership[] = [];
let groups = 0;

interface Member {
  readonly leadership: Leadership;
  readonly log: string[];
  clock: { offset: number };
}

async function member(path: string, name: string, sessionTimeoutMs = SESSION_MS): Promise<Member> {
  const clock = { offset: 0 };
  const log: string[] = [];
  const now = () => performance.now() + clock.offset;
  const leadership = await Leadership.start({ servers: zk.connectString, path, prefix: 'json.info_', sessionTimeoutMs, now, rejoinDelayMs: 100 }, { name });
  for (const event of ['elected', 'suspended', 'resumed', 'rejoined'] as const) leadership.on(event, () => log.push(event));
  leadership.on('lost', (reason) => log.push(`lost:${reason}`));
  started.push(leadership);
  return { leadership, log, clock };
}

beforeAll(async () => {
  zk = await startZooKeeper();
});

afterAll(async () => {
  for (const l of started) await l.stop();
  await zk?.stop();
});

describe('Leadership', () => {
  it('the first member leads and can act; the second is a standby that sees it', async () => {
    const path = `/strato/leadership/${++groups}`;
    const a = await member(path, 'a');
    const b = await member(path, 'b');
    await waitFor(() => a.leadership.role === 'leading');
    expect(a.leadership.canAct()).toBe(true);
    expect(b.leadership.role).toBe('standby');
    expect(b.leadership.canAct()).toBe(false);
    await waitFor(() => (b.leadership.leader as { name?: string } | undefined)?.name === 'a');
    await a.leadership.stop();
    await waitFor(() => b.leadership.canAct());
    expect(a.leadership.canAct()).toBe(false);
  });

  it('a follower sees the leader, its successor, and waits for one when there is none', async () => {
    const path = `/strato/leadership/${++groups}`;
    const follower = await LeaderFollower.start({ servers: zk.connectString, path, prefix: 'json.info_', sessionTimeoutMs: SESSION_MS });
    try {
      const waiting = follower.waitForLeader(5_000);
      const a = await member(path, 'a');
      await member(path, 'b');
      expect(await waiting).toEqual({ name: 'a' });
      await a.leadership.stop();
      await waitFor(() => (follower.leader as { name?: string } | undefined)?.name === 'b');
    } finally {
      follower.stop();
    }
    await expect(follower.waitForLeader(10)).resolves.toEqual({ name: 'b' });
  });

  it('a leader whose lease ran out (frozen) cannot act until a round trip renews it', async () => {
    const path = `/strato/leadership/${++groups}`;
    const a = await member(path, 'a');
    await waitFor(() => a.leadership.canAct());
    // As after a SIGSTOP: the monotonic clock jumped past the lease with no round trip since.
    a.clock.offset += SESSION_MS;
    expect(a.leadership.canAct()).toBe(false);
    await waitFor(() => a.leadership.canAct(), { timeoutMs: SESSION_MS });
    expect(a.leadership.role).toBe('leading');
  });

  it('suspends a leader while ZooKeeper is away and resumes it when the session survives', async () => {
    const path = `/strato/leadership/${++groups}`;
    const a = await member(path, 'a', 12_000); // outlasts the restart even on a busy machine
    await waitFor(() => a.leadership.canAct());
    await zk.restart();
    await waitFor(() => a.log.includes('resumed'), { timeoutMs: 30_000 });
    expect(a.log).toContain('suspended');
    expect(a.leadership.canAct()).toBe(true);
    expect(a.log.some((e) => e.startsWith('lost'))).toBe(false);
  }, 45_000);

  it('a leader whose node is deleted loses for good; the standby takes over', async () => {
    const path = `/strato/leadership/${++groups}`;
    const a = await member(path, 'a');
    const b = await member(path, 'b');
    await waitFor(() => a.leadership.canAct());
    const node = a.leadership.leaderNode!.node;
    await b.leadership.session.delete(`${path}/${node}`);
    await waitFor(() => b.leadership.canAct());
    await waitFor(() => a.leadership.role === 'lost');
    expect(a.leadership.canAct()).toBe(false);
    expect(a.log).toContain('lost:node-deleted');
  });

  it('a leader whose session expires loses for good, a standby whose session expires stands again', async () => {
    const path = `/strato/leadership/${++groups}`;
    const a = await member(path, 'a');
    const b = await member(path, 'b');
    await waitFor(() => a.leadership.canAct());
    // Stop the server for longer than the session timeout: both sessions expire.
    await zk.stop();
    await waitFor(() => a.leadership.role === 'lost', { timeoutMs: SESSION_MS * 3 });
    expect(a.leadership.canAct()).toBe(false);
    await zk.restart();
    await waitFor(() => b.log.includes('rejoined'), { timeoutMs: 20_000 });
    await waitFor(() => b.leadership.canAct(), { timeoutMs: 20_000 });
    expect(a.leadership.role).toBe('lost');
  }, 60_000);
});
