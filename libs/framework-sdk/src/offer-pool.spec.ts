import { sequentialIds } from '@strato/clock';
import type { Offer, TaskInfo } from '@strato/domain';
import { unavailable } from '@strato/errors';
import { Resources } from '@strato/resources';
import { OfferPool, OfferSink } from './offer-pool';
import type { Filters } from './types';

const offer = (id: string, resources: string, hostname = `host-${id}`): Offer => ({
  id,
  frameworkId: 'fw-1',
  agentId: `agent-${id}`,
  hostname,
  resources: Resources.parse(resources),
  attributes: [],
  role: '*',
});

class RecordingSink implements OfferSink {
  readonly launches: { offerIds: string[]; taskIds: string[]; filters?: Filters }[] = [];
  readonly declines: { offerIds: string[]; filters?: Filters }[] = [];
  failLaunch = false;
  async launch(offerIds: string | readonly string[], tasks: readonly TaskInfo[], filters?: Filters): Promise<void> {
    this.launches.push({ offerIds: [offerIds].flat(), taskIds: tasks.map((t) => t.taskId), filters });
    if (this.failLaunch) throw unavailable('master down');
  }
  async decline(offerIds: string | readonly string[], filters?: Filters): Promise<void> {
    this.declines.push({ offerIds: [offerIds].flat(), filters });
  }
}

const small = { name: 'w', cpus: 1, mem: 100, command: 'run' };

describe('OfferPool', () => {
  it('fills offers in arrival order and tracks what is left of each', () => {
    const pool = new OfferPool([offer('a', 'cpus:2;mem:250'), offer('b', 'cpus:4;mem:1000')], { ids: sequentialIds('t') });
    const placed = [pool.place(small), pool.place(small), pool.place(small)];
    expect(placed.map((p) => (p.ok ? `${p.task.taskId}@${p.offer.id}` : 'none'))).toEqual(['t0@a', 't1@a', 't2@b']);
    expect(pool.remaining('a')?.toString()).toBe('mem:50');
    expect(pool.remaining('b')?.toString()).toBe('cpus:3;mem:900');
  });

  it('explains why no offer could take a task', () => {
    const pool = new OfferPool([offer('a', 'cpus:0.5;mem:1000'), offer('b', 'cpus:4;mem:50')]);
    const placement = pool.place(small);
    expect(placement.ok).toBe(false);
    if (placement.ok) return;
    expect(placement.rejections.map((r) => r.message)).toEqual([
      'offer a on host-a: cpus: wanted 1, available 0.5',
      'offer b on host-b: mem: wanted 100, available 50',
    ]);
    expect(placement.message).toMatch(/^task 'w' fits no offer: offer a on host-a: cpus/);
    expect(new OfferPool().place(small)).toMatchObject({ ok: false, message: "task 'w' fits no offer: no offers" });
  });

  it('honours a placement rule', () => {
    const pool = new OfferPool([offer('a', 'cpus:4;mem:1000'), offer('b', 'cpus:4;mem:1000')]);
    const placement = pool.place(small, (o) => o.hostname === 'host-b');
    expect(placement.ok && placement.offer.id).toBe('b');
    const refused = pool.place(small, () => false);
    expect(!refused.ok && refused.rejections.map((r) => r.shortfalls.length)).toEqual([0, 0]);
  });

  it('submits one launch per used offer, declines the others, and empties itself', async () => {
    const pool = new OfferPool([offer('a', 'cpus:2;mem:200'), offer('b', 'cpus:1;mem:10'), offer('c', 'cpus:1;mem:10')], { ids: sequentialIds('t') });
    pool.place(small);
    pool.place(small);
    const sink = new RecordingSink();
    const result = await pool.submit(sink, { refuseMs: 10_000 });
    expect(sink.launches).toEqual([{ offerIds: ['a'], taskIds: ['t0', 't1'], filters: { refuseMs: 10_000 } }]);
    expect(sink.declines).toEqual([{ offerIds: ['b', 'c'], filters: { refuseMs: 10_000 } }]);
    expect(result.declined.map((o) => o.id)).toEqual(['b', 'c']);
    expect(result.failed).toEqual([]);
    expect(result.launches.map((l) => l.offer.id)).toEqual(['a']);
    expect(pool.size).toBe(0);
  });

  it('forgets rescinded offers with their tasks', async () => {
    const pool = new OfferPool([offer('a', 'cpus:2;mem:200')]);
    const placement = pool.place(small);
    expect(pool.remove('a').map((t) => t.taskId)).toEqual([placement.ok ? placement.task.taskId : '?']);
    const sink = new RecordingSink();
    await pool.submit(sink);
    expect(sink.launches).toEqual([]);
    expect(sink.declines).toEqual([]);
  });

  it('reports each failed launch with its tasks and still declines the rest', async () => {
    const pool = new OfferPool([offer('a', 'cpus:2;mem:200'), offer('b', 'cpus:1;mem:1')], { ids: sequentialIds('t') });
    pool.place(small);
    const sink = new RecordingSink();
    sink.failLaunch = true;
    const result = await pool.submit(sink);
    expect(result.failed.map((f) => [f.offer.id, f.tasks.map((t) => t.taskId), (f.error as Error).message])).toEqual([['a', ['t0'], 'master down']]);
    expect(sink.declines).toEqual([{ offerIds: ['b'], filters: undefined }]);
  });
});
