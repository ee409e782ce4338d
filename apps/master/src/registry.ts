import { KeyValueStore } from '@strato/coordination';

/** What the master persists: agents it admitted and frameworks that subscribed (Mesos' registry, plus frameworks). */
export interface RegistryAgent {
  readonly id: string;
  readonly hostname: string;
  readonly port: number;
  readonly resources: string;
  readonly attributes: string;
  /** Seconds since the epoch when it was marked unreachable, if it is. */
  readonly unreachableTime?: number;
}

export interface RegistryFramework {
  readonly id: string;
  readonly name: string;
  readonly user: string;
  readonly roles: readonly string[];
  readonly failoverTimeoutMs: number;
  readonly capabilities: readonly string[];
  readonly registeredTime: number;
}

/** The small record beside the agents and frameworks: id sequences and removed frameworks. */
export interface RegistryMeta {
  readonly agentSequence: number;
  readonly frameworkSequence: number;
  /** Ids of frameworks that were torn down or timed out; they may not subscribe again. */
  readonly removedFrameworks: readonly string[];
}

const EMPTY_META: RegistryMeta = { agentSequence: 0, frameworkSequence: 0, removedFrameworks: [] };
const MAX_REMOVED_FRAMEWORKS = 1000;
export const META_KEY = 'meta';
export const AGENTS = 'agents';
export const FRAMEWORKS = 'frameworks';

/**
 * Store keys allow `[A-Za-z0-9._:-]` segments; framework ids come from schedulers and may hold
 * anything, so every other byte (and `.` and `:`) is written as `:hh`. Our own ids pass unchanged.
 */
export function recordKey(category: string, id: string): string {
  const safe = Buffer.from(id, 'utf8').reduce((out, byte) => {
    const c = String.fromCharCode(byte);
    return out + (/[A-Za-z0-9_-]/.test(c) ? c : `:${byte.toString(16).padStart(2, '0')}`);
  }, '');
  return `${category}/${safe || ':'}`;
}

/** One write of a key: the latest value given while it waited, and the promise every caller got. */
interface Pending {
  value: Buffer | undefined;
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** One key's writes: the one in flight, and the one waiting behind it (later values replace its value). */
interface KeySlot {
  inFlight?: Pending;
  queued?: Pending;
}

function pending(value: Buffer | undefined): Pending {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // fire-and-forget callers are covered by onFailure
  return { value, promise, resolve, reject };
}

/**
 * The master's registry: one record per agent (`agents/<id>`), one per framework (`frameworks/<id>`)
 * and a small `meta` record, in a `KeyValueStore` (files standalone, ZooKeeper in HA). Records stay
 * small so a failover where 1,000 agents re-register costs 1,000 small writes at most (and none
 * for an agent that comes back unchanged).
 *
 * The in-memory view changes at once; every change returns a promise that resolves once the store
 * made it durable, and the master answers (Registered, SUBSCRIBED, …) only then. Writes to one key
 * run one at a time in call order; while one is in flight, later values for that key coalesce into
 * the next write (its promise covers every caller that waited). A failed write is reported to
 * `onFailure`: the master then stops (as Mesos aborts when its registrar fails), since its memory
 * is ahead of what is durable.
 */
export class Registry {
  private meta: RegistryMeta = EMPTY_META;
  private readonly agentRecords = new Map<string, RegistryAgent>();
  private readonly frameworkRecords = new Map<string, RegistryFramework>();
  private removed = new Set<string>();
  private store?: KeyValueStore;
  private readonly slots = new Map<string, KeySlot>();
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly onFailure: (error: unknown) => void = () => undefined) {}

  /** Reads every record from `store` and writes there from now on. */
  async load(store: KeyValueStore): Promise<this> {
    const metaRaw = await store.get(META_KEY);
    const meta = metaRaw ? { ...EMPTY_META, ...(JSON.parse(metaRaw.toString('utf8')) as Partial<RegistryMeta>) } : EMPTY_META;
    const agents = await readAll<RegistryAgent>(store, AGENTS);
    const frameworks = await readAll<RegistryFramework>(store, FRAMEWORKS);
    this.meta = meta;
    this.removed = new Set(meta.removedFrameworks);
    this.agentRecords.clear();
    for (const a of agents) this.agentRecords.set(a.id, a);
    this.frameworkRecords.clear();
    for (const f of frameworks) this.frameworkRecords.set(f.id, f);
    this.store = store;
    return this;
  }

  get agents(): readonly RegistryAgent[] {
    return [...this.agentRecords.values()];
  }

  get frameworks(): readonly RegistryFramework[] {
    return [...this.frameworkRecords.values()];
  }

  get sequences(): Pick<RegistryMeta, 'agentSequence' | 'frameworkSequence'> {
    return { agentSequence: this.meta.agentSequence, frameworkSequence: this.meta.frameworkSequence };
  }

  framework(id: string): RegistryFramework | undefined {
    return this.frameworkRecords.get(id);
  }

  agent(id: string): RegistryAgent | undefined {
    return this.agentRecords.get(id);
  }

  /** Takes the next agent number; callers wait for `putAgent`, which also covers this. */
  nextAgentNumber(): number {
    this.meta = { ...this.meta, agentSequence: this.meta.agentSequence + 1 };
    void this.writeMeta();
    return this.meta.agentSequence;
  }

  nextFrameworkNumber(): number {
    this.meta = { ...this.meta, frameworkSequence: this.meta.frameworkSequence + 1 };
    void this.writeMeta();
    return this.meta.frameworkSequence;
  }

  /**
   * Records the agent; resolves once it (and the meta written before it) is durable. Writes nothing
   * when the record is unchanged: it then resolves once any write still pending for it has.
   */
  putAgent(agent: RegistryAgent): Promise<void> {
    const record = definedOnly(agent);
    const key = recordKey(AGENTS, agent.id);
    if (sameJson(this.agentRecords.get(agent.id), record)) return this.pendingFor([key, META_KEY]);
    this.agentRecords.set(agent.id, record);
    return Promise.all([this.write(key, record), this.pendingFor([META_KEY])]).then(() => undefined);
  }

  putFramework(framework: RegistryFramework): Promise<void> {
    const record = definedOnly(framework);
    const key = recordKey(FRAMEWORKS, framework.id);
    if (sameJson(this.frameworkRecords.get(framework.id), record)) return this.pendingFor([key, META_KEY]);
    this.frameworkRecords.set(framework.id, record);
    return Promise.all([this.write(key, record), this.pendingFor([META_KEY])]).then(() => undefined);
  }

  /** Forgets the framework for good: it may not subscribe again. */
  removeFramework(id: string): Promise<void> {
    this.frameworkRecords.delete(id);
    const removedFrameworks = [...this.meta.removedFrameworks.filter((r) => r !== id), id].slice(-MAX_REMOVED_FRAMEWORKS);
    this.removed = new Set(removedFrameworks);
    this.meta = { ...this.meta, removedFrameworks };
    return Promise.all([this.write(recordKey(FRAMEWORKS, id), undefined), this.writeMeta()]).then(() => undefined);
  }

  isRemovedFramework(id: string): boolean {
    return this.removed.has(id);
  }

  /** Resolves once no write is pending (writes that fail resolve it too: `onFailure` has them). */
  idle(): Promise<void> {
    if (this.slots.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private writeMeta(): Promise<void> {
    return this.write(META_KEY, this.meta);
  }

  /** Resolves once whatever is queued or in flight for these keys is durable. */
  private pendingFor(keys: readonly string[]): Promise<void> {
    const waits = keys.map((key) => {
      const slot = this.slots.get(key);
      return (slot?.queued ?? slot?.inFlight)?.promise;
    });
    return Promise.all(waits).then(() => undefined);
  }

  private write(key: string, record: object | undefined): Promise<void> {
    const store = this.store;
    if (!store) return Promise.reject(new Error('the registry is not loaded (this master does not lead)'));
    const value = record === undefined ? undefined : encode(record);
    let slot = this.slots.get(key);
    if (!slot) {
      slot = {};
      this.slots.set(key, slot);
    }
    if (slot.queued) slot.queued.value = value;
    else slot.queued = pending(value);
    const { promise } = slot.queued;
    if (!slot.inFlight) void this.drain(store, key, slot);
    return promise;
  }

  private async drain(store: KeyValueStore, key: string, slot: KeySlot): Promise<void> {
    while (slot.queued) {
      const write = slot.queued;
      slot.inFlight = write;
      slot.queued = undefined;
      try {
        await (write.value === undefined ? store.delete(key) : store.put(key, write.value));
        write.resolve();
      } catch (error) {
        write.reject(error);
        this.onFailure(error);
      }
    }
    slot.inFlight = undefined;
    this.slots.delete(key);
    if (this.slots.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

/** Reads in flight at once while loading: a new leader reads 1,000 agents in ~0.2 s instead of ~0.7 s in sequence. */
const PARALLEL_READS = 256;

async function readAll<T>(store: KeyValueStore, category: string): Promise<T[]> {
  const names = await store.children(category);
  const out: T[] = [];
  for (let i = 0; i < names.length; i += PARALLEL_READS) {
    const raws = await Promise.all(names.slice(i, i + PARALLEL_READS).map((name) => store.get(`${category}/${name}`)));
    for (const raw of raws) if (raw) out.push(JSON.parse(raw.toString('utf8')) as T);
  }
  return out;
}

function encode(record: object): Buffer {
  return Buffer.from(JSON.stringify(record));
}

function sameJson(a: object | undefined, b: object): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/** Drops undefined fields, so a record compares equal to the same record read back from JSON. */
function definedOnly<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}
