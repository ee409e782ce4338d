import { startZooKeeper, TestZooKeeper, waitFor } from '@strato/testing';
import { LeaderDetector } from './leader-detector';
import { LeaderElection, LostReason } from './leader-election';
import { ZkSession } from './zk-session';

const SESSION_MS = 2_000;
const RESTART_PROOF_MS = 12_000;
let zk: TestZooKeeper;
const sessions: ZkSession[] = [];
const detectors: LeaderDetector[] = [];
let groups = 0;

async function session(sessionTimeoutMs = SESSION_MS): Promise<ZkSession> {
  const s = await ZkSession.connect({ servers: zk.connectString, sessionTimeoutMs });
  sessions.push(s);
  return s;
}

interface Candidate {
  readonly name: string;
  readonly session: ZkSession;
  readonly election: LeaderElection;
  readonly log: string[];
}

async function candidate(path: string, name: string, sessionTimeoutMs = SESSION_MS): Promise<Candidate> {
  const s = await session(sessionTimeoutMs);
  const election = new LeaderElection({ path, prefix: 'json.info_', data: { name } });
  const log: string[] = [];
  election.on('elected', () => log.push('elected'));
  election.on('lost', (reason: LostReason) => log.push(`lost:${reason}`));
  await election.join(s);
  return { name, session: s, election, log };
}

async function detector(path: string, sessionTimeoutMs = SESSION_MS): Promise<{ detector: LeaderDetector; seen: (string | undefined)[] }> {
  const d = new LeaderDetector(path, 'json.info_');
  detectors.push(d);
  const seen: (string | undefined)[] = [];
  d.on('change', (data?: { name: string }) => seen.push(data?.name));
  await d.start(await session(sessionTimeoutMs));
  return { detector: d, seen };
}

const leaders = (cs: readonly Candidate[]) => cs.filter((c) => c.election.leading).map((c) => c.name);

beforeAll(async () => {
  zk = await startZooKeeper();
});

afterAll(async () => {
  for (const d of detectors) d.stop();
  for (const s of sessions) s.close();
  await zk?.stop();
});

describe('LeaderElection and LeaderDetector', () => {
  it('elects exactly one of three candidates, the first to join, and the detector reports it', async () => {
    const path = `/strato/election/${++groups}`;
    const { seen } = await detector(path);
    const cs = [await candidate(path, 'a'), await candidate(path, 'b'), await candidate(path, 'c')];
    expect(leaders(cs)).toEqual(['a']);
    expect(cs.map((c) => c.log)).toEqual([['elected'], [], []]);
    expect(cs[0].election.node).toMatch(new RegExp(`^${path}/json\\.info_\\d{10}$`));
    expect(JSON.parse((await cs[0].session.get(cs[0].election.node!)).data.toString())).toEqual({ name: 'a' });
    await waitFor(() => seen.at(-1) === 'a', { description: 'the detector to see a' });
    expect(seen).toEqual([undefined, 'a'].slice(seen[0] === undefined ? 0 : 1));
  });

  it('elects the next candidate when the leader closes its session or withdraws, and the detector follows', async () => {
    const path = `/strato/election/${++groups}`;
    const cs = [await candidate(path, 'a'), await candidate(path, 'b'), await candidate(path, 'c')];
    const { detector: d, seen } = await detector(path);
    expect(d.leader?.data).toEqual({ name: 'a' });
    cs[0].session.close();
    await waitFor(() => cs[1].election.leading, { timeoutMs: 5_000, description: 'b to be elected' });
    expect(leaders(cs)).toEqual(['b']);
    await waitFor(() => seen.at(-1) === 'b', { timeoutMs: 5_000, description: 'the detector to see b' });
    await cs[1].election.withdraw();
    expect(cs[1].election.leading).toBe(false);
    await waitFor(() => cs[2].election.leading, { timeoutMs: 5_000, description: 'c to be elected' });
    await waitFor(() => seen.at(-1) === 'c', { timeoutMs: 5_000, description: 'the detector to see c' });
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(cs.map((c) => c.log)).toEqual([['elected', 'lost:session-closed'], ['elected'], ['elected']]);
  });

  it('a middle candidate leaving changes nothing but the watch chain', async () => {
    const path = `/strato/election/${++groups}`;
    const cs = [await candidate(path, 'a'), await candidate(path, 'b'), await candidate(path, 'c')];
    cs[1].session.close();
    await waitFor(async () => (await cs[0].session.children(path)).length === 2, { description: 'b to go' });
    expect(leaders(cs)).toEqual(['a']);
    cs[0].session.close();
    await waitFor(() => cs[2].election.leading, { timeoutMs: 5_000, description: 'c to be elected' });
  });

  it('keeps sessions, leadership and detection across a ZooKeeper restart with its data', async () => {
    const path = `/strato/election/${++groups}`;
    // Sessions that outlast the restart even on a busy machine (the JVM alone takes seconds to start).
    const cs = [await candidate(path, 'a', RESTART_PROOF_MS), await candidate(path, 'b', RESTART_PROOF_MS)];
    const { seen } = await detector(path, RESTART_PROOF_MS);
    await zk.restart();
    await waitFor(() => cs.every((c) => c.session.state === 'connected'), { timeoutMs: 20_000, description: 'the sessions to reconnect' });
    expect(leaders(cs)).toEqual(['a']);
    cs[0].session.close();
    await waitFor(() => cs[1].election.leading, { timeoutMs: 5_000, description: 'b to be elected after the restart' });
    await waitFor(() => seen.at(-1) === 'b', { timeoutMs: 5_000, description: 'the detector to see b' });
    expect(cs.map((c) => c.log)).toEqual([['elected', 'lost:session-closed'], ['elected']]);
  }, 40_000);

  it('a candidate whose session expires while ZooKeeper is away gets lost at once, before any reconnect, and can join again', async () => {
    const path = `/strato/election/${++groups}`;
    const cs = [await candidate(path, 'a'), await candidate(path, 'b')];
    const { seen } = await detector(path);
    const expired: string[] = [];
    cs[0].session.on('expired', (reason: string) => expired.push(reason));
    const stoppedAt = Date.now();
    await zk.stop();
    await waitFor(() => cs.every((c) => c.log.at(-1) === 'lost:session-expired'), { timeoutMs: SESSION_MS + 3_000, description: 'both candidates to get lost' });
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(SESSION_MS - 100);
    expect(zk.running).toBe(false); // lost came while ZooKeeper was still down
    expect(expired).toEqual(['timeout']);
    expect(leaders(cs)).toEqual([]);
    expect(seen.at(-1)).toBeUndefined();

    await zk.restart({ wipe: true });
    const again = await session();
    await cs[1].election.join(again);
    expect(cs[1].election.leading).toBe(true);
    expect(cs.map((c) => c.log)).toEqual([['elected', 'lost:session-expired'], ['lost:session-expired', 'elected']]);
  }, 20_000);

  it('reports the server saying the session expired (a server that lost its data) as lost', async () => {
    const path = `/strato/election/${++groups}`;
    const s = await session(8_000); // longer than the restart takes: the server, not the timer, says it
    const election = new LeaderElection({ path, data: { name: 'solo' } });
    const lost: string[] = [];
    election.on('lost', (reason: string) => lost.push(reason));
    const expired: string[] = [];
    const t0 = Date.now();
    const events: string[] = [];
    for (const e of ['connected', 'disconnected', 'expired']) s.on(e, () => events.push(`${e} ${Date.now() - t0}`));
    s.on('expired', (reason: string) => expired.push(reason));
    await election.join(s);
    expect(election.leading).toBe(true);
    const lastSeen = (await s.exists(election.node!))!.czxid; // the session's last write
    await zk.restart({ wipe: true });
    events.push(`restarted ${Date.now() - t0}`);
    // The server refuses a client that has seen a later zxid than its own ("client must try another
    // server"): write past the old zxid so the client gets back in and is told its session is gone.
    const helper = await session();
    await helper.mkdirp('/pump');
    while ((await helper.set('/pump', Buffer.alloc(0))).mzxid <= lastSeen);
    events.push(`pumped ${Date.now() - t0}`);
    await waitFor(() => lost.length > 0, { timeoutMs: 8_000, description: 'lost after the server forgot the session' });
    expect(lost).toEqual(['session-expired']);
    expect([expired, events]).toEqual([['server'], events]); // the timeline shows in a failure
    expect(election.leading).toBe(false);
    expect(s.state).toBe('expired');
    await expect(s.exists('/')).rejects.toThrow(/session expired/);
  }, 20_000);
});
