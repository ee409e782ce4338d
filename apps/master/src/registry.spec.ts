import { KeyValueStore, MemoryStore, StoreOp } from '@strato/coordination';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@strato/testing';
import { AGENT_SHARDS, agentShard, recordKey, Registry } from './registry';
import { openLocalRegistryStore } from './registry-store';
import { createLogger } from '@strato/service';
import { masterConfig } from './flags';
import { Master } from './master';
import { masterHarness } from './testing/master-harness';

/** A MemoryStore whose writes wait until released, recording each one. */
class GatedStore implements KeyValueStore {
  readonly inner = new MemoryStore();
  readonly writes: string[] = [];
  private readonly held: (() => void)[] = [];
  hold = false;
  get = (key: string) => this.inner.get(key);
  children = (prefix: string) => this.inner.children(prefix);
  put(key: string, value: Buffer): Promise<void> {
    return this.gate(`put ${key} ${value.toString()}`, () => this.inner.put(key, value));
  }
  delete(key: string): Promise<void> {
    return this.gate(`delete ${key}`, () => this.inner.delete(key));
  }
  batch(ops: readonly StoreOp[]): Promise<void> {
    return this.gate('batch', () => this.inner.batch(ops));
  }
  release(): void {
    for (const go of this.held.splice(0)) go();
  }
  private async gate(what: string, write: () => Promise<void>): Promise<void> {
    this.writes.push(what);
    if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
    await write();
  }
}

const agent = (id: string, resources = 'cpus:1') => ({ id, hostname: 'h', port: 5051, resources, attributes: '' });

describe('Registry', () => {
  it('answers only once the write is durable, coalesces writes to one key in order, and skips unchanged records', async () => {
    const store = new GatedStore();
    const registry = await new Registry().load(store);
    store.hold = true;
    let durable = false;
    void registry.putAgent(agent('a1', 'cpus:1')).then(() => (durable = true));
    void registry.putAgent(agent('a1', 'cpus:2'));
    const last = registry.putAgent(agent('a1', 'cpus:3'));
    expect(registry.agent('a1')?.resources).toBe('cpus:3'); // memory is ahead at once
    await Promise.resolve();
    expect(durable).toBe(false);
    const shard = `agent-shards/${agentShard('a1')}`;
    expect(store.writes.filter((w) => w.startsWith('put agent'))).toEqual([`put ${shard} ${JSON.stringify({ agents: [agent('a1', 'cpus:1')] })}`]);
    store.release();
    await waitForWrites(store, 2);
    store.release();
    await last;
    expect(durable).toBe(true);
    expect(store.writes.filter((w) => w.startsWith('put agent')).map((w) => JSON.parse(w.split(' ')[2]).agents[0].resources)).toEqual(['cpus:1', 'cpus:3']);
    const before = store.writes.length;
    store.hold = false;
    await registry.putAgent(agent('a1', 'cpus:3'));
    expect(store.writes.length).toBe(before);
    expect(JSON.parse((await store.get(shard))!.toString()).agents[0].resources).toBe('cpus:3');
  });

  it('keeps agents in 64 shards: a burst of registrations coalesces into a write per shard, and a reload reads them all', async () => {
    const store = new GatedStore();
    const registry = await new Registry().load(store);
    store.hold = true;
    const ids = Array.from({ length: 500 }, (_, i) => `m-S${i}`);
    const done = Promise.all(ids.map((id) => registry.putAgent(agent(id))));
    await Promise.resolve();
    const first = store.writes.length;
    expect(first).toBeLessThanOrEqual(AGENT_SHARDS); // one write in flight per shard; the rest wait behind it
    store.hold = false;
    store.release();
    await done;
    expect(store.writes.length).toBeLessThanOrEqual(2 * AGENT_SHARDS); // each shard once more, with everything that queued
    expect(new Set(ids.map(agentShard)).size).toBeGreaterThan(AGENT_SHARDS / 2); // the hash spreads them
    const again = await new Registry().load(store);
    expect(again.agents.map((a) => a.id).sort()).toEqual([...ids].sort());
  });

  it('moves agents of the one-node-per-agent layout into shards once, in one batch', async () => {
    const store = new GatedStore();
    await store.inner.put('agents/a1', Buffer.from(JSON.stringify(agent('a1'))));
    await store.inner.put('agents/a2', Buffer.from(JSON.stringify(agent('a2', 'cpus:2'))));
    const registry = await new Registry().load(store);
    expect(store.writes).toEqual(['batch']);
    expect(await store.children('agents')).toEqual([]);
    expect(registry.agents.map((a) => a.id).sort()).toEqual(['a1', 'a2']);
    const again = await new Registry().load(store);
    expect(again.agent('a2')?.resources).toBe('cpus:2');
    expect(store.writes).toEqual(['batch']);
  });

  it('keeps frameworks, sequences and removed ids across a reload; odd framework ids become safe keys', async () => {
    const store = new MemoryStore();
    const registry = await new Registry().load(store);
    expect(registry.nextFrameworkNumber()).toBe(1);
    const fw = { id: 'my fw/1', name: 'x', user: 'u', roles: ['*'], failoverTimeoutMs: 1000, capabilities: [], registeredTime: 1 };
    await registry.putFramework(fw);
    await registry.putFramework({ ...fw, id: 'gone' });
    await registry.removeFramework('gone');
    expect(recordKey('frameworks', 'my fw/1')).toBe('frameworks/my:20fw:2f1');
    const again = await new Registry().load(store);
    expect(again.frameworks).toEqual([fw]);
    expect(again.sequences.frameworkSequence).toBe(1);
    expect(again.isRemovedFramework('gone')).toBe(true);
  });

  it('imports the registry.json of an older master once', async () => {
    const workDir = tempDir('strato-master-legacy-');
    writeFileSync(join(workDir, 'registry.json'), JSON.stringify({ agentSequence: 4, frameworkSequence: 2, agents: { a1: agent('a1') }, frameworks: {}, removedFrameworks: ['old'] }));
    const store = await openLocalRegistryStore(workDir);
    const registry = await new Registry().load(store);
    expect(registry.agents.map((a) => a.id)).toEqual(['a1']);
    expect(registry.sequences.agentSequence).toBe(4);
    expect(registry.isRemovedFramework('old')).toBe(true);
    await store.close();
  });
});

describe('master registry', () => {
  it('a restarted master recovers its agents and frameworks; an unchanged agent re-registers without a write', async () => {
    const store = new GatedStore();
    const first = await masterHarness([], store);
    const { record: a } = await first.registerAgent('a', 'cpus:4;mem:4096');
    const { record: f } = await first.subscribe();

    const second = await masterHarness([], store);
    expect(second.state.agents.get(a.id)?.state).toBe('recovered');
    expect(second.state.frameworks.get(f.id)?.state).toBe('inactive');
    const writes = store.writes.length;
    const link = { send: () => undefined, close: () => undefined };
    const { ready } = second.master.agents.reregister({ ...second.agentInfo('a', 'cpus:4;mem:4096'), id: a.id }, [], [], link);
    await ready;
    expect(second.state.agents.get(a.id)?.state).toBe('active');
    expect(store.writes.length).toBe(writes);
  });

  it('a standalone master keeps its registry in <work_dir>/registry across restarts', async () => {
    const workDir = tempDir('strato-master-standalone-');
    const start = async () => {
      const master = new Master(masterConfig(['node', 'm', '--ip=127.0.0.1', '--port=0', '--grpc_port=0', `--work_dir=${workDir}`]), { logger: createLogger('t', 'silent') });
      await master.start();
      return master;
    };
    const first = await start();
    try {
      expect(first.ctx.gate.role).toBe('standalone');
      const h = await masterHarness();
      const { agent, ready } = first.agents.register(h.agentInfo('a', 'cpus:1;mem:64'), { send: () => undefined, close: () => undefined });
      await ready;
      await first.stop();
      const second = await start();
      expect(second.ctx.state.agents.get(agent.id)?.state).toBe('recovered');
      await second.stop();
    } finally {
      await first.stop();
    }
  });

  it('sends Registered only once the agent is durable', async () => {
    const store = new GatedStore();
    const h = await masterHarness([], store);
    store.hold = true;
    const pending = h.registerAgent('a', 'cpus:1;mem:64');
    await Promise.resolve();
    expect([...h.state.agents.values()].map((x) => x.link)).toEqual([undefined]);
    store.release();
    await waitForWrites(store, 2);
    store.release();
    const { link } = await pending;
    expect(link.ofCase('registered')).toHaveLength(1);
  });
});

/** Lets queued microtasks run until the store has seen `count` writes (bounded: no timers involved). */
async function waitForWrites(store: GatedStore, count: number): Promise<void> {
  for (let i = 0; i < 100 && store.writes.length < count; i++) await Promise.resolve();
  if (store.writes.length < count) throw new Error(`expected ${count} writes, saw ${store.writes.join('; ')}`);
}
